import { AppConfig } from '@app/config';
import { countHttpRequests, LogDestination, LoggingModule, MetricsService } from '@app/observability';
import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { configureBodies } from './http/body';
import { securityHeaders } from './http/security-headers';
import { setupApiDocs } from './ops/api-docs';
import cookieParser from 'cookie-parser';

export interface ApiAppOptions {
  /** Where JSON log lines go instead of stdout (tests capture them). */
  logs?: LogDestination;
}

/** The process around the API: its logger next to the API module. */
@Module({})
class ApiProcessModule {}

/** Builds the HTTP app; `main.ts` listens, tests call this with their own config. */
export async function createApiApp(config?: AppConfig, options: ApiAppOptions = {}): Promise<INestApplication> {
  const root = { module: ApiProcessModule, imports: [LoggingModule.forRoot({ app: 'api', destination: options.logs }), ApiModule.forRoot(config)] };
  const app = await NestFactory.create<NestExpressApplication>(root, { bodyParser: false, bufferLogs: true });
  // Nest's Logger API everywhere, written as masked JSON lines by pino.
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // First, so requests refused by the body rules (413, 415) are counted too, and carry the security headers.
  app.use(countHttpRequests(app.get(MetricsService)));
  app.use(securityHeaders());
  app.use(cookieParser());
  configureBodies(app);
  setupApiDocs(app);
  return app;
}
