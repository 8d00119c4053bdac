import { APP_CONFIG, AppConfig } from '@app/config';
import { IncidentVersionEntity } from '@app/database';
import { QueueProducer } from '@app/queue';
import { isLocale, Locale, NoticeRenderer } from '@app/templates';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../access/api-keys.service';
import { AckTokensService } from '../ack/ack-tokens.service';
import { AuditService } from '../audit/audit.service';
import { ConflictError, FieldProblem, InvalidInputError, NotFoundError } from '../errors';
import { validateDto } from '../validation';
import { AffectedTenantsRepository, contactsAtNextPriority } from './affected-tenants.repository';
import { CreateIncidentDto, IncidentBody, UpdateIncidentDto } from './incident.dto';
import { buildNoticeView } from './notice-view.builder';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cross-field checks class-validator cannot express. */
function windowProblems(body: Partial<IncidentBody>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (body.occurredFrom && body.occurredTo && Date.parse(body.occurredFrom) > Date.parse(body.occurredTo)) {
    problems.push({ field: 'occurredTo', message: 'occurredTo must not be before occurredFrom' });
  }
  const scope = body.scope;
  if (scope?.exposedFrom && scope.exposedTo && scope.exposedFrom > scope.exposedTo) {
    problems.push({ field: 'scope.exposedTo', message: 'scope.exposedTo must not be before scope.exposedFrom' });
  }
  return problems;
}

/** CreateIncidentDto inherits @IsOptional for these, and class-validator lets that win over @IsDefined. */
const REQUIRED = ['title', 'awareAt', 'nature', 'scope', 'contact', 'channels'] as const;
function missingProblems(body: Partial<IncidentBody>): FieldProblem[] {
  return REQUIRED.filter((field) => body[field] === undefined || body[field] === null).map((field) => ({ field, message: `${field} is required` }));
}

export interface PreviewMessage {
  channel: 'email' | 'sms';
  to: string;
  contactRole: string;
  locale: Locale;
  subject: string | null;
  text: string;
  html: string | null;
}

/** A notice that cannot be rendered: listed by preview, and the reason dispatch answers 409. */
export interface RenderProblem {
  tenant: string;
  channel: string;
  message: string;
}

