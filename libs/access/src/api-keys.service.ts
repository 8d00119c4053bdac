import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiKeyEntity, Role, ROLES } from '@app/database';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { InvalidInputError, textProblems } from '@app/kernel';

export interface Principal {
  id: string;
  name: string;
  role: Role;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

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
  ) {}

  /** ADMIN_API_KEY, when set, exists as an admin key from the first request on. */
  async onApplicationBootstrap(): Promise<void> {
    const adminKey = this.config.adminApiKey;
    if (!adminKey) return;
    const hash = hashKey(adminKey);
    await this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query(
        `INSERT INTO api_key (name, role, key_hash, key_prefix) VALUES ('bootstrap admin (ADMIN_API_KEY)', 'admin', $1, $2)
         ON CONFLICT (key_hash) DO NOTHING RETURNING id`,
        [hash, adminKey.slice(0, 6)],
      );
      if (inserted.length > 0) {
        await this.audit.append(manager, { actor: 'system', action: 'api_key.created', subject: `api_key:${inserted[0].id}`, details: { name: 'bootstrap admin (ADMIN_API_KEY)', role: 'admin' } });
        this.logger.log('Admin key from ADMIN_API_KEY registered');
      }
    });
  }

  async authenticate(key: string): Promise<Principal | null> {
    if (!key || key.length > 200) return null;
    const row = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { keyHash: hashKey(key) } });
    if (!row || row.revokedAt) return null;
    return { id: row.id, name: row.name, role: row.role };
  }

  async create(input: { name?: unknown; role?: unknown }, actor: Principal | null): Promise<{ id: string; key: string; name: string; role: Role }> {
    const problems = textProblems(input);
    if (typeof input.name !== 'string' || input.name.trim().length === 0 || input.name.length > 100) {
      problems.push({ field: 'name', message: 'name must be a non-empty string of at most 100 characters' });
    }
    if (!(ROLES as readonly unknown[]).includes(input.role)) problems.push({ field: 'role', message: `role must be one of ${ROLES.join(', ')}` });
    if (problems.length) throw new InvalidInputError('The API key request is invalid', problems);
    const key = `bc_${randomBytes(24).toString('base64url')}`;
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        'INSERT INTO api_key (name, role, key_hash, key_prefix, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [(input.name as string).trim(), input.role, hashKey(key), key.slice(0, 6), actor?.id ?? null],
      );
      await this.audit.append(manager, {
        actor: actor?.id ?? 'system',
        action: 'api_key.created',
        subject: `api_key:${row.id}`,
        details: { name: (input.name as string).trim(), role: input.role as string },
      });
      return { id: row.id as string, key, name: (input.name as string).trim(), role: input.role as Role };
    });
  }
}
