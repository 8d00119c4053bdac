import { ApiKeysService, IncidentsModule } from '@app/incidents';
import { QueueName } from '@app/queue';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Injectable, Module, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export const QUEUES_BOARD_PATH = '/admin/queues';

/** Bull Board may retry, promote and delete jobs: admin keys only (Authorization: Bearer <key>). */
@Injectable()
export class AdminKeyMiddleware implements NestMiddleware {
  constructor(private readonly keys: ApiKeysService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const principal = match ? await this.keys.authenticate(match[1]) : null;
    if (!principal) {
      res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'A valid API key is required: Authorization: Bearer <key>' });
      return;
    }
    if (principal.role !== 'admin') {
      res.status(403).json({ statusCode: 403, error: 'Forbidden', message: `The role ${principal.role} may not open the queue board` });
      return;
    }
    next();
  }
}

/** Bull Board over every queue at /admin/queues. */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [IncidentsModule],
      useFactory: () => ({ route: QUEUES_BOARD_PATH, adapter: ExpressAdapter, middleware: AdminKeyMiddleware, boardOptions: { uiConfig: { boardTitle: 'breachcast queues' } } }),
    }),
    BullBoardModule.forFeature(...Object.values(QueueName).map((name) => ({ name, adapter: BullAdapter }))),
  ],
})
export class QueuesBoardModule {}
