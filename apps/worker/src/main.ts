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
  logger.log(`breachcast worker started (pid ${process.pid})`);
  // SIGTERM: stop taking jobs, let the sends in flight finish (WorkerModule.beforeApplicationShutdown),
  // then Nest closes the queues, the SMTP pool and the database pool; then exit 0.
  const stop = (signal: NodeJS.Signals) => {
    const started = Date.now();
    logger.log(`${signal} received: finishing jobs in flight`);
    app.close().then(
      () => {
        logger.log(`stopped cleanly in ${Date.now() - started} ms`);
        process.exit(0);
      },
      (error: Error) => {
        logger.error(`shutdown failed: ${error.stack ?? error.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
