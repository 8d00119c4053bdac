import { AccessModule, ApiKeysService } from '@app/access';
import { IncidentsModule } from '@app/incidents';
import { QUEUE_NAMES } from '@app/queue';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Injectable, MiddlewareConsumer, Module, NestMiddleware, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ConsoleModule } from '../console/console.module';
import { ConsoleSessionService } from '../console/console-session.service';
import { bearerToken } from '../http/auth';

export const QUEUES_BOARD_PATH = '/console/queues';

/**
 * Bull Board may retry, promote and delete jobs: admins only, by a console session (a browser signed
 * in to the console; its cookie is scoped to /console) or by `Authorization: Bearer <admin key>`. A
 * write carried by the cookie must come from our own pages: the cookie is SameSite=Strict, and a
 * request a browser marks cross-site is refused as well.
 */
@Injectable()
export class AdminBoardMiddleware implements NestMiddleware {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly sessions: ConsoleSessionService,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const bearer = bearerToken(req);
    const principal = bearer ? await this.keys.authenticate(bearer) : (await this.sessions.fromRequest(req))?.principal;
    if (!principal) {
      if (!bearer && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
        res.redirect(303, `/console/login?next=${encodeURIComponent(QUEUES_BOARD_PATH)}`);
        return;
      }
      res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'Sign in to the console as an admin, or send Authorization: Bearer <admin key>' });
      return;
    }
    if (principal.role !== 'admin') {
      res.status(403).json({ statusCode: 403, error: 'Forbidden', message: `The role ${principal.role} may not open the queue board` });
      return;
    }
    if (!bearer && !['GET', 'HEAD'].includes(req.method) && !['same-origin', undefined].includes(req.headers['sec-fetch-site'] as string | undefined)) {
      res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'Queue board changes must come from the board itself' });
      return;
    }
    next();
  }
}

/** Bull Board over every queue at /console/queues (and /admin/queues, which redirects there). */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [AccessModule, IncidentsModule, ConsoleModule],
      useFactory: () => ({ route: QUEUES_BOARD_PATH, adapter: ExpressAdapter, middleware: AdminBoardMiddleware, boardOptions: { uiConfig: { boardTitle: 'breachcast queues' } } }),
    }),
    BullBoardModule.forFeature(...QUEUE_NAMES.map((name) => ({ name, adapter: BullAdapter }))),
  ],
})
export class QueuesBoardModule implements NestModule {
  /** The board's first address: links and bookmarks keep working. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((req: Request, res: Response) => res.redirect(308, `${QUEUES_BOARD_PATH}${req.originalUrl.slice('/admin/queues'.length)}`))
      .forRoutes('/admin/queues', '/admin/queues/*path');
  }
}
