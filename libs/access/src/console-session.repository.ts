import { Role } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A live session with its key (snake_case session columns, as stored). */
export interface ConsoleSessionRow {
  id_hash: string;
  csrf_token: string;
  last_seen_at: Date;
  id: string;
  name: string;
  role: Role;
  owner: string;
}

/**
 * The SQL of console sessions. A session belongs to an API key: the table holds the SHA-256 of the
 * session id and the key's id, never the key. Methods that change rows inside a transaction take the
 * caller's EntityManager.
 */
@Injectable()
export class ConsoleSessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Removes sessions past their absolute expiry or idle since before `idleSince`. */
  async deleteStale(manager: EntityManager, idleSince: Date): Promise<void> {
    await manager.query('DELETE FROM console_session WHERE expires_at < now() OR last_seen_at < $1', [idleSince]);
  }

  async insert(manager: EntityManager, session: { idHash: string; apiKeyId: string; csrfToken: string; expiresAt: Date }): Promise<void> {
    await manager.query('INSERT INTO console_session (id_hash, api_key_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
      session.idHash,
      session.apiKeyId,
      session.csrfToken,
      session.expiresAt,
    ]);
  }

  /** The session with its key, unless it expired, was idle since before `idleSince`, or its key is revoked. */
  async findLive(idHash: string, idleSince: Date): Promise<ConsoleSessionRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT s.id_hash, s.csrf_token, s.last_seen_at, k.id, k.name, k.role, k.owner
         FROM console_session s JOIN api_key k ON k.id = s.api_key_id
        WHERE s.id_hash = $1 AND s.expires_at > now() AND s.last_seen_at > $2 AND k.revoked_at IS NULL`,
      [idHash, idleSince],
    );
    return row;
  }

  async touch(idHash: string): Promise<void> {
    await this.dataSource.query('UPDATE console_session SET last_seen_at = now() WHERE id_hash = $1', [idHash]);
  }

  /** Is the session neither signed out, expired, nor its key revoked? */
  async isLive(idHash: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM console_session s JOIN api_key k ON k.id = s.api_key_id
        WHERE s.id_hash = $1 AND s.expires_at > now() AND k.revoked_at IS NULL`,
      [idHash],
    );
    return rows.length > 0;
  }

  async delete(manager: EntityManager, idHash: string): Promise<void> {
    await manager.query('DELETE FROM console_session WHERE id_hash = $1', [idHash]);
  }

  /** Ends every session of a key (it was revoked). */
  async deleteForKey(manager: EntityManager, apiKeyId: string): Promise<void> {
    await manager.query('DELETE FROM console_session WHERE api_key_id = $1', [apiKeyId]);
  }
}
