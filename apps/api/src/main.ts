import 'reflect-metadata';
import { AppConfig, ConfigError, configFromProcess } from '@app/config';
import { Logger } from '@nestjs/common';
import { createApiApp } from './bootstrap';
import { DOCS_PATH } from './ops/api-docs';
import { QUEUES_BOARD_PATH } from './ops/queues-board.module';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = configFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApiApp(config);
  await app.listen(config.port);
  const logger = new Logger('API');
  logger.log(`breachcast API listening on port ${config.port}; public base ${config.publicBaseUrl}`);
  logger.log(`OpenAPI at ${config.publicBaseUrl}/${DOCS_PATH}, metrics at /metrics, queues at ${QUEUES_BOARD_PATH} (admin key)`);
}

void main();
