import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { CHANNEL_CATALOG, ChannelCatalog, CHANNELS, FieldProblem, InvalidInputError, NotFoundError } from '@app/kernel';
import { validateDto } from '@app/kernel';
import { effectiveRegimes } from '@app/regimes';
import { EXTERNAL_ID_PATTERN, TenantDto } from './tenant.dto';
import { TenantRepository } from './tenant.repository';

export interface Actor {
  id: string;
  name: string;
}

/** The same contact (role and addresses) keeps the same id across re-imports, so escalation never repeats it. */
function contactId(tenantId: string, role: string, email: string | null, phone: string | null, webhook: string | null, n: number): string {
  // A contact without a webhook keeps the id it had before contacts could have one.
  const hex = createHash('sha256').update(`${tenantId}|${role}|${email ?? ''}|${phone ?? ''}${webhook ? `|${webhook}` : ''}|${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Cross-field checks class-validator cannot express: an exposure may not end before it starts. */
function exposureProblems(tenant: TenantDto | undefined): FieldProblem[] {
  return (Array.isArray(tenant?.exposures) ? tenant.exposures : [])
    .map((e, i) => (e?.from && e.to && e.from > e.to ? { field: `exposures[${i}].to`, message: `exposures[${i}].to must not be before exposures[${i}].from` } : null))
    .filter((p): p is FieldProblem => p !== null);
}

/** Rows validated between two turns of the event loop. */
const VALIDATE_SLICE = 250;

@Injectable()
export class TenantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: TenantRepository,
    @Optional() @Inject(CHANNEL_CATALOG) private readonly channels?: ChannelCatalog,
  ) {}

  /**
   * The checks of each contact address that need more than its syntax, asked of the channel (a webhook URL's
   * host is resolved: it must not point at a private address). One answer per address within a call.
   */
  private async addressProblems(tenant: TenantDto | undefined, cache: Map<string, Promise<string | null>>): Promise<FieldProblem[]> {
    const channels = this.channels;
    if (!channels || !Array.isArray(tenant?.contacts)) return [];
    const problems: FieldProblem[] = [];
    for (const [i, contact] of tenant.contacts.entries()) {
      if (!contact || typeof contact !== 'object') continue;
      for (const channel of CHANNELS) {
        const field = channels.addressField(channel);
        const address = (contact as unknown as Record<string, unknown>)[field];
        if (typeof address !== 'string' || address === '') continue;
        const key = `${channel}:${address}`;
        if (!cache.has(key)) cache.set(key, channels.refusal(channel, address));
        const refusal = await cache.get(key)!;
        if (refusal) problems.push({ field: `contacts[${i}].${field}`, message: `contacts[${i}].${field} ${refusal}` });
      }
    }
    return problems;
  }

  /**
   * Validates every row first (the import writes all of them in one transaction, or none). Every
   * VALIDATE_SLICE rows it gives the event loop a turn, so a 100,000-row file does not stall the
   * other requests of the process for the seconds its validation takes.
   */
  async validateRows(rows: unknown[]): Promise<{ tenants: TenantDto[]; problems: FieldProblem[] }> {
    const tenants: TenantDto[] = [];
    const problems: FieldProblem[] = [];
    const seen = new Map<string, number>();
    const checked = new Map<string, Promise<string | null>>();
    for (let index = 0; index < rows.length; index++) {
      if (index > 0 && index % VALIDATE_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const { value, problems: rowProblems } = validateDto(TenantDto, rows[index]);
      rowProblems.push(...exposureProblems(value));
      if (rowProblems.length === 0) rowProblems.push(...(await this.addressProblems(value, checked)));
      if (value && value.externalId === undefined && rowProblems.every((p) => p.field !== 'externalId')) {
        rowProblems.push({ field: 'externalId', message: 'externalId is required' });
      }
      if (value?.externalId !== undefined) {
        const first = seen.get(value.externalId);
        if (first !== undefined) rowProblems.push({ field: 'externalId', message: `externalId repeats row ${first}` });
        else seen.set(value.externalId, index);
      }
      problems.push(...rowProblems.map((p) => ({ ...p, index, field: `tenants[${index}]${p.field ? `.${p.field}` : ''}` })));
      tenants.push(value);
    }
    return { tenants, problems };
  }

  async import(rows: unknown[], actor: Actor): Promise<{ imported: number; created: number; updated: number }> {
    const { tenants, problems } = await this.validateRows(rows);
    if (problems.length > 0) throw new InvalidInputError(`${new Set(problems.map((p) => p.index)).size} of ${rows.length} tenants are invalid; nothing was imported`, problems);
    return this.dataSource.transaction(async (manager) => {
      const result = await this.write(manager, tenants);
      await this.audit.append(manager, { actor: actor.id, action: 'tenants.imported', subject: 'tenants', details: { ...result, by: actor.name } });
      return result;
    });
  }

  async upsert(externalId: string, body: unknown, actor: Actor): Promise<{ created: boolean; tenant: Record<string, unknown> }> {
    const { value, problems } = validateDto(TenantDto, body);
    problems.push(...exposureProblems(value));
    if (problems.length === 0) problems.push(...(await this.addressProblems(value, new Map())));
    if (!EXTERNAL_ID_PATTERN.test(externalId)) {
      problems.push({ field: 'externalId', message: 'externalId in the path must be 1-128 letters, digits or . _ : @ - and start with a letter or digit' });
    }
    if (value && value.externalId !== undefined && value.externalId !== externalId) {
      problems.push({ field: 'externalId', message: 'externalId in the body must match the one in the path' });
    }
    if (problems.length > 0) throw new InvalidInputError('The tenant is invalid', problems);
    value.externalId = externalId;
    const result = await this.dataSource.transaction(async (manager) => {
      const written = await this.write(manager, [value]);
      await this.audit.append(manager, {
        actor: actor.id,
        action: 'tenant.upserted',
        subject: `tenant:${externalId}`,
        details: { created: written.created === 1, by: actor.name },
      });
      return written;
    });
    return { created: result.created === 1, tenant: (await this.get(externalId))! };
  }

  private async write(manager: EntityManager, tenants: TenantDto[]): Promise<{ imported: number; created: number; updated: number }> {
    const upserted = await this.repository.upsertTenants(
      manager,
      tenants.map((t) => [t.externalId, t.name, t.locale, t.country.toUpperCase(), t.timezone, t.regimes ?? null, t.noticeDeadlineHours ?? null]),
    );
    const idOf = new Map(upserted.map((row) => [row.external_id, row.id]));
    const ids = upserted.map((row) => row.id);
    await this.repository.deleteContactsAndExposures(manager, ids);
    const contacts: unknown[][] = [];
    const exposures: unknown[][] = [];
    for (const t of tenants) {
      const tenantId = idOf.get(t.externalId)!;
      const seen = new Map<string, number>();
      t.contacts.forEach((c, position) => {
        const key = `${c.role}|${c.email ?? ''}|${c.phone ?? ''}|${c.webhook ?? ''}`;
        const n = seen.get(key) ?? 0;
        seen.set(key, n + 1);
        const id = contactId(tenantId, c.role, c.email ?? null, c.phone ?? null, c.webhook ?? null, n);
        contacts.push([id, tenantId, position, c.role, c.name ?? null, c.email?.toLowerCase() ?? null, c.phone ?? null, c.webhook ?? null, c.priority ?? 1, c.locale ?? null]);
      });
      (t.exposures ?? []).forEach((e, position) => {
        exposures.push([tenantId, position, e.system, e.subProcessor ?? null, e.dataCategories, e.from ?? null, e.to ?? null, e.dataSubjects ?? 0, e.records ?? 0, e.subjectCategories ?? []]);
      });
    }
    await this.repository.insertContacts(manager, contacts);
    await this.repository.insertExposures(manager, exposures);
    const created = upserted.filter((row) => row.created).length;
    return { imported: tenants.length, created, updated: tenants.length - created };
  }

  async get(externalId: string): Promise<Record<string, unknown> | null> {
    const tenant = await this.repository.findByExternalId(externalId);
    if (!tenant) return null;
    const contacts = await this.repository.contactsOf(tenant.id);
    const exposures = await this.repository.exposuresOf(tenant.id);
    const drop = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
    return {
      externalId: tenant.external_id,
      name: tenant.name,
      locale: tenant.locale,
      country: tenant.country,
      timezone: tenant.timezone,
      regimes: effectiveRegimes(tenant.regimes, tenant.country),
      noticeDeadlineHours: tenant.notice_deadline_hours ?? null,
      contacts: contacts.map(({ webhook_retired_at, ...c }: Record<string, unknown>) => drop({ ...c, webhookRetiredAt: webhook_retired_at ?? null })),
      webhookSecretRotatedAt: tenant.webhook_secret_rotated_at ?? null,
      exposures: exposures.map((e: Record<string, unknown>) => ({
        system: e.system,
        subProcessor: e.sub_processor,
        dataCategories: e.data_categories,
        from: e.from,
        to: e.to,
        dataSubjects: Number(e.data_subjects),
        records: Number(e.records),
        subjectCategories: e.subject_categories,
      })),
      createdAt: tenant.created_at,
      updatedAt: tenant.updated_at,
    };
  }

  async getOrThrow(externalId: string): Promise<Record<string, unknown>> {
    const tenant = await this.get(externalId);
    if (!tenant) throw new NotFoundError(`Tenant ${externalId} does not exist`);
    return tenant;
  }

  async list(options: { search?: string; limit: number; cursor?: string }): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const rows = await this.repository.page(options);
    const items = rows.slice(0, options.limit).map((r: Record<string, unknown>) => ({
      externalId: r.external_id,
      name: r.name,
      locale: r.locale,
      country: r.country,
      timezone: r.timezone,
      regimes: effectiveRegimes(r.regimes as string[] | null, r.country as string),
      noticeDeadlineHours: r.notice_deadline_hours ?? null,
      contacts: r.contacts,
      exposures: r.exposures,
    }));
    return { items, nextCursor: rows.length > options.limit ? (items[items.length - 1].externalId as string) : null };
  }
}
