import { ApiKeysService, Principal, roleAllows } from '@app/access';
import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';

export type Permission = 'read' | 'approve' | 'write';
const PERMISSION = 'breachcast:permission';
const PUBLIC = 'breachcast:public';

/** What a route needs: `read` (any role), `approve` (approver, admin), `write` (admin). */
export const Requires = (permission: Permission) => SetMetadata(PERMISSION, permission);
/** The credential of `Authorization: Bearer <token>`, or null. */
export const bearerToken = (req: Request): string | null => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;

/** Routes that authenticate otherwise (signature, token) or not at all. */
export const Public = () => SetMetadata(PUBLIC, true);

const UNAUTHENTICATED = 'A valid API key is required: Authorization: Bearer <key>';
/** Every route under /v1 takes an API key, but the webhooks, which authenticate by signature (their handlers are @Public). */
const KEYED_PATH = /^\/v1\//i;
const SIGNED_PATH = /^\/v1\/webhooks\//i;

/** Whether a request still has a body on its way (declared or chunked). */
export const bodyPending = (req: Request): boolean => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/** `principal` is a key's principal, or null when the request was found to carry no valid key. */
type AuthenticatedRequest = Request & { principal?: Principal | null };

/** True when authenticateBeforeBody found no valid key: the body rules leave such a request's body unread. */
export const unauthenticated = (req: Request): boolean => (req as AuthenticatedRequest).principal === null;

/**
 * Express middleware ahead of the body parsers: the API key of a request to an API-key route is
 * checked before a byte of its body is read. Without a valid one, no body rule reads the body and
 * the connection is marked to close; ApiKeyGuard answers 401 (after the request logger has seen the
 * request), and the rest of the body is never read. With one, the principal stays on the request
 * for ApiKeyGuard, which decides the route's permission as before.
 */
export function authenticateBeforeBody(keys: ApiKeysService) {
  return async (req: AuthenticatedRequest, res: Response, next: NextFunction): Promise<void> => {
    if (!KEYED_PATH.test(req.path) || SIGNED_PATH.test(req.path)) return next();
    try {
      const key = bearerToken(req);
      req.principal = (key ? await keys.authenticate(key) : null) ?? null;
      if (req.principal === null && bodyPending(req)) res.setHeader('Connection', 'close');
      next();
    } catch (error) {
      next(error);
    }
  };
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return (ctx.switchToHttp().getRequest<Request & { principal: Principal }>()).principal;
});

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Requests under /v1 were authenticated before their body was read (authenticateBeforeBody).
    let principal = request.principal;
    if (principal === undefined) {
      const key = bearerToken(request);
      principal = key ? await this.keys.authenticate(key) : null;
    }
    if (!principal) throw new UnauthorizedException(UNAUTHENTICATED);
    request.principal = principal;
    const needed = this.reflector.getAllAndOverride<Permission>(PERMISSION, targets) ?? 'write';
    if (!roleAllows(principal.role, needed)) throw new ForbiddenException(`The role ${principal.role} may not do this`);
    return true;
  }
}
