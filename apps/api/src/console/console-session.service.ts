import { ApiKeysService, ConsoleSessionRepository, Principal } from '@app/access';
import { AuditService } from '@app/audit';
import { InvalidInputError } from '@app/kernel';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';

export const SESSION_COOKIE = 'bc_console';
export const LOGIN_COOKIE = 'bc_console_login';
const IDLE_MS = 2 * 60 * 60 * 1000;
const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export interface ConsoleSession {
  principal: Principal;
  csrf: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The value of cookie `name` as cookie-parser read it, or null. cookie-parser leaves a value that is
 * not valid percent-encoding as it came; ours are base64url, so a `%` left in one means exactly that:
 * a 400 naming the cookie.
 */
export function readCookie(req: Request, name: string): string | null {
  const value: unknown = (req as Request & { cookies?: Record<string, unknown> }).cookies?.[name];
  if (typeof value !== 'string') return null;
  if (value.includes('%')) {
    throw new InvalidInputError('A cookie is malformed', [{ field: name, message: `the ${name} cookie is not valid percent-encoding; sign in again` }]);
  }
  return value;
}

/** httpOnly, SameSite=Strict, scoped to /console; Secure whenever the request came over TLS. */
export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs: number | null): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/console', ...(maxAgeMs === null ? {} : { maxAge: maxAgeMs }) });
}

/**
 * Console sign-ins kept in PostgreSQL (ConsoleSessionRepository). The cookie holds a random session id;
 * the table holds its SHA-256 and the key's id, never the key. A revoked key ends its sessions at the
 * next request.
 */
@Injectable()
export class ConsoleSessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: ApiKeysService,
    private readonly audit: AuditService,
    private readonly sessions: ConsoleSessionRepository,
  ) {}

  async signIn(key: string): Promise<{ sessionId: string; principal: Principal } | null> {
    const principal = await this.keys.authenticate(key.trim());
    if (!principal) return null;
    const sessionId = newToken();
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.deleteStale(manager, new Date(Date.now() - IDLE_MS));
      await this.sessions.insert(manager, {
        idHash: sha256(sessionId),
        apiKeyId: principal.id,
        csrfToken: newToken(),
        expiresAt: new Date(Date.now() + ABSOLUTE_MS),
      });
      await this.audit.append(manager, { actor: principal.id, action: 'console.signed_in', subject: `api_key:${principal.id}`, details: { name: principal.name } });
    });
    return { sessionId, principal };
  }

  async resolve(sessionId: string): Promise<ConsoleSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
    const row = await this.sessions.findLive(sha256(sessionId), new Date(Date.now() - IDLE_MS));
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await this.sessions.touch(row.id_hash);
      await this.keys.touch(row.id);
    }
    return { principal: { id: row.id, name: row.name, role: row.role, owner: row.owner }, csrf: row.csrf_token };
  }

  /** Is the session still signed in (not signed out, expired, or its key revoked)? For long-lived answers such as live-progress streams. */
  async isLive(sessionId: string): Promise<boolean> {
    return this.sessions.isLive(sha256(sessionId));
  }

  /** The live session whose id the request's cookie carries, or null. */
  async fromRequest(req: Request): Promise<(ConsoleSession & { sessionId: string }) | null> {
    const sessionId = readCookie(req, SESSION_COOKIE);
    const session = sessionId ? await this.resolve(sessionId) : null;
    return session && sessionId ? { ...session, sessionId } : null;
  }

  async signOut(sessionId: string, principal: Principal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.delete(manager, sha256(sessionId));
      await this.audit.append(manager, { actor: principal.id, action: 'console.signed_out', subject: `api_key:${principal.id}`, details: {} });
    });
  }
}
