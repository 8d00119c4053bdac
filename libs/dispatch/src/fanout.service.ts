import { APP_CONFIG, AppConfig } from '@app/config';
import { uuid7 } from '@app/database';
import { FanoutJob } from '@app/queue';
import { Locale } from '@app/templates';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AckTokensService } from '@app/ack';
import { AuditService } from '@app/audit';
import { IncidentRepository } from '@app/incidents';
import { AffectedTenantPage, AffectedTenantsRepository, ContactRow, contactsAtNextPriority } from '@app/scope';
import { IncidentBody } from '@app/incidents';
import { toVersion } from '@app/incidents';
import { DueCursor, DueRow, FanoutRepository } from './fanout.repository';
import { NoticeFeeder } from './notice-feeder';
import { NoticePlanner, PlannedRecipient } from './notice-planner';

/** The scan's keyset (tenant id) and, in the affected phase, how far planning by due time has got. */
type Cursor = { phase: 'affected' | 'withdrawn' | 'done'; after: string | null; planned?: DueCursor | null };

/** The notice deadlines of the tenants in scope, each with the last tenant id (uuid order) that has it. */
export type DeadlineBands = { ms: number; last: string }[];

/**
 * Tenants due by this instant may be planned once the scan (in tenant-id order) has passed `after`: no
 * tenant still to be read is due sooner. ISO 8601, or 'infinity' when no deadline is left past the cursor.
 */
export function planningHorizon(awareAt: string, bands: DeadlineBands, after: string): string {
  const left = bands.filter((b) => b.last > after).map((b) => b.ms);
  if (left.length === 0) return 'infinity';
  return new Date(Date.parse(awareAt) + Math.min(...left)).toISOString();
}

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
 * the NoticeFeeder hands them to Bull as the send queues have room, in the order they were planned.
 *
 * Tenants due soonest are told first. Each page writes its affected tenants with their due time; notices
 * are then planned in (due_at, id) order for every tenant due no later than any tenant the scan has yet to
 * reach could be (the smallest notice deadline among the tenants in scope past the scan's cursor). With one
 * deadline for all, each page is planned as soon as it is read; a tenant with a 4-hour contract is planned
 * before the 100,000 with 72 hours wherever its id falls.
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

    const bands: DeadlineBands = cursor.phase === 'affected' ? await this.deadlineBands(body) : [];
    let fed = false;
    const feed = async (planned: number) => {
      if (planned === 0) return;
      // The first sends are queued before the next page takes the event loop and the pool.
      if (!fed) await this.feeder.feed().catch(() => this.feeder.nudge());
      else this.feeder.nudge();
      fed = true;
    };
    while (cursor.phase === 'affected') {
      // A short first page: the first notices leave within a second of dispatch, before the big pages start.
      const page = await this.affected.scan(body.scope, cursor.after, pages === 0 ? Math.min(this.pageSize, FIRST_PAGE) : this.pageSize);
      if (page.last === null) {
        const planned = await this.planDue(v.incidentId, v.version, body, cursor.planned ?? null, 'infinity', new Map());
        await feed(planned.notices);
        cursor = { phase: v.version > 1 ? 'withdrawn' : 'done', after: null };
      } else {
        const written = await this.insertAffectedPage(v.incidentId, v.version, body, page, cursor.planned ?? null);
        const planned = await this.planDue(v.incidentId, v.version, body, cursor.planned ?? null, planningHorizon(body.awareAt, bands, page.last), written.contacts);
        await feed(planned.notices + written.notices);
        cursor = { phase: 'affected', after: page.last, planned: planned.cursor };
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

  private async deadlineBands(body: IncidentBody): Promise<DeadlineBands> {
    const rows = await this.repository.deadlineBands(body.scope, this.config.noticeDeadlineDefaultMs);
    return rows.map((r) => ({ ms: Number(r.ms), last: r.last }));
  }

  /**
   * Plans, in (due_at, id) order and a page at a time, the version's affected tenants after `after` due by
   * `horizon`; returns where it stopped and the notices it planned. Contacts of the page just read are at hand.
   */
  private async planDue(
    incidentId: string,
    version: number,
    body: IncidentBody,
    after: DueCursor | null,
    horizon: string,
    known: Map<string, ContactRow[]>,
  ): Promise<{ cursor: DueCursor | null; notices: number }> {
    let cursor = after;
    let notices = 0;
    for (;;) {
      const rows = await this.repository.dueToPlan(incidentId, version, cursor, horizon, this.pageSize);
      if (rows.length === 0) return { cursor, notices };
      const missing = rows.filter((r) => !known.has(r.tenant_id)).map((r) => r.tenant_id);
      const fetched = missing.length > 0 ? await this.affected.contacts(missing) : new Map<string, ContactRow[]>();
      const contactsOf = (tenantId: string) => known.get(tenantId) ?? fetched.get(tenantId) ?? [];
      notices += await this.dataSource.transaction((manager) => this.planner.plan(manager, rows.map((r) => this.recipient(incidentId, version, body, r, contactsOf(r.tenant_id)))));
      const last = rows[rows.length - 1];
      cursor = { dueAt: last.due_at, id: last.id };
      if (rows.length < this.pageSize) return { cursor, notices };
    }
  }

  private recipient(incidentId: string, version: number, body: IncidentBody, r: Pick<DueRow, 'id' | 'tenant_id' | 'kind' | 'external_id' | 'locale'>, contacts: ContactRow[]): PlannedRecipient {
    return {
      incidentId,
      version,
      affectedId: r.id,
      tenantId: r.tenant_id,
      tenantExternalId: r.external_id,
      tenantLocale: r.locale as Locale,
      kind: r.kind,
      escalated: false,
      contacts: contactsAtNextPriority(contacts, null),
      channels: body.channels,
    };
  }

  /**
   * Writes the page's affected tenants, each with its due time. One the planning keyset has already passed
   * (its deadline changed while the fan-out ran) is planned at once, in the same transaction. Returns the
   * page's contacts by tenant, for planning, and how many notices were planned here.
   */
  private async insertAffectedPage(
    incidentId: string,
    version: number,
    body: IncidentBody,
    page: AffectedTenantPage,
    planned: DueCursor | null,
  ): Promise<{ contacts: Map<string, ContactRow[]>; notices: number }> {
    const contacts = new Map(page.tenants.map((t) => [t.id, t.contacts]));
    if (page.tenants.length === 0) return { contacts, notices: 0 };
    const tenantIds = page.tenants.map((t) => t.id);
    const toldBefore = new Set<string>();
    if (version > 1) {
      const rows = await this.repository.latestEarlierKinds(incidentId, version, tenantIds);
      for (const r of rows) if (r.kind !== 'withdrawn') toldBefore.add(r.tenant_id);
    }
    const notices = await this.dataSource.transaction(async (manager) => {
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
      // A page run again after a crash writes only the rows it had not written: those were planned with their page or wait in due order.
      const inserted = await this.repository.insertAffected(manager, rows, body.awareAt, this.config.noticeDeadlineDefaultMs, planned);
      const behind = inserted.filter((r) => r.behind);
      if (behind.length === 0) return 0;
      const byId = new Map(page.tenants.map((t) => [t.id, t]));
      const recipients = behind.map((r) => {
        const t = byId.get(r.tenant_id)!;
        return this.recipient(incidentId, version, body, { ...r, external_id: t.externalId, locale: t.locale }, t.contacts);
      });
      return this.planner.plan(manager, recipients);
    });
    return { contacts, notices };
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
