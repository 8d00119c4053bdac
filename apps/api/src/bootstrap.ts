import { AppConfig } from '@app/config';
import { logLevels } from '@app/config';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from './api.module';
import { configureBodies } from './http/body';

/** Builds the HTTP app; `main.ts` listens, tests call this with their own config. */
export async function createApiApp(config?: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bodyParser: false,
    logger: logLevels(config?.logLevel ?? process.env.LOG_LEVEL ?? 'info'),
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  configureBodies(app);
  app.enableShutdownHooks();
  return app;
}
