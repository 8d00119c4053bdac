import 'reflect-metadata';
import { ConfigError, configFromProcess } from '@app/config';
import { Logger } from '@nestjs/common';
import { createWorker } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = configFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createWorker(config);
  const logger = new Logger('Worker');
  logger.log('breachcast worker started');
  // SIGTERM: Nest closes the queues (Bull waits for the jobs in flight), then the pools; then we exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => logger.log(`${signal} received: finishing jobs in flight`));
  }
  void app;
}

void main();
