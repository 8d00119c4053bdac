import { InvalidInputError } from '@app/kernel';
import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';

const JSON_LIMIT = '1mb';
const IMPORT_LIMIT = '100mb';

/**
 * Bodies: JSON up to 1 MB (100 MB for the tenant import), forms only where the web expects them
 * (Twilio callbacks, acknowledgement and console forms). Anything else with a body is 415.
 */
export function configureBodies(app: INestApplication): void {
  const formPaths = [/^\/v1\/webhooks\//, /^\/ack\//, /^\/console(\/|$)/];
  app.use((req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || ['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(req.method)) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const isJson = type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
    const isForm = type === 'application/x-www-form-urlencoded' && formPaths.some((p) => p.test(req.path));
    if (isJson || isForm) return next();
    res.status(415).json({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: `Content-Type ${type || '(none)'} is not accepted here; send application/json`,
    });
  });
  app.use('/v1/tenants/import', express.json({ limit: IMPORT_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use(express.json({ limit: JSON_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ limit: JSON_LIMIT, extended: false }));
  // Nest turns a parse failure into a 400 carrying the parser's bare message ("Unexpected end of JSON input").
  app.use((error: { type?: string; message: string }, _req: Request, _res: Response, next: NextFunction) => {
    if (error?.type === 'entity.parse.failed') error.message = `The request body is not valid JSON: ${error.message}`;
    next(error);
  });
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const field = prototypeKey(req.body);
    next(field === null ? undefined : new InvalidInputError('The request body is invalid', [{ field, message: `${field.split('.').pop()} is not allowed as a property name` }]));
  });
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The path of the first `__proto__`, `constructor` or `prototype` key anywhere in a parsed body, or null.
 * Such keys never name one of our fields; the DTO mapping would drop them silently, and code that
 * copies objects might let them reach a prototype.
 */
export function prototypeKey(body: unknown): string | null {
  const stack: [unknown, string][] = [[body, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const at = isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!isArray && PROTOTYPE_KEYS.has(key)) return at;
      stack.push([(value as Record<string, unknown>)[key], at]);
    }
  }
  return null;
}
