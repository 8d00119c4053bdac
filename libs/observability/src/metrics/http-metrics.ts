import type { IncomingMessage, ServerResponse } from 'node:http';
import { MetricsService } from './metrics.service';

type RoutedRequest = IncomingMessage & { method: string; baseUrl?: string; route?: { path?: unknown } };

/**
 * Express middleware counting every answered request by route pattern (`/v1/incidents/:id`),
 * never by raw URL: ids would make one series per incident.
 */
export function countHttpRequests(metrics: MetricsService) {
  return (req: RoutedRequest, res: ServerResponse, next: () => void): void => {
    res.once('finish', () => {
      const pattern = typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : null;
      metrics.countHttp(req.method, pattern ?? (res.statusCode === 404 ? '(unmatched)' : '(other)'), res.statusCode);
    });
    next();
  };
}
