import { ApiKeysService, Principal, roleAllows } from '@app/access';
import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

export type Permission = 'read' | 'approve' | 'write';
const PERMISSION = 'breachcast:permission';
const PUBLIC = 'breachcast:public';

/** What a route needs: `read` (any role), `approve` (approver, admin), `write` (admin). */
export const Requires = (permission: Permission) => SetMetadata(PERMISSION, permission);
/** The credential of `Authorization: Bearer <token>`, or null. */
export const bearerToken = (req: Request): string | null => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;

/** Routes that authenticate otherwise (signature, token) or not at all. */
export const Public = () => SetMetadata(PUBLIC, true);

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
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const key = bearerToken(request);
    const principal = key ? await this.keys.authenticate(key) : null;
    if (!principal) throw new UnauthorizedException('A valid API key is required: Authorization: Bearer <key>');
    request.principal = principal;
    const needed = this.reflector.getAllAndOverride<Permission>(PERMISSION, targets) ?? 'write';
    if (!roleAllows(principal.role, needed)) throw new ForbiddenException(`The role ${principal.role} may not do this`);
    return true;
  }
}
