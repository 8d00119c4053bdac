import { Principal, roleAllows } from '@app/access';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ConsoleSession, ConsoleSessionService, sameToken } from './console-session.service';

type Permission = 'read' | 'approve' | 'write';
const ANONYMOUS = 'console:anonymous';
const NEEDS = 'console:needs';

/** Pages reachable without a session (sign-in, assets). */
export const ConsoleAnonymous = () => SetMetadata(ANONYMOUS, true);
/** What a console route needs: `read` (default), `approve` or `write`, as for the API. */
export const ConsoleRequires = (permission: Permission) => SetMetadata(NEEDS, permission);

export type ConsoleRequest = Request & { console: ConsoleSession & { sessionId: string } };

export class SignInRequired extends Error {}
export class CsrfRejected extends Error {}

/**
 * Every console route: a live session from the cookie, the role's permission, and on each POST
 * the form's `_csrf` must equal the session's synchronizer token.
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ConsoleSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(ANONYMOUS, targets)) return true;
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = await this.sessions.fromRequest(req);
    if (!session) throw new SignInRequired();
    req.console = session;
    if (req.method !== 'GET' && req.method !== 'HEAD' && !sameToken((req.body as Record<string, unknown> | undefined)?._csrf, session.csrf)) {
      throw new CsrfRejected();
    }
    const needed = this.reflector.getAllAndOverride<Permission>(NEEDS, targets) ?? 'read';
    if (!roleAllows(session.principal.role, needed)) throw new ForbiddenException(`Your key’s role (${session.principal.role}) may not do this.`);
    return true;
  }
}

export const can = (principal: Principal | undefined, permission: Permission): boolean => !!principal && roleAllows(principal.role, permission);
