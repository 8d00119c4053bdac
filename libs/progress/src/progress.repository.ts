import { rowsOf } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The SQL of a version's progress: notice and tenant counts, and its completed milestone. */
@Injectable()
export class ProgressRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  noticeCounts(incidentId: string, version: number): Promise<{ status: string; channel: string; n: number }[]> {
    return this.dataSource.query('SELECT status, channel, count(*)::int AS n FROM notice WHERE incident_id = $1 AND version = $2 GROUP BY status, channel', [
      incidentId,
      version,
    ]);
  }

  /**
   * Affected, acknowledged and withdrawn tenants of the version, and the late ones: first notice about the
   * incident (in this version or an earlier one) sent after due_at, or none sent and due_at past. One pass over
   * the version's rows; the earlier versions' first sends are read once, by hash (none for version 1).
   */
  async tenantCounts(incidentId: string, version: number): Promise<{ affected: number; acknowledged: number; withdrawn: number; late: number }> {
    const [tenants] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE a.kind <> 'withdrawn')::int AS affected, count(*) FILTER (WHERE a.acknowledged_at IS NOT NULL)::int AS acknowledged,
              count(*) FILTER (WHERE a.kind = 'withdrawn')::int AS withdrawn,
              count(*) FILTER (WHERE a.kind <> 'withdrawn' AND a.due_at < coalesce(LEAST(a.first_sent_at, e.first_sent_at), now()))::int AS late
         FROM affected_tenant a
         LEFT JOIN (SELECT tenant_id, min(first_sent_at) AS first_sent_at FROM affected_tenant
                     WHERE incident_id = $1 AND version < $2 AND kind <> 'withdrawn' GROUP BY tenant_id) e ON e.tenant_id = a.tenant_id
        WHERE a.incident_id = $1 AND a.version = $2`,
      [incidentId, version],
    );
    return tenants;
  }

  /** Marks a planned version complete unless a notice of it is still in one of the `open` statuses; null when nothing changed. */
  async markCompleted(incidentId: string, version: number, open: string[]): Promise<Date | null> {
    const updated = rowsOf<{ completed_at: Date }>(
      await this.dataSource.query(
        `UPDATE incident_version v SET completed_at = now()
          WHERE incident_id = $1 AND version = $2 AND planned_at IS NOT NULL AND completed_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM notice n WHERE n.incident_id = v.incident_id AND n.version = v.version AND n.status = ANY($3::text[]))
          RETURNING completed_at`,
        [incidentId, version, open],
      ),
    );
    return updated.length === 0 ? null : updated[0].completed_at;
  }

  async completedAt(incidentId: string, version: number): Promise<Date | null> {
    const [row] = await this.dataSource.query('SELECT completed_at FROM incident_version WHERE incident_id = $1 AND version = $2', [incidentId, version]);
    return row?.completed_at ?? null;
  }

  /** Notices of the version in total, sent or delivered, and failed for good. */
  async outcome(incidentId: string, version: number): Promise<{ total: number; ok: number; failed: number }> {
    const [summary] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('sent', 'delivered'))::int AS ok,
              count(*) FILTER (WHERE status IN ('failed', 'bounced', 'undelivered'))::int AS failed
         FROM notice WHERE incident_id = $1 AND version = $2`,
      [incidentId, version],
    );
    return summary;
  }

  /** Up to 100 versions planned and not yet complete. */
  plannedNotCompleted(): Promise<{ incident_id: string; version: number }[]> {
    return this.dataSource.query(`SELECT incident_id, version FROM incident_version WHERE planned_at IS NOT NULL AND completed_at IS NULL LIMIT 100`);
  }
}
