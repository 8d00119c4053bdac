import { uuid7 } from '@app/database';
import { FanoutJob } from '@app/queue';
import { Locale } from '@app/templates';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AckTokensService } from '@app/ack';
import { AuditService } from '@app/audit';
import { AffectedTenantPage, AffectedTenantsRepository, contactsAtNextPriority, IncidentRepository } from '@app/incidents';
import { IncidentBody } from '@app/incidents';
import { toVersion } from '@app/incidents';
import { FanoutRepository } from './fanout.repository';
import { NoticeFeeder } from './notice-feeder';
import { NoticePlanner, PlannedRecipient } from './notice-planner';

type Cursor = { phase: 'affected' | 'withdrawn' | 'done'; after: string | null };

const FIRST_PAGE = 100;

export interface FanoutResult {
  outcome: 'planned' | 'skipped';
  reason?: string;
  pages: number;
}

/**
 * Plans the notices of one dispatched version, page by page over the affected tenants (keyset on tenant id),
 * never holding them all in memory. The cursor is saved after each page, so a restarted job resumes;
 * every write is idempotent, so a page done twice plans nothing twice. Notices are born queued in PostgreSQL;
 * the NoticeFeeder hands them to Bull as the send queues have room.
 */
@Injectable()
export class FanoutService {
  private readonly logger = new Logger('Fanout');
  /**
   * Tenants per page. Each page is about ten sequential round trips that wait behind the worker's
   * concurrent sends for a pooled connection, so fewer, larger pages plan faster; 2,000 tenants
   * (about 5,000 notices, two INSERT chunks) stay a few MB in memory.
   */
  pageSize = 2000;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly affected: AffectedTenantsRepository,
    private readonly planner: NoticePlanner,
    private readonly ackTokens: AckTokensService,
    private readonly audit: AuditService,
    private readonly feeder: NoticeFeeder,
    private readonly repository: FanoutRepository,
    private readonly incidents: IncidentRepository,
  ) {}

  async run(job: FanoutJob): Promise<FanoutResult> {
    const row = await this.incidents.findVersion(job.incidentId, job.version);
    if (!row) return { outcome: 'skipped', reason: 'no such version', pages: 0 };
    const v = toVersion(row);
    if (v.status !== 'dispatching' && v.status !== 'dispatched') return { outcome: 'skipped', reason: `version is ${v.status}`, pages: 0 };
    if (v.plannedAt) return { outcome: 'skipped', reason: 'already planned', pages: 0 };
    const body = v.body as unknown as IncidentBody;
    let cursor: Cursor = (v.fanoutCursor as Cursor | null) ?? { phase: 'affected', after: null };
    let pages = 0;
    const started = Date.now();

    while (cursor.phase === 'affected') {
      // A short first page: the first notices leave within a second of dispatch, before the big pages start.
      const page = await this.affected.scan(body.scope, cursor.after, pages === 0 ? Math.min(this.pageSize, FIRST_PAGE) : this.pageSize);
      if (page.last === null) {
        cursor = { phase: v.version > 1 ? 'withdrawn' : 'done', after: null };
      } else {
        await this.planAffectedPage(v.incidentId, v.version, body, page);
        // The first page's sends are queued before the next page takes the event loop and the pool.
        if (pages === 0) await this.feeder.feed().catch(() => this.feeder.nudge());
        else this.feeder.nudge();
        cursor = { phase: 'affected', after: page.last };
        pages++;
      }
      await this.saveCursor(v.id, cursor);
    }
    while (cursor.phase === 'withdrawn') {
      const last = await this.planWithdrawnPage(v.incidentId, v.version, cursor.after);
      cursor = last === null ? { phase: 'done', after: null } : { phase: 'withdrawn', after: last };
      await this.saveCursor(v.id, cursor);
      if (last !== null) pages++;
    }

    const totals = await this.repository.totals(v.incidentId, v.version);
    if (await this.repository.markPlanned(v.id)) {
      await this.audit.record({
        actor: 'system',
        action: 'dispatch.planned',
        subject: `incident:${v.incidentId}`,
        details: { version: v.version, affectedTenants: totals.tenants, notices: totals.notices },
      });
    }
    this.logger.log(`incident ${v.incidentId} v${v.version}: planned ${totals.notices} notices for ${totals.tenants} tenants in ${Date.now() - started} ms`);
    return { outcome: 'planned', pages };
  }

  private async saveCursor(versionId: string, cursor: Cursor): Promise<void> {
    await this.repository.saveCursor(versionId, cursor);
  }

  private async planAffectedPage(incidentId: string, version: number, body: IncidentBody, page: AffectedTenantPage): Promise<void> {
    if (page.tenants.length === 0) return;
    const tenantIds = page.tenants.map((t) => t.id);
    const toldBefore = new Set<string>();
    if (version > 1) {
      const rows = await this.repository.latestEarlierKinds(incidentId, version, tenantIds);
      for (const r of rows) if (r.kind !== 'withdrawn') toldBefore.add(r.tenant_id);
    }
    await this.dataSource.transaction(async (manager) => {
      const primary = new Map(page.tenants.map((t) => [t.id, contactsAtNextPriority(t.contacts, null)]));
      const rows: unknown[][] = [];
      for (const t of page.tenants) {
        const token = await this.ackTokens.token(incidentId, version, t.id);
        const { matchedBy, ...facts } = t.facts;
        rows.push([
          uuid7(),
          incidentId,
          version,
          t.id,
          toldBefore.has(t.id) ? 'update' : 'initial',
          { ...facts, matchedBy },
          AckTokensService.hash(token),
          primary.get(t.id)?.[0]?.priority ?? null,
        ]);
      }
      let ids = await this.repository.insertAffected(manager, rows);
      if (ids.length < rows.length) {
        // A page run again after a crash: some of its tenants already have their row.
        ids = await this.repository.affectedOf(manager, incidentId, version, tenantIds);
      }
      const byTenant = new Map(ids.map((r) => [r.tenant_id, r]));
      const recipients: PlannedRecipient[] = page.tenants.map((t) => ({
        incidentId,
        version,
        affectedId: byTenant.get(t.id)!.id,
        tenantId: t.id,
        tenantExternalId: t.externalId,
        tenantLocale: t.locale,
        kind: byTenant.get(t.id)!.kind,
        escalated: false,
        contacts: primary.get(t.id) ?? [],
        channels: body.channels,
      }));
      await this.planner.plan(manager, recipients);
    });
  }

  /**
   * Tenants told in an earlier version and out of scope now get a short notice saying so (by email), at their
   * primary contacts and at every contact told before (an escalation contact may have acted on the first notice).
   */
  private async planWithdrawnPage(incidentId: string, version: number, after: string | null): Promise<string | null> {
    const rows = (await this.repository.withdrawnPage(incidentId, version, after, this.pageSize)) as { tenant_id: string; external_id: string; locale: Locale }[];
    if (rows.length === 0) return null;
    const tenantIds = rows.map((r) => r.tenant_id);
    const contacts = await this.affected.contacts(tenantIds);
    const toldBefore = new Set<string>(await this.repository.contactsToldBefore(incidentId, version, tenantIds));
    const recipientsOf = (tenantId: string) => {
      const all = contacts.get(tenantId) ?? [];
      const primary = new Set(contactsAtNextPriority(all, null).map((c) => c.id));
      return all.filter((c) => primary.has(c.id) || toldBefore.has(c.id));
    };
    await this.dataSource.transaction(async (manager) => {
      const insert: unknown[][] = [];
      for (const r of rows) {
        const token = await this.ackTokens.token(incidentId, version, r.tenant_id);
        insert.push([incidentId, version, r.tenant_id, 'withdrawn', {}, AckTokensService.hash(token)]);
      }
      await this.repository.insertWithdrawn(manager, insert);
      const ids = await this.repository.affectedIds(manager, incidentId, version, tenantIds);
      const byTenant = new Map(ids.map((r) => [r.tenant_id, r.id]));
      await this.planner.plan(
        manager,
        rows.map((r) => ({
          incidentId,
          version,
          affectedId: byTenant.get(r.tenant_id)!,
          tenantId: r.tenant_id,
          tenantExternalId: r.external_id,
          tenantLocale: r.locale,
          kind: 'withdrawn' as const,
          escalated: false,
          contacts: recipientsOf(r.tenant_id),
          channels: ['email' as const],
        })),
      );
    });
    this.feeder.nudge();
    return rows[rows.length - 1].tenant_id;
  }
}
