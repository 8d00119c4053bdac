import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The SQL of incidents and their versions. Methods that change rows take the caller's EntityManager:
 * the service holds the transaction. Rows come back as stored (snake_case); map them with toVersion.
 */
@Injectable()
export class IncidentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The new incident's id, or null when the reference is taken. */
  async insertIncident(manager: EntityManager, reference: string | undefined): Promise<string | null> {
    const inserted = await manager.query(
      'INSERT INTO incident (reference, current_version) VALUES ($1, 1) ON CONFLICT (reference) DO NOTHING RETURNING id',
      [reference],
    );
    return inserted.length === 0 ? null : (inserted[0].id as string);
  }

  async insertFirstVersion(manager: EntityManager, incidentId: string, body: unknown, createdBy: string): Promise<void> {
    await manager.query(`INSERT INTO incident_version (incident_id, version, status, body, created_by) VALUES ($1, 1, 'draft', $2, $3)`, [
      incidentId,
      body,
      createdBy,
    ]);
  }

  /** The newest incidents with their current version's status and title. */
  list(limit: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT i.id, i.reference, i.current_version, i.closed_at, i.created_at, v.status, v.body->'title' AS title, v.dispatched_at, v.completed_at
         FROM incident i JOIN incident_version v ON v.incident_id = i.id AND v.version = i.current_version
        ORDER BY i.created_at DESC LIMIT $1`,
      [limit],
    );
  }

  /**
   * Takes the incident's row for the caller's transaction (false: no such incident). NO KEY UPDATE
   * leaves the workers' inserts that reference the incident unblocked.
   */
  async lockIncident(id: string, manager?: EntityManager): Promise<boolean> {
    const [locked] = await (manager ?? this.dataSource).query('SELECT id FROM incident WHERE id = $1 FOR NO KEY UPDATE', [id]);
    return Boolean(locked);
  }

  /** The current version's row with `incident_closed_at`; `lock` takes the version row too (FOR UPDATE OF v). */
  async findCurrentVersion(id: string, manager?: EntityManager, lock = false): Promise<Record<string, any> | undefined> {
    const [row] = await (manager ?? this.dataSource).query(
      `SELECT v.*, i.closed_at AS incident_closed_at FROM incident i JOIN incident_version v ON v.incident_id = i.id AND v.version = i.current_version
        WHERE i.id = $1 ${lock ? 'FOR UPDATE OF v' : ''}`,
      [id],
    );
    return row;
  }

  /** One version's row, or undefined. */
  async findVersion(incidentId: string, version: number): Promise<Record<string, unknown> | undefined> {
    const [row] = await this.dataSource.query('SELECT * FROM incident_version WHERE incident_id = $1 AND version = $2', [incidentId, version]);
    return row;
  }

  /** Every version's milestones, oldest first. */
  listVersions(id: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT version, status, change_summary, created_at, approved_at, dispatched_at, planned_at, completed_at FROM incident_version WHERE incident_id = $1 ORDER BY version`,
      [id],
    );
  }

  async approveVersion(manager: EntityManager, versionId: string, approvedBy: string): Promise<void> {
    await manager.query(`UPDATE incident_version SET status = 'approved', approved_by = $2, approved_at = now() WHERE id = $1`, [versionId, approvedBy]);
  }

  async startDispatch(manager: EntityManager, versionId: string): Promise<void> {
    await manager.query(`UPDATE incident_version SET status = 'dispatching', dispatched_at = now() WHERE id = $1`, [versionId]);
  }

  /** Adds a draft version and makes it the incident's current one. */
  async insertVersion(
    manager: EntityManager,
    v: { incidentId: string; version: number; body: unknown; changeSummary: string | undefined; createdBy: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO incident_version (incident_id, version, status, body, change_summary, created_by) VALUES ($1, $2, 'draft', $3, $4, $5)`,
      [v.incidentId, v.version, v.body, v.changeSummary, v.createdBy],
    );
    await manager.query('UPDATE incident SET current_version = $2 WHERE id = $1', [v.incidentId, v.version]);
  }

  async close(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE incident SET closed_at = now() WHERE id = $1', [id]);
  }
}
