import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError } from '@app/kernel';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: { field: string; message: string; index?: number }[];
  details?: unknown;
  [field: string]: unknown;
}

/** Every error leaves as JSON `{statusCode, error, message}`; domain errors map to their HTTP status here. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(`${request.method} ${request.path} failed: ${(exception as Error)?.stack ?? exception}`);
    else this.logger.warn(`${request.method} ${request.path} rejected ${body.statusCode}: ${body.message}`);
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    const make = (statusCode: number, message: string, extra: Partial<ErrorBody> = {}): ErrorBody => ({
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message,
      ...extra,
    });
    if (exception instanceof InvalidInputError) {
      const fields = [...new Set(exception.problems.map((p) => p.field || '(body)'))];
      const shown = fields.slice(0, 20).join(', ') + (fields.length > 20 ? `, and ${fields.length - 20} more` : '');
      return make(400, `${exception.message}: ${shown}`, { errors: exception.problems });
    }
    if (exception instanceof NotFoundError) return make(404, exception.message);
    if (exception instanceof ConflictError) {
      const body = make(409, exception.message, exception.details ? { details: exception.details } : {});
      for (const [field, value] of Object.entries(exception.fields ?? {})) if (!(field in body)) body[field] = value;
      return body;
    }
    if (exception instanceof ForbiddenError) return make(403, exception.message);
    if (exception instanceof DomainError) return make(400, exception.message);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      const message = typeof res === 'string' ? res : (res as { message?: unknown }).message;
      return make(status, Array.isArray(message) ? message.join('; ') : String(message ?? exception.message));
    }
    // body-parser errors carry their own status (413 too large, 400 bad JSON, 415 charset).
    const parser = exception as { status?: number; type?: string; message?: string };
    if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500) {
      const message =
        parser.type === 'entity.too.large'
          ? 'The request body is too large'
          : parser.type === 'entity.parse.failed'
            ? 'The request body is not valid JSON'
            : (parser.message ?? 'Bad request');
      return make(parser.status, message);
    }
    return make(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }
}
