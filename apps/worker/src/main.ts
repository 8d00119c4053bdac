import 'reflect-metadata';
import { configFromProcessOrExit } from '@app/config';
import { exitUnlessSchemaReady } from '@app/database';
import { exitCleanlyOnSignals } from '@app/observability';
import { Logger } from '@nestjs/common';
import { createWorker } from './bootstrap';
import { startHeartbeatFile } from './heartbeat-file';
import { lowerPriority } from './nice';

async function main(): Promise<void> {
  const config = configFromProcessOrExit();
  const logger = new Logger('Worker');
  if (config.workerNice > 0) {
    // Before the first connection and thread: what starts later inherits the priority.
    const failed = lowerPriority(config.workerNice);
    if (failed) logger.warn(`could not lower the CPU priority to nice ${config.workerNice}: ${failed}`);
    else logger.log(`CPU priority lowered to nice ${config.workerNice}`);
  }
  await exitUnlessSchemaReady(config.databaseUrl);
  const app = await createWorker(config);
  logger.log(`breachcast worker started (pid ${process.pid})`);
  if (config.workerHeartbeatFile) startHeartbeatFile(config.workerHeartbeatFile, (message) => logger.warn(message));
  // SIGTERM: stop taking jobs, let the sends in flight finish (WorkerModule.beforeApplicationShutdown),
  // then Nest closes the queues, the SMTP pool and the database pool; then exit 0.
  exitCleanlyOnSignals(app, logger, 'finishing jobs in flight');
}

void main();
