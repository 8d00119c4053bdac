import { NOTICE_STATUSES } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { rowsOf } from '@app/database';
import { AffectedTenantsRepository } from '@app/incidents';
import { IncidentBody } from '@app/incidents';
import { IncidentsService } from '@app/incidents';

const OPEN = ['pending', 'queued', 'sending'];

@Injectable()
export class ProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly affected: AffectedTenantsRepository,
    private readonly audit: AuditService,
  ) {}

  async progress(id: string): Promise<Record<string, unknown>> {
    const { version: v, closedAt } = await this.incidents.currentVersion(id);
    const counts: { status: string; channel: string; n: number }[] = await this.dataSource.query(
      'SELECT status, channel, count(*)::int AS n FROM notice WHERE incident_id = $1 AND version = $2 GROUP BY status, channel',
      [id, v.version],
    );
    const notices: Record<string, number> = { total: 0, ...Object.fromEntries(NOTICE_STATUSES.map((s) => [s, 0])) };
    const byChannel: Record<string, Record<string, number>> = {};
    for (const c of counts) {
      notices[c.status] += c.n;
      notices.total += c.n;
      byChannel[c.channel] ??= { total: 0, ...Object.fromEntries(NOTICE_STATUSES.map((s) => [s, 0])) };
      byChannel[c.channel][c.status] += c.n;
      byChannel[c.channel].total += c.n;
    }
    const dispatched = v.status === 'dispatching' || v.status === 'dispatched';
    const [tenants] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE kind <> 'withdrawn')::int AS affected, count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::int AS acknowledged,
              count(*) FILTER (WHERE kind = 'withdrawn')::int AS withdrawn
         FROM affected_tenant WHERE incident_id = $1 AND version = $2`,
      [id, v.version],
    );
    const affectedTenants = dispatched ? tenants.affected : await this.affected.count((v.body as unknown as IncidentBody).scope);
    let completedAt = v.completedAt;
    if (v.plannedAt && !completedAt && OPEN.every((s) => notices[s] === 0)) completedAt = await this.markCompleted(id, v.version);
    return {
      id,
      version: v.version,
      status: closedAt ? 'closed' : v.status,
      affectedTenants,
      withdrawnTenants: tenants.withdrawn,
      notices,
      byChannel,
      acknowledgedTenants: tenants.acknowledged,
      dispatchedAt: v.dispatchedAt,
      plannedAt: v.plannedAt,
      completedAt,
    };
  }

  /** Every notice of a planned version has settled: record the milestone once. */
  async markCompleted(incidentId: string, version: number): Promise<Date | null> {
    const updated = rowsOf<{ completed_at: Date }>(
      await this.dataSource.query(
        `UPDATE incident_version v SET completed_at = now()
          WHERE incident_id = $1 AND version = $2 AND planned_at IS NOT NULL AND completed_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM notice n WHERE n.incident_id = v.incident_id AND n.version = v.version AND n.status = ANY($3::text[]))
          RETURNING completed_at`,
        [incidentId, version, OPEN],
      ),
    );
    if (updated.length === 0) {
      const [row] = await this.dataSource.query('SELECT completed_at FROM incident_version WHERE incident_id = $1 AND version = $2', [incidentId, version]);
      return row?.completed_at ?? null;
    }
    const [summary] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('sent', 'delivered'))::int AS ok,
              count(*) FILTER (WHERE status IN ('failed', 'bounced', 'undelivered'))::int AS failed
         FROM notice WHERE incident_id = $1 AND version = $2`,
      [incidentId, version],
    );
    await this.audit.record({ actor: 'system', action: 'dispatch.completed', subject: `incident:${incidentId}`, details: { version, ...summary } });
    return updated[0].completed_at;
  }

  /** Versions planned but not yet marked complete (checked by the maintenance job). */
  async completeSettledVersions(): Promise<number> {
    const rows = await this.dataSource.query(`SELECT incident_id, version FROM incident_version WHERE planned_at IS NOT NULL AND completed_at IS NULL LIMIT 100`);
    let done = 0;
    for (const r of rows) if (await this.markCompleted(r.incident_id, r.version)) done++;
    return done;
  }
}
