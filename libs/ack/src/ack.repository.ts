import { rowsOf } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface EarlierVersionRow {
  version: number;
  body: Record<string, unknown>;
  change_summary: unknown;
  kind: 'initial' | 'update' | 'withdrawn' | null;
  issued_at: Date;
}

/** The SQL of acknowledgements: the ack key in app_secret, and the ack columns of affected_tenant. */
@Injectable()
export class AckRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores `value` as the ack key unless one is stored already. */
  async insertSecretIfMissing(value: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO app_secret (name, value) VALUES ('ack', $1) ON CONFLICT (name) DO NOTHING`, [value]);
  }

  /** The stored ack key (base64). */
  async readSecret(): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT value FROM app_secret WHERE name = 'ack'`);
    return row.value as string;
  }

  /** The affected tenant a token hash belongs to, with its tenant (and its regimes) and the version's body. */
  async findByTokenHash(tokenHash: string): Promise<Record<string, any> | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT a.id, a.incident_id, a.tenant_id, a.version, a.kind, a.facts, a.acknowledged_at, a.first_sent_at, t.external_id, t.name, t.locale, t.timezone, t.country,
              t.regimes, t.notice_deadline_hours, v.body, v.change_summary, i.closed_at AS incident_closed_at
         FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id
         JOIN incident_version v ON v.incident_id = a.incident_id AND v.version = a.version
         JOIN incident i ON i.id = a.incident_id
        WHERE a.ack_token_hash = $1`,
      [tokenHash],
    );
    return row;
  }

  /**
   * The incident's versions before `version`, oldest first, each with what this tenant was told in it (its kind,
   * null when it got nothing) and when: its first notice sent, else when the version was dispatched, else filed.
   */
  async earlierVersions(incidentId: string, tenantId: string, version: number): Promise<EarlierVersionRow[]> {
    return this.dataSource.query(
      `SELECT v.version, v.body, v.change_summary, a.kind, COALESCE(a.first_sent_at, v.dispatched_at, v.created_at) AS issued_at
         FROM incident_version v
         LEFT JOIN affected_tenant a ON a.incident_id = v.incident_id AND a.version = v.version AND a.tenant_id = $2
        WHERE v.incident_id = $1 AND v.version < $3
        ORDER BY v.version`,
      [incidentId, tenantId, version],
    );
  }

  /** Records the acknowledgement unless one is recorded; the new time, or null when it was there already. */
  async markAcknowledged(manager: EntityManager, affectedId: string, ip: string | null, userAgent: string | null): Promise<Date | null> {
    const updated = rowsOf<{ acknowledged_at: Date }>(
      await manager.query(
        `UPDATE affected_tenant SET acknowledged_at = now(), ack_ip = $2, ack_user_agent = $3 WHERE id = $1 AND acknowledged_at IS NULL RETURNING acknowledged_at`,
        [affectedId, ip, userAgent],
      ),
    );
    return updated.length === 0 ? null : updated[0].acknowledged_at;
  }

  async acknowledgedAt(manager: EntityManager, affectedId: string): Promise<Date> {
    const [current] = await manager.query('SELECT acknowledged_at FROM affected_tenant WHERE id = $1', [affectedId]);
    return current.acknowledged_at;
  }
}