@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly affected: AffectedTenantsRepository,
    private readonly renderer: NoticeRenderer,
    private readonly ackTokens: AckTokensService,
    private readonly queue: QueueProducer,
  ) {}

  async create(input: unknown, actor: Principal): Promise<Record<string, unknown>> {
    const { value, problems } = validateDto(CreateIncidentDto, input);
    if (value) problems.push(...missingProblems(value), ...windowProblems(value));
    if (problems.length > 0) throw new InvalidInputError('The incident is invalid', problems);
    const body = JSON.parse(JSON.stringify(value)) as IncidentBody;
    const id = await this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query(
        'INSERT INTO incident (reference, current_version) VALUES ($1, 1) ON CONFLICT (reference) DO NOTHING RETURNING id',
        [body.reference],
      );
      if (inserted.length === 0) throw new ConflictError(`An incident with reference ${body.reference} already exists`);
      const incidentId = inserted[0].id as string;
      await manager.query(`INSERT INTO incident_version (incident_id, version, status, body, created_by) VALUES ($1, 1, 'draft', $2, $3)`, [
        incidentId,
        body,
        actor.id,
      ]);
      await this.audit.append(manager, { actor: actor.id, action: 'incident.created', subject: `incident:${incidentId}`, details: { reference: body.reference, version: 1 } });
      return incidentId;
    });
    return this.get(id);
  }

  async list(limit = 100): Promise<Record<string, unknown>[]> {
    const rows = await this.dataSource.query(
      `SELECT i.id, i.reference, i.current_version, i.closed_at, i.created_at, v.status, v.body->'title' AS title, v.dispatched_at, v.completed_at
         FROM incident i JOIN incident_version v ON v.incident_id = i.id AND v.version = i.current_version
        ORDER BY i.created_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      reference: r.reference,
      version: r.current_version,
      status: r.closed_at ? 'closed' : r.status,
      title: r.title,
      createdAt: r.created_at,
      dispatchedAt: r.dispatched_at,
      completedAt: r.completed_at,
    }));
  }

  async currentVersion(id: string, manager?: EntityManager, lock = false): Promise<{ version: IncidentVersionEntity; closedAt: Date | null }> {
    if (!UUID.test(id)) throw new NotFoundError(`Incident ${id} does not exist`);
    const db = manager ?? this.dataSource;
    const [row] = await db.query(
      `SELECT v.*, i.closed_at AS incident_closed_at FROM incident i JOIN incident_version v ON v.incident_id = i.id AND v.version = i.current_version
        WHERE i.id = $1 ${lock ? 'FOR UPDATE OF v' : ''}`,
      [id],
    );
    if (!row) throw new NotFoundError(`Incident ${id} does not exist`);
    return { version: toVersion(row), closedAt: row.incident_closed_at };
  }

  async get(id: string): Promise<Record<string, unknown>> {
    const { version: v, closedAt } = await this.currentVersion(id);
    const versions = await this.dataSource.query(
      `SELECT version, status, change_summary, created_at, approved_at, dispatched_at, planned_at, completed_at FROM incident_version WHERE incident_id = $1 ORDER BY version`,
      [id],
    );
    return {
      id,
      ...v.body,
      version: v.version,
      status: closedAt ? 'closed' : v.status,
      changeSummary: v.changeSummary ?? null,
      createdAt: v.createdAt,
      createdBy: v.createdBy,
      approvedAt: v.approvedAt,
      approvedBy: v.approvedBy,
      dispatchedAt: v.dispatchedAt,
      plannedAt: v.plannedAt,
      completedAt: v.completedAt,
      closedAt,
      versions: versions.map((r: Record<string, unknown>) => ({
        version: r.version,
        status: r.status,
        changeSummary: r.change_summary,
        createdAt: r.created_at,
        approvedAt: r.approved_at,
        dispatchedAt: r.dispatched_at,
        plannedAt: r.planned_at,
        completedAt: r.completed_at,
      })),
    };
  }

  async approve(id: string, actor: Principal): Promise<Record<string, unknown>> {
    await this.dataSource.transaction(async (manager) => {
      const { version: v, closedAt } = await this.currentVersion(id, manager, true);
      if (closedAt) throw new ConflictError('The incident is closed');
      if (v.status !== 'draft') throw new ConflictError(`Version ${v.version} is already ${v.status}`);
      const [creator] = v.createdBy ? await manager.query('SELECT owner FROM api_key WHERE id = $1', [v.createdBy]) : [];
      const creatorOwner = (creator?.owner as string | undefined) ?? null;
      // Four eyes per person: another key of the same owner is the same pair of eyes.
      if (this.config.requireApproval && (v.createdBy === actor.id || (creatorOwner !== null && creatorOwner === actor.owner))) {
        throw new ConflictError('Four-eyes rule: a version must be approved by a different key, held by a different person (owner), than the one that created it');
      }
      await manager.query(`UPDATE incident_version SET status = 'approved', approved_by = $2, approved_at = now() WHERE id = $1`, [v.id, actor.id]);
      await this.audit.append(manager, {
        actor: actor.id,
        action: 'incident.approved',
        subject: `incident:${id}`,
        details: { version: v.version, creatorOwner, approverOwner: actor.owner },
      });
    });
    return this.get(id);
  }

  /** Plans and queues the notices of the current version; again is a no-op. */
  async dispatch(id: string, actor: Principal): Promise<{ id: string; version: number; status: string }> {
    const { version: before } = await this.currentVersion(id);
    if (before.status === 'draft') throw new ConflictError(`Version ${before.version} is a draft: approve it before dispatch`);
    if (before.status === 'approved') {
      const errors = await this.renderCheck(before);
      if (errors.length > 0) throw new ConflictError('Some notices cannot be rendered; fix the incident before dispatch', { renderErrors: errors });
    }
    const result = await this.dataSource.transaction(async (manager) => {
      const { version: v, closedAt } = await this.currentVersion(id, manager, true);
      if (closedAt) throw new ConflictError('The incident is closed');
      if (v.status === 'draft') throw new ConflictError(`Version ${v.version} is a draft: approve it before dispatch`);
      if (v.status !== 'approved') return { id, version: v.version, status: v.status, started: false };
      await manager.query(`UPDATE incident_version SET status = 'dispatching', dispatched_at = now() WHERE id = $1`, [v.id]);
      await this.audit.append(manager, { actor: actor.id, action: 'incident.dispatched', subject: `incident:${id}`, details: { version: v.version } });
      return { id, version: v.version, status: 'dispatching', started: true };
    });
    // After commit: a lost enqueue is repaired by the sweeper, which restarts fan-outs with no live job.
    if (result.started || result.status === 'dispatching') await this.queue.enqueueFanout({ incidentId: id, version: result.version });
    return { id: result.id, version: result.version, status: result.status };
  }

  async createUpdate(id: string, input: unknown, actor: Principal): Promise<Record<string, unknown>> {
    const { value, problems } = validateDto(UpdateIncidentDto, input);
    if (problems.length > 0) throw new InvalidInputError('The update is invalid', problems);
    await this.dataSource.transaction(async (manager) => {
      const { version: v, closedAt } = await this.currentVersion(id, manager, true);
      if (closedAt) throw new ConflictError('The incident is closed');
      if (v.status === 'draft' || v.status === 'approved') {
        throw new ConflictError(`Version ${v.version} has not been dispatched yet; dispatch it before filing an update`);
      }
      const { changeSummary, ...changes } = JSON.parse(JSON.stringify(value)) as UpdateIncidentDto;
      const body = { ...v.body, ...changes } as IncidentBody;
      const merged = windowProblems(body);
      if (merged.length > 0) throw new InvalidInputError('The update is invalid', merged);
      const next = v.version + 1;
      await manager.query(
        `INSERT INTO incident_version (incident_id, version, status, body, change_summary, created_by) VALUES ($1, $2, 'draft', $3, $4, $5)`,
        [id, next, body, JSON.stringify(changeSummary), actor.id],
      );
      await manager.query('UPDATE incident SET current_version = $2 WHERE id = $1', [id, next]);
      await this.audit.append(manager, {
        actor: actor.id,
        action: 'incident.updated',
        subject: `incident:${id}`,
        details: { version: next, changed: Object.keys(changes) },
      });
    });
    return this.get(id);
  }

  async close(id: string, actor: Principal): Promise<Record<string, unknown>> {
    await this.dataSource.transaction(async (manager) => {
      const { closedAt } = await this.currentVersion(id, manager, true);
      if (closedAt) return;
      await manager.query('UPDATE incident SET closed_at = now() WHERE id = $1', [id]);
      await this.audit.append(manager, { actor: actor.id, action: 'incident.closed', subject: `incident:${id}`, details: {} });
    });
    return this.get(id);
  }

  async preview(id: string, limit: number): Promise<Record<string, unknown>> {
    const { version: v } = await this.currentVersion(id);
    const body = v.body as unknown as IncidentBody;
    const [affectedTenants, counts] = await Promise.all([this.affected.count(body.scope), this.affected.plannedCounts(body.scope)]);
    const page = await this.affected.page(body.scope, null, limit, 'external_id');
    const renderErrors: RenderProblem[] = [];
    const samples = [];
    for (const tenant of page.tenants) {
      const messages: PreviewMessage[] = [];
      for (const contact of contactsAtNextPriority(tenant.contacts, null)) {
        for (const message of await this.renderFor(v, tenant, contact, renderErrors)) messages.push(message);
      }
      samples.push({ tenant: tenant.externalId, name: tenant.name, locale: tenant.locale, facts: withoutInternal(tenant.facts), messages });
    }
    return {
      version: v.version,
      status: v.status,
      affectedTenants,
      plannedNotices: { email: body.channels.includes('email') ? counts.email : 0, sms: body.channels.includes('sms') ? counts.sms : 0 },
      samples,
      renderErrors,
    };
  }

  /** Renders one notice per language and kind in use, so a template or data problem stops dispatch before anything is sent. */
  private async renderCheck(v: IncidentVersionEntity): Promise<RenderProblem[]> {
    const body = v.body as unknown as IncidentBody;
    const errors: RenderProblem[] = [];
    const page = await this.affected.page(body.scope, null, 200, 'id');
    const seen = new Set<string>();
    for (const tenant of page.tenants) {
      const kind = await this.kindFor(v, tenant.id);
      for (const contact of contactsAtNextPriority(tenant.contacts, null)) {
        const key = `${contact.locale ?? tenant.locale}:${kind}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await this.renderFor(v, tenant, contact, errors, kind);
      }
    }
    return errors;
  }

  private async renderFor(
    v: IncidentVersionEntity,
    tenant: Awaited<ReturnType<AffectedTenantsRepository['page']>>['tenants'][number],
    contact: Awaited<ReturnType<AffectedTenantsRepository['page']>>['tenants'][number]['contacts'][number],
    errors: RenderProblem[],
    kind?: 'initial' | 'update',
  ): Promise<PreviewMessage[]> {
    const body = v.body as unknown as IncidentBody;
    const locale: Locale = isLocale(contact.locale) ? contact.locale : tenant.locale;
    const token = await this.ackTokens.token(v.incidentId, v.version, tenant.id);
    kind ??= await this.kindFor(v, tenant.id);
    const view = buildNoticeView(
      {
        body,
        version: v.version,
        kind,
        changeSummary: v.changeSummary,
        facts: tenant.facts,
        tenant,
        recipient: { name: contact.name, role: contact.role },
        locale,
        escalated: false,
        ackUrl: this.ackTokens.url(token),
      },
      this.config,
    );
    const messages: PreviewMessage[] = [];
    for (const channel of body.channels) {
      const to = channel === 'email' ? contact.email : contact.phone;
      if (!to) continue;
      try {
        if (channel === 'email') {
          const mail = this.renderer.renderEmail(view);
          messages.push({ channel, to, contactRole: contact.role, locale, subject: mail.subject, text: mail.text, html: mail.html });
        } else {
          const sms = this.renderer.renderSms(view);
          messages.push({ channel, to, contactRole: contact.role, locale, subject: null, text: sms.text, html: null });
        }
      } catch (error) {
        errors.push({ tenant: tenant.externalId, channel, message: (error as Error).message });
      }
    }
    return messages;
  }

  /** initial for a tenant first told in this version, update for one told before. */
  private async kindFor(v: IncidentVersionEntity, tenantId: string): Promise<'initial' | 'update'> {
    if (v.version === 1) return 'initial';
    const [row] = await this.dataSource.query(
      `SELECT 1 FROM affected_tenant WHERE incident_id = $1 AND version < $2 AND tenant_id = $3 AND kind <> 'withdrawn' LIMIT 1`,
      [v.incidentId, v.version, tenantId],
    );
    return row ? 'update' : 'initial';
  }
}

function withoutInternal<T extends { matchedBy?: unknown }>(facts: T): Omit<T, 'matchedBy'> {
  const { matchedBy, ...rest } = facts;
  void matchedBy;
  return rest;
}

export function toVersion(row: Record<string, unknown>): IncidentVersionEntity {
  return {
    id: row.id as string,
    incidentId: row.incident_id as string,
    version: row.version as number,
    status: row.status as IncidentVersionEntity['status'],
    body: row.body as Record<string, unknown>,
    changeSummary: row.change_summary,
    createdBy: row.created_by as string | null,
    approvedBy: row.approved_by as string | null,
    approvedAt: row.approved_at as Date | null,
    dispatchedAt: row.dispatched_at as Date | null,
    plannedAt: row.planned_at as Date | null,
    completedAt: row.completed_at as Date | null,
    fanoutCursor: row.fanout_cursor as IncidentVersionEntity['fanoutCursor'],
    createdAt: row.created_at as Date,
  };
}
