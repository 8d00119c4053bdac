import { bulkInsert } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The columns of a tenant row, in the order `upsertTenants` takes them. */
const TENANT_COLUMNS = ['external_id', 'name', 'locale', 'country', 'timezone', 'regimes', 'notice_deadline_hours'];

/** The columns of an exposure row, in the order `insertExposures` takes them. */
const EXPOSURE_COLUMNS = ['tenant_id', 'position', 'system', 'sub_processor', 'data_categories', 'from', 'to', 'data_subjects', 'records', 'subject_categories'];

/** Tenant ids per DELETE when an import replaces contacts and exposures. */
const DELETE_SLICE = 10_000;

/** The SQL of the tenant register: tenant, contact and exposure rows. Rows come back as stored (snake_case). */
@Injectable()
export class TenantRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts or updates tenants by external id (TENANT_COLUMNS order); `created` tells which rows are new. */
  upsertTenants(manager: EntityManager, rows: unknown[][]): Promise<{ id: string; external_id: string; created: boolean }[]> {
    return bulkInsert<{ id: string; external_id: string; created: boolean }>(
      manager,
      'tenant',
      TENANT_COLUMNS,
      rows,
      `ON CONFLICT (external_id) DO UPDATE SET name = EXCLUDED.name, locale = EXCLUDED.locale, country = EXCLUDED.country,
         timezone = EXCLUDED.timezone, regimes = EXCLUDED.regimes, notice_deadline_hours = EXCLUDED.notice_deadline_hours, updated_at = now()
       RETURNING id, external_id, (xmax = 0) AS created`,
    );
  }

  /** Removes the contacts and exposures of these tenants (an import replaces them). */
  async deleteContactsAndExposures(manager: EntityManager, tenantIds: string[]): Promise<void> {
    for (let i = 0; i < tenantIds.length; i += DELETE_SLICE) {
      const slice = tenantIds.slice(i, i + DELETE_SLICE);
      await manager.query('DELETE FROM contact WHERE tenant_id = ANY($1::uuid[])', [slice]);
      await manager.query('DELETE FROM exposure WHERE tenant_id = ANY($1::uuid[])', [slice]);
    }
  }

  async insertContacts(manager: EntityManager, rows: unknown[][]): Promise<void> {
    await bulkInsert(manager, 'contact', ['id', 'tenant_id', 'position', 'role', 'name', 'email', 'phone', 'webhook', 'priority', 'locale'], rows);
  }

  async insertExposures(manager: EntityManager, rows: unknown[][]): Promise<void> {
    await bulkInsert(manager, 'exposure', EXPOSURE_COLUMNS, rows);
  }

  async findByExternalId(externalId: string): Promise<Record<string, any> | undefined> {
    const [tenant] = await this.dataSource.query(
      `SELECT id, external_id, name, locale, country, timezone, regimes, notice_deadline_hours, webhook_secret_rotated_at, created_at, updated_at
         FROM tenant WHERE external_id = $1`,
      [externalId],
    );
    return tenant;
  }

  contactsOf(tenantId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT c.role, c.name, c.email, c.phone, c.webhook, r.retired_at AS webhook_retired_at, c.priority, c.locale
         FROM contact c LEFT JOIN webhook_retirement r ON r.tenant_id = c.tenant_id AND r.url = c.webhook
        WHERE c.tenant_id = $1 ORDER BY c.position`,
      [tenantId],
    );
  }

  exposuresOf(tenantId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT system, sub_processor, data_categories, to_char("from", 'YYYY-MM-DD') AS "from", to_char("to", 'YYYY-MM-DD') AS "to",
              data_subjects, records, subject_categories FROM exposure WHERE tenant_id = $1 ORDER BY position`,
      [tenantId],
    );
  }

  /** Up to `limit + 1` tenants after the cursor (by external id) whose id or name contains `search`, with their counts. */
  page(options: { search?: string; limit: number; cursor?: string }): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT external_id, name, locale, country, timezone, regimes, notice_deadline_hours,
              (SELECT count(*) FROM contact c WHERE c.tenant_id = t.id)::int AS contacts,
              (SELECT count(*) FROM exposure e WHERE e.tenant_id = t.id)::int AS exposures
         FROM tenant t
        WHERE ($1::text IS NULL OR t.external_id > $1)
          AND ($2::text IS NULL OR t.external_id ILIKE '%' || $2 || '%' OR t.name ILIKE '%' || $2 || '%')
        ORDER BY t.external_id LIMIT $3`,
      [options.cursor ?? null, options.search ?? null, options.limit + 1],
    );
  }
}
