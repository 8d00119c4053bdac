import { Channel, CHANNEL_CATALOG, ChannelCatalog, CHANNELS, Locale, LOCALES } from '@app/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ExposureFacts, IncidentScope, TenantFacts, tenantFacts } from './scope';
import { scopeCondition } from './scope-sql';

export interface ContactRow {
  id: string;
  tenantId: string;
  role: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  webhook: string | null;
  priority: number;
  locale: Locale | null;
}

export interface AffectedTenantPage {
  tenants: {
    id: string;
    externalId: string;
    name: string;
    locale: Locale;
    timezone: string;
    country: string;
    /** The tenant's own regimes; null: those of its country. */
    regimes: string[] | null;
    /** The tenant's notice deadline in hours; null: the configured default. */
    noticeDeadlineHours: number | null;
    facts: TenantFacts;
    contacts: ContactRow[];
  }[];
  /** Keyset cursor: the last tenant id read (null when the page was empty). */
  last: string | null;
}

interface TenantRow {
  id: string;
  external_id: string;
  name: string;
  locale: Locale;
  timezone: string;
  country: string;
  regimes: string[] | null;
  notice_deadline_hours: number | null;
}

/** Reads the tenants an incident scope affects, page by page in tenant-id order, with their facts and contacts. */
@Injectable()
export class AffectedTenantsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CHANNEL_CATALOG) private readonly channels: ChannelCatalog,
  ) {}

  async count(scope: IncidentScope): Promise<number> {
    const cond = scopeCondition(scope);
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM tenant t WHERE ${cond.sql}`, cond.params);
    return row.n;
  }

  /** Notices a dispatch would plan: the lowest-priority contacts of each affected tenant, per channel with an address. */
  async plannedCounts(scope: IncidentScope): Promise<Record<Channel, number>> {
    const cond = scopeCondition(scope);
    const counts = CHANNELS.map((channel) => `count(c.${this.channels.addressField(channel)})::int AS ${channel}`).join(', ');
    const [row] = await this.dataSource.query(
      `SELECT ${counts}
         FROM tenant t JOIN contact c ON c.tenant_id = t.id
        WHERE ${cond.sql} AND c.priority = (SELECT min(priority) FROM contact c2 WHERE c2.tenant_id = t.id)`,
      cond.params,
    );
    return Object.fromEntries(CHANNELS.map((channel) => [channel, row[channel]])) as Record<Channel, number>;
  }

  /**
   * Affected tenants per language read: a tenant counts for each language of a contact of its first
   * notice (its lowest-priority contacts, those with an address on one of `channels`): the contact's
   * language, else the tenant's, else English, as the composer picks it. One pass over the affected
   * tenants and their contacts in tenant order (no query per tenant, no sort of every contact);
   * languages nobody reads are left out, the rest come in the order of LOCALES.
   */
  async readersByLocale(scope: IncidentScope, channels: readonly Channel[], manager?: EntityManager): Promise<{ locale: Locale; tenants: number }[]> {
    const addressed = channels.filter((c) => (CHANNELS as readonly string[]).includes(c)).map((channel) => `c.${this.channels.addressField(channel)} IS NOT NULL`);
    if (addressed.length === 0) return [];
    const cond = scopeCondition(scope, 2);
    const rows: { locale: Locale; tenants: number }[] = await (manager ?? this.dataSource).query(
      `SELECT locale, count(*)::int AS tenants FROM (
         SELECT tenant_id, locale FROM (
           SELECT c.tenant_id, c.priority, (${addressed.join(' OR ')}) AS addressed,
                  CASE WHEN c.locale = ANY($1::text[]) THEN c.locale WHEN t.locale = ANY($1::text[]) THEN t.locale ELSE 'en' END AS locale,
                  min(c.priority) OVER (PARTITION BY c.tenant_id) AS first
             FROM tenant t JOIN contact c ON c.tenant_id = t.id
            WHERE ${cond.sql}) contacts
          WHERE priority = first AND addressed
          GROUP BY tenant_id, locale) readers
       GROUP BY locale`,
      [LOCALES, ...cond.params],
    );
    return rows.sort((a, b) => LOCALES.indexOf(a.locale) - LOCALES.indexOf(b.locale));
  }

  async page(scope: IncidentScope, after: string | null, limit: number, order: 'id' | 'external_id' = 'id', manager?: EntityManager): Promise<AffectedTenantPage> {
    const db = manager ?? this.dataSource;
    const cond = scopeCondition(scope, 3);
    const rows: TenantRow[] = await db.query(
      `SELECT t.id, t.external_id, t.name, t.locale, t.timezone, t.country, t.regimes, t.notice_deadline_hours FROM tenant t
        WHERE ($1::text IS NULL OR t.${order}::text > $1) AND ${cond.sql}
        ORDER BY t.${order} LIMIT $2`,
      [after, limit, ...cond.params],
    );
    if (rows.length === 0) return { tenants: [], last: null };
    return { tenants: await this.withFacts(scope, rows, db), last: order === 'id' ? rows[rows.length - 1].id : rows[rows.length - 1].external_id };
  }

  /**
   * One registered tenant by its externalId, with what it would be told of this scope: its own facts when
   * the scope affects it (`affected`), else the facts of all its exposures, as for a tenant added by
   * `includeTenants` (a test send may show any tenant its notice). Null when no such tenant exists.
   */
  async one(scope: IncidentScope, externalId: string): Promise<(AffectedTenantPage['tenants'][number] & { affected: boolean }) | null> {
    const rows: TenantRow[] = await this.dataSource.query(
      `SELECT t.id, t.external_id, t.name, t.locale, t.timezone, t.country, t.regimes, t.notice_deadline_hours FROM tenant t WHERE t.external_id = $1`,
      [externalId],
    );
    if (rows.length === 0) return null;
    const [affected] = await this.withFacts(scope, rows);
    if (affected) return { ...affected, affected: true };
    const [told] = await this.withFacts({ ...scope, includeTenants: [externalId], excludeTenants: [] }, rows);
    return { ...told, affected: false };
  }

  /**
   * The fan-out's page: the next `limit` tenants by id, all of them, each tested against the scope.
   * Every call reads one slice of the primary key and probes the exposures of those tenants only, so
   * a page costs the same at the millionth tenant as at the first. (Filtering the whole table first
   * and paging the result made PostgreSQL hash every matching exposure and walk the key from its
   * start on each page: O(tenants) per page.) `tenants` may be empty while `last` moves on.
   */
  async scan(scope: IncidentScope, after: string | null, limit: number): Promise<AffectedTenantPage> {
    const cond = scopeCondition(scope, 3);
    const rows: (TenantRow & { affected: boolean })[] = await this.dataSource.query(
      `WITH page AS MATERIALIZED (
         SELECT id, external_id, name, locale, timezone, country, regimes, notice_deadline_hours FROM tenant WHERE $1::uuid IS NULL OR id > $1::uuid ORDER BY id LIMIT $2)
       SELECT t.id, t.external_id, t.name, t.locale, t.timezone, t.country, t.regimes, t.notice_deadline_hours, ${cond.sql} AS affected FROM page t ORDER BY t.id`,
      [after, limit, ...cond.params],
    );
    if (rows.length === 0) return { tenants: [], last: null };
    return { tenants: await this.withFacts(scope, rows.filter((r) => r.affected)), last: rows[rows.length - 1].id };
  }

  private async withFacts(scope: IncidentScope, rows: TenantRow[], db: DataSource | EntityManager = this.dataSource): Promise<AffectedTenantPage['tenants']> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [exposures, contacts] = await Promise.all([this.exposures(ids, db), this.contacts(ids, db)]);
    return rows.flatMap((r) => {
      const facts = tenantFacts(scope, r.external_id, exposures.get(r.id) ?? []);
      if (!facts) return [];
      return [
        {
          id: r.id,
          externalId: r.external_id,
          name: r.name,
          locale: r.locale,
          timezone: r.timezone,
          country: r.country,
          regimes: r.regimes,
          noticeDeadlineHours: r.notice_deadline_hours,
          facts,
          contacts: contacts.get(r.id) ?? [],
        },
      ];
    });
  }

  async exposures(tenantIds: string[], db: DataSource | EntityManager = this.dataSource): Promise<Map<string, ExposureFacts[]>> {
    const rows = await db.query(
      `SELECT tenant_id, system, sub_processor, data_categories, to_char("from", 'YYYY-MM-DD') AS "from", to_char("to", 'YYYY-MM-DD') AS "to",
              data_subjects, records, subject_categories FROM exposure WHERE tenant_id = ANY($1::uuid[]) ORDER BY tenant_id, position`,
      [tenantIds],
    );
    const byTenant = new Map<string, ExposureFacts[]>();
    for (const r of rows) {
      const list = byTenant.get(r.tenant_id) ?? [];
      list.push({
        system: r.system,
        subProcessor: r.sub_processor,
        dataCategories: r.data_categories,
        from: r.from,
        to: r.to,
        dataSubjects: Number(r.data_subjects),
        records: Number(r.records),
        subjectCategories: r.subject_categories,
      });
      byTenant.set(r.tenant_id, list);
    }
    return byTenant;
  }

  async contacts(tenantIds: string[], db: DataSource | EntityManager = this.dataSource): Promise<Map<string, ContactRow[]>> {
    const rows = await db.query(
      `SELECT id, tenant_id, role, name, email, phone, webhook, priority, locale FROM contact WHERE tenant_id = ANY($1::uuid[]) ORDER BY tenant_id, priority, position`,
      [tenantIds],
    );
    const byTenant = new Map<string, ContactRow[]>();
    for (const r of rows) {
      const list = byTenant.get(r.tenant_id) ?? [];
      list.push({ id: r.id, tenantId: r.tenant_id, role: r.role, name: r.name, email: r.email, phone: r.phone, webhook: r.webhook, priority: r.priority, locale: r.locale });
      byTenant.set(r.tenant_id, list);
    }
    return byTenant;
  }
}

/** The contacts with the lowest priority number above `after` (null: the very lowest). */
export function contactsAtNextPriority(contacts: ContactRow[], after: number | null): ContactRow[] {
  const candidates = contacts.filter((c) => after === null || c.priority > after);
  if (candidates.length === 0) return [];
  const next = Math.min(...candidates.map((c) => c.priority));
  return candidates.filter((c) => c.priority === next);
}
