import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@app/kernel';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ConsoleRequest, CsrfRejected, SignInRequired } from './console.guard';
import { ConsoleViews } from './console-views';

/** Console errors are pages, not JSON: sign-in redirects, and a plain explanation for the rest. */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly views: ConsoleViews) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    if (res.headersSent) return;
    if (exception instanceof SignInRequired) {
      if (req.headers.accept === 'text/event-stream') {
        res.status(401).type('text').send('Sign in again');
        return;
      }
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/console/login${next}`);
      return;
    }
    const [status, title, message, problems] = this.describe(exception);
    if (status >= 500) this.logger.error(`${req.method} ${req.path} failed: ${(exception as Error)?.stack ?? exception}`);
    else this.logger.warn(`${req.method} ${req.path} rejected ${status}: ${message}`);
    this.views.send(res, 'error', { status, heading: title, message, problems }, { title, session: req.console }, status);
  }

  private describe(exception: unknown): [number, string, string, { field: string; message: string }[]] {
    if (exception instanceof CsrfRejected) return [403, 'Form expired', 'This form was not issued to your current session. Go back, reload the page and submit it again.', []];
    if (exception instanceof InvalidInputError) return [400, 'Invalid request', exception.message, exception.problems];
    if (exception instanceof NotFoundError) return [404, 'Not found', exception.message, []];
    if (exception instanceof ConflictError) return [409, 'Not possible now', exception.message, []];
    if (exception instanceof ForbiddenError) return [403, 'Not allowed', exception.message, []];
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return [status, status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Request refused', exception.message, []];
    }
    return [500, 'Something went wrong', 'The console could not complete this request. It has been logged.', []];
  }
}
