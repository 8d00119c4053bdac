import { ApiKeyEntity, queryPrepared, Role } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A key's row as locked for a change (snake_case, as stored). */
export interface ApiKeyRow {
  id: string;
  name: string;
  owner: string;
  role: Role;
  revoked_at: Date | null;
}

/** A key as a request's key check reads it. */
export type KeyCheck = Pick<ApiKeyEntity, 'id' | 'name' | 'role' | 'owner' | 'revokedAt' | 'lastUsedAt'>;

/**
 * The SQL of API keys: the key's SHA-256 is stored, never the key. Methods that change rows take the
 * caller's EntityManager: the service holds the transaction.
 */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The id of the new bootstrap key, or null when a key with this hash exists already. */
  async insertBootstrap(manager: EntityManager, name: string, keyHash: string, keyPrefix: string, owner: string): Promise<string | null> {
    const inserted = await manager.query(
      `INSERT INTO api_key (name, role, key_hash, key_prefix, owner, bootstrap) VALUES ($1, 'admin', $2, $3, $4, true)
         ON CONFLICT (key_hash) DO NOTHING RETURNING id`,
      [name, keyHash, keyPrefix, owner],
    );
    return inserted.length > 0 ? (inserted[0].id as string) : null;
  }

  async findStateByHash(manager: EntityManager, keyHash: string): Promise<{ id: string; revoked_at: Date | null } | undefined> {
    const [current] = await manager.query('SELECT id, revoked_at FROM api_key WHERE key_hash = $1', [keyHash]);
    return current;
  }

  /** Revokes every live bootstrap key but `keepId`; the revoked ones, by id. */
  revokeOtherBootstrapKeys(manager: EntityManager, keepId: string): Promise<{ id: string; name: string; owner: string }[]> {
    return manager.query(
      `WITH revoked AS (UPDATE api_key SET revoked_at = now() WHERE bootstrap AND revoked_at IS NULL AND id <> $1 RETURNING id, name, owner)
         SELECT id, name, owner FROM revoked ORDER BY id`,
      [keepId],
    );
  }

  /** What a request's key check needs of the key with this hash (read on every request: plain SQL, no entity). */
  async findByHash(keyHash: string): Promise<KeyCheck | null> {
    const [row] = await queryPrepared<KeyCheck>(
      this.dataSource,
      'api-key-check',
      'SELECT id, name, role, owner, revoked_at AS "revokedAt", last_used_at AS "lastUsedAt" FROM api_key WHERE key_hash = $1',
      [keyHash],
    );
    return row ?? null;
  }

  /** Records a use of the key, unless one was recorded less than a minute ago. */
  async touch(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }

  /** The new key's id. */
  async insert(
    manager: EntityManager,
    key: { name: string; role: string; keyHash: string; keyPrefix: string; createdBy: string | null; owner: string },
  ): Promise<string> {
    const [row] = await manager.query(
      'INSERT INTO api_key (name, role, key_hash, key_prefix, created_by, owner) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [key.name, key.role, key.keyHash, key.keyPrefix, key.createdBy, key.owner],
    );
    return row.id as string;
  }

  /** Every key, newest first. */
  list(): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC', id: 'ASC' } });
  }

  async ownerOf(id: string, manager?: EntityManager): Promise<string | null> {
    const [row] = await (manager ?? this.dataSource).query('SELECT owner FROM api_key WHERE id = $1', [id]);
    return (row?.owner as string | undefined) ?? null;
  }

  /** Name, owner and role of each of these keys (revoked ones too); unknown ids are left out. */
  async namesOf(ids: string[]): Promise<{ id: string; name: string; owner: string; role: string }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query('SELECT id, name, owner, role FROM api_key WHERE id = ANY($1::uuid[])', [ids]);
  }

  /** The key's row, locked until the transaction ends. */
  async lock(manager: EntityManager, id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await manager.query('SELECT id, name, owner, role, revoked_at FROM api_key WHERE id = $1 FOR UPDATE', [id]);
    return row;
  }

  async markRevoked(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE api_key SET revoked_at = now() WHERE id = $1', [id]);
  }
}
