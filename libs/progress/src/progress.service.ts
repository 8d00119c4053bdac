import { NOTICE_STATUSES } from '@app/database';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { AffectedTenantsRepository } from '@app/scope';
import { IncidentBody } from '@app/incidents';
import { IncidentsService } from '@app/incidents';
import { ProgressRepository } from './progress.repository';

const OPEN = ['pending', 'queued', 'sending'];

@Injectable()
export class ProgressService {
  constructor(
    private readonly repository: ProgressRepository,
    private readonly incidents: IncidentsService,
    private readonly affected: AffectedTenantsRepository,
    private readonly audit: AuditService,
  ) {}

  async progress(id: string): Promise<Record<string, unknown>> {
    const { version: v, closedAt } = await this.incidents.currentVersion(id);
    const counts = await this.repository.noticeCounts(id, v.version);
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
    const tenants = await this.repository.tenantCounts(id, v.version);
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
      lateTenants: tenants.late,
      dispatchedAt: v.dispatchedAt,
      plannedAt: v.plannedAt,
      completedAt,
    };
  }

  /** Every notice of a planned version has settled: record the milestone once. */
  async markCompleted(incidentId: string, version: number): Promise<Date | null> {
    const completedAt = await this.repository.markCompleted(incidentId, version, OPEN);
    if (completedAt === null) return this.repository.completedAt(incidentId, version);
    const summary = await this.repository.outcome(incidentId, version);
    await this.audit.record({ actor: 'system', action: 'dispatch.completed', subject: `incident:${incidentId}`, details: { version, ...summary } });
    return completedAt;
  }

  /** Versions planned but not yet marked complete (checked by the maintenance job). */
  async completeSettledVersions(): Promise<number> {
    const rows = await this.repository.plannedNotCompleted();
    let done = 0;
    for (const r of rows) if (await this.markCompleted(r.incident_id, r.version)) done++;
    return done;
  }
}
