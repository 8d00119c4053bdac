import { InvalidInputError, parameterProblems } from '@app/kernel';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';

export function parseLimit(value: string | undefined, fallback: number, max: number, field = 'limit'): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidInputError('The query is invalid', [{ field, message: `${field} must be a whole number from 1 to ${max}` }]);
  return n;
}

/**
 * Every route's query and path parameters, before its handler: each given once as a plain value
 * (`?limit=1&limit=2`, `?status[]=x` are 400), one line of text without control characters (a NUL
 * PostgreSQL cannot take is 400, not 500). Runs after ApiKeyGuard: no key, no say on parameters.
 */
@Injectable()
export class ParametersGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const problems = [...parameterProblems((req.params ?? {}) as Record<string, unknown>), ...parameterProblems((req.query ?? {}) as Record<string, unknown>)];
    if (problems.length) throw new InvalidInputError('The query is invalid', problems);
    return true;
  }
}
