import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { HelmetOptions } from 'helmet';

type Directives = Record<string, string[]>;

/** Never framed, anywhere: the ack button and the console's actions must not be clickjacked. */
const NO_FRAMING: Directives = { 'frame-ancestors': ["'none'"] };

/** What the console, the queue board and the API docs share: their own scripts, styles and data, framed nowhere. */
const OWN_PAGE: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  ...NO_FRAMING,
};

/**
 * A content security policy for each kind of answer. Helmet's default directives are not used: they
 * allow more than these pages need, and `upgrade-insecure-requests` would break plain-http installs.
 */
const POLICIES: Record<'api' | 'ack' | 'console' | 'board' | 'docs', Directives> = {
  /** JSON, CSV and redirects: nothing to load. */
  api: { 'default-src': ["'none'"], ...NO_FRAMING, 'base-uri': ["'none'"], 'form-action': ["'none'"] },
  /** The tenant's page: its own inline style, a form that posts back to itself, no script at all. */
  ack: {
    'default-src': ["'none'"],
    'style-src': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'base-uri': ["'none'"],
    ...NO_FRAMING,
  },
  /** Scripts only from /console/assets; sample notices render in sandboxed srcdoc frames, which inherit this policy: their inline styles need 'unsafe-inline'. */
  console: { ...OWN_PAGE, 'frame-src': ["'self'"] },
  /**
   * Bull Board: its bundled scripts, its styles (inline ones in its HTML too), the web font its page
   * links, its own API for data and translations, and the `<base href>` its page sets.
   */
  board: {
    ...OWN_PAGE,
    'style-src': ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
    'font-src': ["'self'", 'https://fonts.gstatic.com', 'data:'],
    'base-uri': ["'self'"],
  },
  /** Swagger UI at /docs: its scripts and stylesheet, its inline styles, and the document it fetches. */
  docs: OWN_PAGE,
};

/** The console keeps the Referer within itself (its pages link each other); the ack page sends none (its URL is a capability). */
const REFERRER: Record<keyof typeof POLICIES, NonNullable<Exclude<HelmetOptions['referrerPolicy'], boolean>>['policy']> = {
  api: 'no-referrer',
  ack: 'no-referrer',
  console: 'same-origin',
  board: 'same-origin',
  docs: 'no-referrer',
};

/** Which policy a path gets; the first match wins. */
const ROUTES: [RegExp, keyof typeof POLICIES][] = [
  [/^\/console\/queues(\/|$)/, 'board'],
  [/^\/console(\/|$)/, 'console'],
  [/^\/ack\//, 'ack'],
  [/^\/docs(\/|$)/, 'docs'],
];

function headersFor(kind: keyof typeof POLICIES): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: POLICIES[kind] },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: REFERRER[kind] },
    // HSTS belongs to whoever terminates TLS for PUBLIC_BASE_URL (and browsers ignore it on plain http).
    strictTransportSecurity: false,
  }) as RequestHandler;
}

/**
 * One place for security headers, by helmet, on every answer: the ack pages, the console, the queue
 * board, the API docs and the API itself (errors, 404s and refused bodies included, as it runs first).
 */
export function securityHeaders(): RequestHandler {
  const handlers = Object.fromEntries(Object.keys(POLICIES).map((kind) => [kind, headersFor(kind as keyof typeof POLICIES)])) as Record<keyof typeof POLICIES, RequestHandler>;
  return (req: Request, res: Response, next: NextFunction) => {
    const kind = ROUTES.find(([pattern]) => pattern.test(req.path))?.[1] ?? 'api';
    handlers[kind](req, res, next);
  };
}
