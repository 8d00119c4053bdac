import { APP_CONFIG, AppConfig } from '@app/config';
import { Role, ROLES } from '@app/database';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { InvalidInputError, isUuid, NotFoundError, textProblems } from '@app/kernel';
import { ApiKeyRepository } from './api-key.repository';
import { ConsoleSessionRepository } from './console-session.repository';

export interface Principal {
  id: string;
  name: string;
  role: Role;
  /** The person who holds the key (four eyes compares owners, not keys). */
  owner: string;
}

/** A key as listed: never the key, never its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  owner: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Owner of the key made from ADMIN_API_KEY. */
export const BOOTSTRAP_OWNER = 'bootstrap';
const BOOTSTRAP_NAME = 'bootstrap admin (ADMIN_API_KEY)';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** May this role do this? admin everything; approver reads and approves; auditor reads. */
export function roleAllows(role: Role, action: 'read' | 'approve' | 'write'): boolean {
  if (role === 'admin') return true;
  if (role === 'approver') return action === 'read' || action === 'approve';
  return action === 'read';
}

@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly repository: ApiKeyRepository,
    private readonly sessions: ConsoleSessionRepository,
  ) {}

  /**
   * ADMIN_API_KEY, when set, exists as an admin key (owner `bootstrap`) from the first request on. A
   * different value than before rotates it: the previous bootstrap keys are revoked.
   */
  async onApplicationBootstrap(): Promise<void> {
    const adminKey = this.config.adminApiKey;
    if (!adminKey) return;
    const hash = hashKey(adminKey);
    await this.dataSource.transaction(async (manager) => {
      const insertedId = await this.repository.insertBootstrap(manager, BOOTSTRAP_NAME, hash, adminKey.slice(0, 6), BOOTSTRAP_OWNER);
      if (insertedId !== null) {
        await this.audit.append(manager, {
          actor: 'system',
          action: 'api_key.created',
          subject: `api_key:${insertedId}`,
          details: { name: BOOTSTRAP_NAME, role: 'admin', owner: BOOTSTRAP_OWNER },
        });
        this.logger.log('Admin key from ADMIN_API_KEY registered');
      }
      const current = (await this.repository.findStateByHash(manager, hash))!;
      if (current.revoked_at) {
        this.logger.warn('ADMIN_API_KEY is a key that has been revoked: it is refused; set a new value');
        return;
      }
      const rotated = await this.repository.revokeOtherBootstrapKeys(manager, current.id);
      for (const old of rotated) {
        await this.sessions.deleteForKey(manager, old.id);
        await this.audit.append(manager, {
          actor: 'system',
          action: 'api_key.revoked',
          subject: `api_key:${old.id}`,
          details: { id: old.id, name: old.name, owner: old.owner, reason: 'rotation' },
        });
      }
      if (rotated.length) this.logger.log(`ADMIN_API_KEY changed: the previous bootstrap key was revoked`);
    });
  }

  async authenticate(key: string): Promise<Principal | null> {
    if (!key || key.length > 200) return null;
    const row = await this.repository.findByHash(hashKey(key));
    if (!row || row.revokedAt) return null;
    // At most one write a minute per key, and only when the row read says it is due.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) await this.touch(row.id);
    return { id: row.id, name: row.name, role: row.role, owner: row.owner };
  }

  /** Records a use of the key, unless one was recorded less than a minute ago. */
  async touch(id: string): Promise<void> {
    await this.repository.touch(id);
  }

  async create(
    input: { name?: unknown; role?: unknown; owner?: unknown },
    actor: Principal | null,
  ): Promise<{ id: string; key: string; name: string; role: Role; owner: string }> {
    const problems = textProblems(input);
    if (typeof input.name !== 'string' || input.name.trim().length === 0 || input.name.length > 100) {
      problems.push({ field: 'name', message: 'name must be a non-empty string of at most 100 characters' });
    }
    if (!(ROLES as readonly unknown[]).includes(input.role)) problems.push({ field: 'role', message: `role must be one of ${ROLES.join(', ')}` });
    const owner = typeof input.owner === 'string' ? input.owner.trim() : '';
    if ((owner.length === 0 || owner.length > 200 || CONTROL.test(owner)) && !problems.some((p) => p.field === 'owner')) {
      problems.push({ field: 'owner', message: 'owner (the person who will hold the key, e.g. an email) must be 1 to 200 characters without control characters' });
    }
    if (problems.length) throw new InvalidInputError('The API key request is invalid', problems);
    const key = `bc_${randomBytes(24).toString('base64url')}`;
    const name = (input.name as string).trim();
    return this.dataSource.transaction(async (manager) => {
      const id = await this.repository.insert(manager, {
        name,
        role: input.role as Role,
        keyHash: hashKey(key),
        keyPrefix: key.slice(0, 6),
        createdBy: actor?.id ?? null,
        owner,
      });
      await this.audit.append(manager, {
        actor: actor?.id ?? 'system',
        action: 'api_key.created',
        subject: `api_key:${id}`,
        details: { name, role: input.role as string, owner },
      });
      return { id, key, name, role: input.role as Role, owner };
    });
  }

  /** Every key, newest first. */
  async list(): Promise<{ items: ApiKeyView[] }> {
    const rows = await this.repository.list();
    return {
      items: rows.map((r) => ({ id: r.id, name: r.name, role: r.role, owner: r.owner, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt })),
    };
  }

  /**
   * Who holds each of these keys, for pages that name people rather than ids (the audit trail): one
   * read for all of them. Values that are no key id (`system`, `tenant:…`) are skipped.
   */
  async describe(ids: readonly string[]): Promise<Map<string, { name: string; owner: string; role: Role }>> {
    const keys = [...new Set(ids.filter((id) => isUuid(id)))];
    const rows = await this.repository.namesOf(keys);
    return new Map(rows.map((r) => [r.id, { name: r.name, owner: r.owner, role: r.role as Role }]));
  }

  /** The owner of a key, or null for an unknown one; pass the transaction's manager to read inside it. */
  async ownerOf(id: string | null, manager?: EntityManager): Promise<string | null> {
    if (!id || !isUuid(id)) return null;
    return this.repository.ownerOf(id, manager);
  }

  /**
   * Revokes a key: every request with it gets 401 from now on (each request reads the key's row), and
   * its console sessions end. Revoking a revoked key changes nothing.
   */
  async revoke(id: string, actor: Principal | null): Promise<{ id: string; revoked: boolean }> {
    if (!isUuid(id)) throw new InvalidInputError('The API key id is invalid', [{ field: 'id', message: 'id must be a UUID' }]);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.lock(manager, id);
      if (!row) throw new NotFoundError(`API key ${id} does not exist`);
      if (row.revoked_at) return { id, revoked: false };
      await this.repository.markRevoked(manager, id);
      await this.sessions.deleteForKey(manager, id);
      await this.audit.append(manager, {
        actor: actor?.id ?? 'system',
        action: 'api_key.revoked',
        subject: `api_key:${id}`,
        details: { id, name: row.name, owner: row.owner, role: row.role },
      });
      this.logger.log(`API key ${id} revoked`);
      return { id, revoked: true };
    });
  }
}
