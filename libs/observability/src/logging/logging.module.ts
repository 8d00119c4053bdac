import { APP_CONFIG, AppConfig } from '@app/config';
import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule, Params } from 'nestjs-pino';
import pino, { Logger } from 'pino';
import type { Options } from 'pino-http';
import { createLogMask, urlPasswords } from './log-mask';

/** Where JSON log lines go: stdout by default; tests pass a collector. */
export interface LogDestination {
  write(line: string): unknown;
}

export interface LoggingOptions {
  /** `app` field of every line: which kind of process wrote it. */
  app: 'api' | 'worker' | 'cli';
  destination?: LogDestination;
}

/** Belt and braces: the serializers below never emit these, and the line mask catches values anyway. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.headers["x-twilio-email-event-webhook-signature"]',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.password',
  '*.authToken',
  '*.apiKey',
  '*.token',
  '*.secret',
];

/** Routes scraped or probed every few seconds: their request lines would drown the rest. */
const QUIET_PATHS = new Set(['/health', '/metrics']);

/** The secrets this process knows: their values never appear in a line, whatever logged them. */
export function configSecrets(config: AppConfig): string[] {
  return [
    config.adminApiKey,
    config.twilio.authToken,
    config.ackSecret,
    config.emailEvents.mailgunSigningKey,
    config.emailEvents.postmarkPassword,
    ...urlPasswords(config.smtpUrl, config.databaseUrl, config.redisUrl),
  ].filter((s): s is string => !!s);
}

/** One pino logger per process: JSON lines, ISO times, level names, masked on the way out. */
export function createRootLogger(config: AppConfig, options: LoggingOptions): Logger {
  const mask = createLogMask(configSecrets(config));
  const out: LogDestination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: config.logLevel,
      base: { app: options.app, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    { write: (line: string) => out.write(mask(line)) },
  );
}

type Req = IncomingMessage & { id?: string; originalUrl?: string };

/** A caller's X-Request-Id is kept when it looks like one; otherwise we make one. Either way it is echoed. */
function requestId(req: Req, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

export function httpLoggerOptions(logger: Logger): Options<Req, ServerResponse> {
  const path = (req: Req) => (req.originalUrl ?? req.url ?? '').split('?')[0];
  return {
    logger,
    genReqId: requestId,
    // Lines written while handling a request carry `reqId`, not the whole request again.
    quietReqLogger: true,
    autoLogging: { ignore: (req) => QUIET_PATHS.has(path(req)) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res, ms) => `${req.method} ${path(req)} ${res.statusCode} in ${Math.round(ms)} ms`,
    customErrorMessage: (req, res, error) => `${req.method} ${path(req)} ${res.statusCode} failed: ${error.message}`,
    serializers: {
      // No headers at all: Authorization, cookies and signatures never reach a line.
      req: (req: { id: string; method: string; url: string; remoteAddress?: string; headers?: Record<string, string> }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
        userAgent: req.headers?.['user-agent'],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * nestjs-pino behind Nest's Logger API: `new Logger('X').log(...)` keeps working and writes JSON
 * through the masked root logger. Set it as the app logger with `app.useLogger(app.get(Logger))`.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Params => ({ pinoHttp: httpLoggerOptions(createRootLogger(config, options)) as Params['pinoHttp'] }),
        }),
      ],
    };
  }
}
