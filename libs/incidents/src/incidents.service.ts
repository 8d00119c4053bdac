import { APP_CONFIG, AppConfig } from '@app/config';
import { IncidentVersionEntity } from '@app/database';
import { QueueProducer } from '@app/queue';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiKeysService, Principal } from '@app/access';
import { AuditService } from '@app/audit';
import { ConflictError, FieldProblem, InvalidInputError, isUuid, NotFoundError } from '@app/kernel';
import { validateDto } from '@app/kernel';
import { AffectedTenantsRepository } from '@app/scope';
import { CreateIncidentDto, IncidentBody, UpdateIncidentDto } from './incident.dto';
import { consistencyProblems, containedAtProblems, settleContainment, systemNamesProblems } from './incident-checks';
import { IncidentRepository } from './incident.repository';
import { toVersion } from './incident-version.mapper';
import { LanguageGap, languageGapFields, localesWithGaps } from './language-gaps';

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

/** How far ahead of our clock `awareAt` may be: the caller's clock may run a little fast. */
export const AWARE_AT_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A vendor cannot have become aware in the future; every deadline of every tenant counts from this time. */
export function awareAtProblems(awareAt: unknown, found: FieldProblem[], now = Date.now()): FieldProblem[] {
  if (found.some((p) => p.field === 'awareAt')) return []; // already refused as malformed
  if (typeof awareAt !== 'string' || !(Date.parse(awareAt) > now + AWARE_AT_CLOCK_SKEW_MS)) return [];
  return [{ field: 'awareAt', message: 'awareAt must not be in the future (at most 5 minutes ahead of the server clock)' }];
}

/** The checks of single fields that class-validator cannot make, on create and on update alike. */
function fieldProblems(value: Partial<IncidentBody>, found: FieldProblem[]): FieldProblem[] {
  return [...systemNamesProblems(value.systemNames, found), ...containedAtProblems(value.containedAt, found)];
}

/** CreateIncidentDto inherits @IsOptional for these, and class-validator lets that win over @IsDefined. */
const REQUIRED = ['title', 'awareAt', 'nature', 'scope', 'contact', 'channels'] as const;
function missingProblems(body: Partial<IncidentBody>): FieldProblem[] {
  return REQUIRED.filter((field) => body[field] === undefined || body[field] === null).map((field) => ({ field, message: `${field} is required` }));
}

/** A notice that cannot be rendered: listed by preview, and the reason dispatch answers 409. */
export interface RenderProblem {
  tenant: string;
  channel: string;
  message: string;
}

/** Renders a version's notices before dispatch. The notices lib composes notices and registers one (PreviewService). */
export interface RenderCheck {
  renderCheck(v: IncidentVersionEntity): Promise<RenderProblem[]>;
}

export interface ApproveOptions {
  /** Approve even though some readers would see text in another language (the gaps go in the audit entry). */
  acceptLanguageGaps?: boolean;
}

/** How a 409 and a console message name the gaps: `pl (3 tenants): consequences, contact.name`. */
export function describeLanguageGaps(gaps: LanguageGap[]): string {
  return gaps.map((g) => `${g.locale} (${g.tenants} ${g.tenants === 1 ? 'tenant' : 'tenants'}): ${g.fields.join(', ')}`).join('; ');
}

