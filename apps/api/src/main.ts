import 'reflect-metadata';
import { AppConfig, ConfigError, configFromProcess } from '@app/config';
import { Logger } from '@nestjs/common';
import { createApiApp } from './bootstrap';

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
  new Logger('API').log(`breachcast API listening on port ${config.port}; public base ${config.publicBaseUrl}`);
}

void main();
