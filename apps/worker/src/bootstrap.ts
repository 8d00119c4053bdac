import { AppConfig, logLevels } from '@app/config';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

export async function createWorker(config?: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: logLevels(config?.logLevel ?? process.env.LOG_LEVEL ?? 'info'),
  });
  app.enableShutdownHooks();
  return app;
}
