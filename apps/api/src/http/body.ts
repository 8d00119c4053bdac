import { ApiKeysService } from '@app/access';
import { InvalidInputError, MAX_DEPTH, tooDeepMessage } from '@app/kernel';
import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { authenticateBeforeBody, bodyPending, unauthenticated } from './auth';

const MB = 1024 * 1024;
const JSON_LIMIT = MB;
const IMPORT_LIMIT = 100 * MB;

/** Email services' event webhooks: their bodies are kept as they arrived too (SendGrid signs the bytes). */
const RAW_BODY_PATH = /^\/v1\/webhooks\/email\//i;
/** Amazon SNS posts its JSON messages as text/plain. */
const SNS_PATH = /^\/v1\/webhooks\/email\/ses\/?$/i;

/** A request whose body bytes are kept beside the parsed body (see RAW_BODY_PATH). */
export type RawBodyRequest = Request & { rawBody?: Buffer };

/** body-parser's `verify` hook: keeps the bytes of an email service's event webhook on the request. */
const keepRawBody = (req: { url?: string; originalUrl?: string }, _res: unknown, bytes: Buffer): void => {
  if (RAW_BODY_PATH.test(req.originalUrl ?? req.url ?? '')) (req as RawBodyRequest).rawBody = bytes;
};

/** The most bytes a request's body may have: 100 MB for the tenant import, 1 MB anywhere else. */
const limitOf = (req: Request): number => (req.method === 'POST' && /^\/v1\/tenants\/import\/?$/i.test(req.baseUrl + req.path) ? IMPORT_LIMIT : JSON_LIMIT);

/** body-parser's own error for a body over the limit; the error filter answers it 413 (and logs it). */
const tooLarge = (req: Request, res: Response) => {
  res.setHeader('Connection', 'close'); // the rest of the body is never read
  return Object.assign(new Error(`The request body is over ${limitOf(req) / MB} MB`), { status: 413, type: 'entity.too.large' });
};

/**
 * A parser that stops at the route's limit as the bytes arrive. body-parser itself would, on a body
 * over its limit, read the rest of it to the end before it answers (a slow 300 MB upload holds a
 * request that long); this answers 413 at the first byte over, and drops the parser's late error.
 * A request without its API key is passed on unread (see authenticateBeforeBody).
 */
function cutOffAtLimit(parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (unauthenticated(req)) return next();
    let done = false;
    const once = (error?: unknown) => {
      if (done) return;
      done = true;
      const parseError = error as { type?: string; message: string } | undefined;
      if (parseError?.type === 'entity.parse.failed') parseError.message = `The request body is not valid JSON: ${parseError.message}`;
      if (parseError?.type === 'entity.too.large') res.setHeader('Connection', 'close');
      next(error);
    };
    const readers = req.listenerCount('data');
    void parser(req, res, once);
    if (done || req.listenerCount('data') === readers) return; // nothing to read, or not this parser's type
    const limit = limitOf(req);
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) return;
      req.off('data', count);
      once(tooLarge(req, res));
    };
    req.on('data', count);
    req.once('end', () => req.off('data', count));
  };
}

/**
 * Bodies: JSON up to 1 MB (100 MB for the tenant import), forms only where the web expects them
 * (Twilio callbacks, acknowledgement and console forms), text/plain only from Amazon SNS (the SES
 * events). Anything else with a body is 415. The email services' event webhooks keep their raw bytes.
 * Before any byte of a body is read: the API key of routes that take one (without it the body is
 * left unread and ApiKeyGuard answers 401), then the declared Content-Length against the route's
 * limit (413).
 */
export function configureBodies(app: INestApplication): void {
  const formPaths = [/^\/v1\/webhooks\//, /^\/ack\//, /^\/console(\/|$)/];
  app.use(authenticateBeforeBody(app.get(ApiKeysService)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!unauthenticated(req) && Number(req.headers['content-length'] ?? 0) > limitOf(req)) return next(tooLarge(req, res));
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (unauthenticated(req) || !bodyPending(req) || ['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(req.method)) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const isJson = type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
    const isForm = type === 'application/x-www-form-urlencoded' && formPaths.some((p) => p.test(req.path));
    const isSns = type === 'text/plain' && SNS_PATH.test(req.path);
    if (isJson || isForm || isSns) return next();
    res.status(415).json({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: `Content-Type ${type || '(none)'} is not accepted here; send application/json`,
    });
  });
  const jsonTypes = ['application/json', 'application/*+json'];
  app.use('/v1/tenants/import', cutOffAtLimit(express.json({ limit: IMPORT_LIMIT, type: jsonTypes })));
  app.use(cutOffAtLimit(express.json({ limit: JSON_LIMIT, type: jsonTypes, verify: keepRawBody })));
  const snsText = cutOffAtLimit(express.text({ limit: JSON_LIMIT, type: 'text/plain', verify: keepRawBody }));
  app.use((req: Request, res: Response, next: NextFunction) => (SNS_PATH.test(req.path) ? snsText(req, res, next) : next()));
  app.use(cutOffAtLimit(express.urlencoded({ limit: JSON_LIMIT, extended: false })));
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const problem = bodyShapeProblem(req.body);
    next(problem === null ? undefined : new InvalidInputError('The request body is invalid', [problem]));
  });
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The path of the first `__proto__`, `constructor` or `prototype` key anywhere in a parsed body, or null.
 * Such keys never name one of our fields; the DTO mapping would drop them silently, and code that
 * copies objects might let them reach a prototype.
 */
export function prototypeKey(body: unknown): string | null {
  const problem = bodyShapeProblem(body);
  return problem?.kind === 'prototype' ? problem.field : null;
}

/**
 * The first prototype key (see prototypeKey) or the first object or array nested deeper than
 * MAX_DEPTH levels in a parsed body, or null; one walk, without recursion.
 */
export function bodyShapeProblem(body: unknown): { field: string; message: string; kind: 'prototype' | 'depth' } | null {
  const stack: [unknown, string, number][] = [[body, '', 0]];
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) return { field: path || '(body)', message: tooDeepMessage(), kind: 'depth' };
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const at = isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!isArray && PROTOTYPE_KEYS.has(key)) return { field: at, message: `${key} is not allowed as a property name`, kind: 'prototype' };
      stack.push([(value as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
  return null;
}
