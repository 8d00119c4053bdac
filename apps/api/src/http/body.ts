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
}
