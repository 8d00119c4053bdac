import 'reflect-metadata';
import { configFromProcessOrExit } from '@app/config';
import { exitCleanlyOnSignals } from '@app/observability';
import { Logger } from '@nestjs/common';
import { createApiApp } from './bootstrap';
import { DOCS_PATH } from './ops/api-docs';
import { QUEUES_BOARD_PATH } from './ops/queues-board.module';

async function main(): Promise<void> {
  const config = configFromProcessOrExit();
  const app = await createApiApp(config);
  await app.listen(config.port);
  const logger = new Logger('API');
  logger.log(`breachcast API listening on port ${config.port}; public base ${config.publicBaseUrl}`);
  exitCleanlyOnSignals(app, logger, 'finishing requests in flight');
  logger.log(`OpenAPI at ${config.publicBaseUrl}/${DOCS_PATH}, metrics at /metrics, queues at ${QUEUES_BOARD_PATH} (admins)`);
}

void main();