@Injectable()
export class IncidentsService {
  private renderChecker: RenderCheck | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly affected: AffectedTenantsRepository,
    private readonly queue: QueueProducer,
    private readonly repository: IncidentRepository,
    private readonly keys: ApiKeysService,
  ) {}

  /** Called by the notices lib at start-up: incidents do not compose notices themselves. */
  useRenderCheck(check: RenderCheck): void {
    this.renderChecker = check;
  }

  async create(input: unknown, actor: Principal): Promise<Record<string, unknown>> {
    const { value, problems } = validateDto(CreateIncidentDto, input);
    if (value) {
      settleContainment(value);
      problems.push(...missingProblems(value), ...windowProblems(value), ...awareAtProblems(value.awareAt, problems), ...fieldProblems(value, problems));
      if (problems.length === 0) problems.push(...consistencyProblems(value));
    }
    if (problems.length > 0) throw new InvalidInputError('The incident is invalid', problems);
    const body = JSON.parse(JSON.stringify(value)) as IncidentBody;
    const id = await this.dataSource.transaction(async (manager) => {
      const incidentId = await this.repository.insertIncident(manager, body.reference);
      if (incidentId === null) throw new ConflictError(`An incident with reference ${body.reference} already exists`);
      await this.repository.insertFirstVersion(manager, incidentId, body, actor.id);
      await this.audit.append(manager, { actor: actor.id, action: 'incident.created', subject: `incident:${incidentId}`, details: { reference: body.reference, version: 1 } });
      return incidentId;
    });
    return this.get(id);
  }

  async list(limit = 100): Promise<Record<string, unknown>[]> {
    const rows = await this.repository.list(limit);
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
    if (!isUuid(id)) throw new NotFoundError(`Incident ${id} does not exist`);
    if (lock) {
      // Every change to an incident takes its row first, so changes to one incident take turns across
      // processes and each reads (in the next statement) what the one before it committed: a loser sees
      // the new version, the approval or the close and gets its 409.
      if (!(await this.repository.lockIncident(id, manager))) throw new NotFoundError(`Incident ${id} does not exist`);
    }
    const row = await this.repository.findCurrentVersion(id, manager, lock);
    if (!row) throw new NotFoundError(`Incident ${id} does not exist`);
    return { version: toVersion(row), closedAt: row.incident_closed_at };
  }

  async get(id: string): Promise<Record<string, unknown>> {
    const { version: v, closedAt } = await this.currentVersion(id);
    const versions = await this.repository.listVersions(id);
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

  async approve(id: string, actor: Principal, options: ApproveOptions = {}): Promise<Record<string, unknown>> {
    await this.dataSource.transaction(async (manager) => {
      const { version: v, closedAt } = await this.currentVersion(id, manager, true);
      if (closedAt) throw new ConflictError('The incident is closed');
      if (v.status !== 'draft') throw new ConflictError(`Version ${v.version} is already ${v.status}`);
      const creatorOwner = await this.keys.ownerOf(v.createdBy, manager);
      // Four eyes per person: another key of the same owner is the same pair of eyes.
      if (this.config.requireApproval && (v.createdBy === actor.id || (creatorOwner !== null && creatorOwner === actor.owner))) {
        throw new ConflictError('Four-eyes rule: a version must be approved by a different key, held by a different person (owner), than the one that created it');
      }
      const gaps = await this.languageGapsOnly(v, manager);
      if (gaps.length > 0 && options.acceptLanguageGaps !== true) {
        throw new ConflictError(
          `Version ${v.version} has language gaps, text its readers would see in another language: ${describeLanguageGaps(gaps)}. ` +
            'Approve with {"acceptLanguageGaps": true} to send these texts as they are',
          undefined,
          { languageGaps: gaps },
        );
      }
      await this.repository.approveVersion(manager, v.id, actor.id);
      await this.audit.append(manager, {
        actor: actor.id,
        action: 'incident.approved',
        subject: `incident:${id}`,
        details: { version: v.version, creatorOwner, approverOwner: actor.owner, ...(gaps.length > 0 ? { acceptedLanguageGaps: gaps } : {}) },
      });
    });
    return this.get(id);
  }

  /**
   * For each language read by the affected tenants' first-notice contacts: the text fields its readers
   * would see in another language (empty: none) and how many tenants read it. A version without any
   * possible gap (every text in every language, or all in the one language read) needs no query.
   */
  async languageGaps(v: IncidentVersionEntity, manager?: EntityManager): Promise<LanguageGap[]> {
    const body = v.body as unknown as IncidentBody;
    const source = { body: v.body, version: v.version, changeSummary: v.changeSummary };
    const readers = await this.affected.readersByLocale(body.scope, body.channels, manager);
    return readers.map(({ locale, tenants }) => ({ locale, fields: languageGapFields(source, locale), tenants }));
  }

  /** The gaps only (locales whose readers would see another language); no query when no locale could have one. */
  private async languageGapsOnly(v: IncidentVersionEntity, manager?: EntityManager): Promise<LanguageGap[]> {
    if (localesWithGaps({ body: v.body, version: v.version, changeSummary: v.changeSummary }).length === 0) return [];
    return (await this.languageGaps(v, manager)).filter((g) => g.fields.length > 0);
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
      await this.repository.startDispatch(manager, v.id);
      await this.audit.append(manager, { actor: actor.id, action: 'incident.dispatched', subject: `incident:${id}`, details: { version: v.version } });
      return { id, version: v.version, status: 'dispatching', started: true };
    });
    // After commit: a lost enqueue is repaired by the sweeper, which restarts fan-outs with no live job.
    if (result.started || result.status === 'dispatching') await this.queue.enqueueFanout({ incidentId: id, version: result.version });
    return { id: result.id, version: result.version, status: result.status };
  }

  async createUpdate(id: string, input: unknown, actor: Principal): Promise<Record<string, unknown>> {
    const { value, problems } = validateDto(UpdateIncidentDto, input);
    if (value) problems.push(...awareAtProblems(value.awareAt, problems), ...fieldProblems(value, problems));
    if (problems.length > 0) throw new InvalidInputError('The update is invalid', problems);
    await this.dataSource.transaction(async (manager) => {
      const { version: v, closedAt } = await this.currentVersion(id, manager, true);
      if (closedAt) throw new ConflictError('The incident is closed');
      if (v.status === 'draft' || v.status === 'approved') {
        throw new ConflictError(`Version ${v.version} has not been dispatched yet; dispatch it before filing an update`);
      }
      const { changeSummary, ...changes } = JSON.parse(JSON.stringify(value)) as UpdateIncidentDto;
      const body = { ...v.body, ...changes } as IncidentBody;
      settleContainment(body, changes);
      const merged = [...windowProblems(body), ...consistencyProblems(body)];
      if (merged.length > 0) throw new InvalidInputError('The update is invalid', merged);
      const next = v.version + 1;
      await this.repository.insertVersion(manager, { incidentId: id, version: next, body, changeSummary: JSON.stringify(changeSummary), createdBy: actor.id });
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
      if (closedAt) throw new ConflictError('The incident is already closed');
      await this.repository.close(manager, id);
      await this.audit.append(manager, { actor: actor.id, action: 'incident.closed', subject: `incident:${id}`, details: {} });
    });
    return this.get(id);
  }

  /** Renders one notice per language and kind in use (the notices lib does it), so a template or data problem stops dispatch before anything is sent. */
  private renderCheck(v: IncidentVersionEntity): Promise<RenderProblem[]> {
    if (!this.renderChecker) throw new Error('No render check is registered: import NoticesModule where incidents are dispatched');
    return this.renderChecker.renderCheck(v);
  }
}
