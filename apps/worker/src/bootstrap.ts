import { AppConfig } from '@app/config';
import { LogDestination, LoggingModule, MetricsModule } from '@app/observability';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

export interface WorkerOptions {
  /** Where JSON log lines go instead of stdout (tests capture them). */
  logs?: LogDestination;
}

/** The process around the worker: its logger and its metrics (send latency) next to the worker module. */
@Module({})
class WorkerProcessModule {}

/**
 * Builds the worker. Signals are `main.ts`'s business: Nest's own shutdown hooks re-raise the
 * signal after closing, which would end the process with 143 instead of 0.
 */
export async function createWorker(config?: AppConfig, options: WorkerOptions = {}): Promise<INestApplicationContext> {
  const root = {
    module: WorkerProcessModule,
    imports: [LoggingModule.forRoot({ app: 'worker', destination: options.logs }), MetricsModule.forRoot('worker'), WorkerModule.forRoot(config)],
  };
  const app = await NestFactory.createApplicationContext(root, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
