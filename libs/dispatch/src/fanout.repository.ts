import { bulkInsert, ColumnSpec, insertColumns, rowsOf } from '@app/database';
import { IncidentScope, scopeCondition } from '@app/scope';
import { noticeDeadlineMsSql } from '@app/tenants';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NOTICE_SEQ_LOCK } from './notice-feeder';

const AFFECTED_COLUMNS: ColumnSpec[] = [
  { name: 'id', type: 'uuid' },
  { name: 'incident_id', type: 'uuid' },
  { name: 'version', type: 'int' },
  { name: 'tenant_id', type: 'uuid' },
  { name: 'kind', type: 'text' },
  { name: 'facts', type: 'jsonb' },
  { name: 'ack_token_hash', type: 'text' },
  { name: 'notified_priority', type: 'int' },
];

const NOTICE_COLUMNS: ColumnSpec[] = [
  { name: 'id', type: 'uuid' },
  { name: 'incident_id', type: 'uuid' },
  { name: 'version', type: 'int' },
  { name: 'affected_id', type: 'uuid' },
  { name: 'tenant_id', type: 'uuid' },
  { name: 'tenant_external_id', type: 'text' },
  { name: 'contact_id', type: 'uuid' },
  { name: 'contact_role', type: 'text' },
  { name: 'contact_name', type: 'text' },
  { name: 'contact_priority', type: 'int' },
  { name: 'channel', type: 'text' },
  { name: 'to', type: 'text' },
  { name: 'locale', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'escalated', type: 'boolean' },
  { name: 'status', type: 'text' },
  { name: 'queued_at', type: 'timestamptz' },
];

export type AffectedRow = { id: string; tenant_id: string; kind: 'initial' | 'update' };

/** Where planning by due time stands: the last affected tenant planned, by (due_at, id). due_at as PostgreSQL wrote it. */
export type DueCursor = { dueAt: string; id: string };

/** Inserts of one incident's affected tenants take turns (pg_advisory_xact_lock(key, hashtext(incident id))). */
export const AFFECTED_INSERT_LOCK = 0x62636174;

/** Before any tenant: the keyset's lower bound. */
const BEFORE_ALL: DueCursor = { dueAt: '-infinity', id: '00000000-0000-0000-0000-000000000000' };

/** An affected tenant due for planning, with what its notices need. */
export type DueRow = { id: string; tenant_id: string; kind: 'initial' | 'update'; due_at: string; external_id: string; locale: string };

/**
 * The SQL of planning a dispatched version: affected_tenant and notice rows, the fan-out's cursor and
 * milestone. Writes that belong to a page take the caller's EntityManager (the service holds the transaction).
 */
@Injectable()
export class FanoutRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async saveCursor(versionId: string, cursor: unknown): Promise<void> {
    await this.dataSource.query('UPDATE incident_version SET fanout_cursor = $2 WHERE id = $1', [versionId, cursor]);
  }

  /** Affected tenants (withdrawn ones left out) and notices planned for the version. */
  async totals(incidentId: string, version: number): Promise<{ tenants: number; notices: number }> {
    const [totals] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM affected_tenant WHERE incident_id = $1 AND version = $2 AND kind <> 'withdrawn') AS tenants,
              (SELECT count(*)::int FROM notice WHERE incident_id = $1 AND version = $2) AS notices`,
      [incidentId, version],
    );
    return totals;
  }

  /** Marks the version planned (and dispatched) once; false when it already was. */
  async markPlanned(versionId: string): Promise<boolean> {
    const marked = await this.dataSource.query(
      `UPDATE incident_version SET planned_at = now(), status = 'dispatched' WHERE id = $1 AND planned_at IS NULL RETURNING id`,
      [versionId],
    );
    return rowsOf(marked).length > 0;
  }

  /** For each of these tenants told in an earlier version, the kind of its latest notice. */
  latestEarlierKinds(incidentId: string, version: number, tenantIds: string[]): Promise<{ tenant_id: string; kind: string }[]> {
    return this.dataSource.query(
      `SELECT DISTINCT ON (tenant_id) tenant_id, kind FROM affected_tenant
          WHERE incident_id = $1 AND version < $2 AND tenant_id = ANY($3::uuid[]) ORDER BY tenant_id, version DESC`,
      [incidentId, version, tenantIds],
    );
  }

  /**
   * The notice deadlines (ms) the tenants in scope have, each with the highest tenant id that has it (as text,
   * in uuid order): once the scan passes that id, no tenant with that deadline is left to find. The scope's SQL
   * may take in a few tenants its facts then leave out; the bound stays safe.
   */
  deadlineBands(scope: IncidentScope, defaultMs: number): Promise<{ ms: string; last: string }[]> {
    const cond = scopeCondition(scope, 2);
    return this.dataSource.query(
      `SELECT ${noticeDeadlineMsSql('t', '$1')} AS ms, max(t.id::text COLLATE "C") AS last FROM tenant t WHERE ${cond.sql} GROUP BY 1`,
      [defaultMs, ...cond.params],
    );
  }

  /**
   * Inserts affected_tenant rows (AFFECTED_COLUMNS order), each due at awareAt + its tenant's notice deadline,
   * computed in this statement, and told at the tenant's first notice of an earlier version it was not withdrawn
   * in; returns those that were new, `behind` when they sort at or before `planned` (the keyset of planning by due
   * time has passed them: the caller plans them at once).
   *
   * told_at stays exact against sends running meanwhile: the earlier rows are read FOR SHARE (a first notice being
   * recorded on one is waited for and then seen; one recorded after this commits finds these rows and carries its
   * time to them, in the tenant trigger), and inserts of one incident's rows take turns (AFFECTED_INSERT_LOCK,
   * before the statement's snapshot), so an earlier version's row written meanwhile is never missed either.
   */
  async insertAffected(manager: EntityManager, rows: unknown[][], awareAt: string, defaultMs: number, planned: DueCursor | null): Promise<(AffectedRow & { behind: boolean })[]> {
    if (rows.length === 0) return [];
    const incidentId = rows[0][1] as string;
    const version = rows[0][2] as number;
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [AFFECTED_INSERT_LOCK, incidentId]);
    const arrays = AFFECTED_COLUMNS.map((column, i) => rows.map((row) => (column.type === 'jsonb' ? JSON.stringify(row[i]) : row[i])));
    const unnest = AFFECTED_COLUMNS.map((c, i) => `$${i + 1}::${c.type === 'jsonb' ? 'text' : c.type}[]`).join(', ');
    const n = AFFECTED_COLUMNS.length;
    const after = planned ?? BEFORE_ALL;
    const earlier = Array.from({ length: version - 1 }, (_, i) => i + 1);
    return manager.query(
      `WITH told AS MATERIALIZED (
         SELECT tenant_id, first_sent_at FROM affected_tenant
          WHERE incident_id = $${n + 5} AND version = ANY($${n + 6}::int[]) AND tenant_id = ANY($4::uuid[]) AND kind <> 'withdrawn'
          ORDER BY id FOR SHARE)
       INSERT INTO affected_tenant (${AFFECTED_COLUMNS.map((c) => `"${c.name}"`).join(', ')}, due_at, told_at)
       SELECT ${AFFECTED_COLUMNS.map((c, i) => (c.type === 'jsonb' ? `r.c${i}::jsonb` : `r.c${i}`)).join(', ')},
              $${n + 1}::timestamptz + ${noticeDeadlineMsSql('t', `$${n + 2}`)} * interval '1 millisecond', e.told_at
         FROM unnest(${unnest}) AS r(${AFFECTED_COLUMNS.map((_, i) => `c${i}`).join(', ')})
         JOIN tenant t ON t.id = r.c3
         LEFT JOIN (SELECT tenant_id, min(first_sent_at) AS told_at FROM told GROUP BY tenant_id) e ON e.tenant_id = r.c3
       ON CONFLICT (incident_id, version, tenant_id) DO NOTHING
       RETURNING id, tenant_id, kind, (due_at, id) <= ($${n + 3}::timestamptz, $${n + 4}::uuid) AS behind`,
      [...arrays, awareAt, defaultMs, after.dueAt, after.id, incidentId, earlier],
    );
  }

  /**
   * The version's next affected tenants (withdrawn ones have no due time) after `after` in (due_at, id) order,
   * due at or before `horizon` (an instant, or 'infinity'): one range of affected_tenant_due_idx.
   */
  dueToPlan(incidentId: string, version: number, after: DueCursor | null, horizon: string, limit: number): Promise<DueRow[]> {
    const from = after ?? BEFORE_ALL;
    return this.dataSource.query(
      `SELECT a.id, a.tenant_id, a.kind, a.due_at::text AS due_at, t.external_id, t.locale
         FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id
        WHERE a.incident_id = $1 AND a.version = $2 AND (a.due_at, a.id) > ($3::timestamptz, $4::uuid) AND a.due_at <= $5::timestamptz
        ORDER BY a.due_at, a.id LIMIT $6`,
      [incidentId, version, from.dueAt, from.id, horizon, limit],
    );
  }

  /** The next tenants (by id, after `after`) told in an earlier version, not withdrawn then, and not affected by this one. */
  withdrawnPage(incidentId: string, version: number, after: string | null, limit: number): Promise<{ tenant_id: string; external_id: string; locale: string }[]> {
    return this.dataSource.query(
      `SELECT p.tenant_id, t.external_id, t.locale FROM (
          SELECT DISTINCT ON (tenant_id) tenant_id, kind FROM affected_tenant
           WHERE incident_id = $1 AND version < $2 AND ($3::uuid IS NULL OR tenant_id > $3) ORDER BY tenant_id, version DESC) p
         JOIN tenant t ON t.id = p.tenant_id
        WHERE p.kind <> 'withdrawn'
          AND NOT EXISTS (SELECT 1 FROM affected_tenant a WHERE a.incident_id = $1 AND a.version = $2 AND a.tenant_id = p.tenant_id)
        ORDER BY p.tenant_id LIMIT $4`,
      [incidentId, version, after, limit],
    );
  }

  /** Contacts of these tenants that notices of an earlier version went to. */
  async contactsToldBefore(incidentId: string, version: number, tenantIds: string[]): Promise<string[]> {
    return (
      await this.dataSource.query(`SELECT DISTINCT contact_id FROM notice WHERE incident_id = $1 AND version < $2 AND tenant_id = ANY($3::uuid[])`, [
        incidentId,
        version,
        tenantIds,
      ])
    ).map((r: { contact_id: string }) => r.contact_id);
  }

  /** Inserts `withdrawn` affected_tenant rows (incident_id, version, tenant_id, kind, facts, ack_token_hash); existing ones stay. */
  async insertWithdrawn(manager: EntityManager, rows: unknown[][]): Promise<void> {
    await bulkInsert(manager, 'affected_tenant', ['incident_id', 'version', 'tenant_id', 'kind', 'facts', 'ack_token_hash'], rows, 'ON CONFLICT (incident_id, version, tenant_id) DO NOTHING');
  }

  /** The version's affected_tenant ids of these tenants. */
  affectedIds(manager: EntityManager, incidentId: string, version: number, tenantIds: string[]): Promise<{ id: string; tenant_id: string }[]> {
    return manager.query('SELECT id, tenant_id FROM affected_tenant WHERE incident_id = $1 AND version = $2 AND tenant_id = ANY($3::uuid[])', [
      incidentId,
      version,
      tenantIds,
    ]);
  }

  /** Seqs must become visible in the order they are drawn, or the feeder's cursor could pass a notice still being written. */
  async lockNoticeSeq(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [NOTICE_SEQ_LOCK]);
  }

  /** Inserts notice rows (NOTICE_COLUMNS order) once by their unique key; returns the new ones. */
  insertNotices(manager: EntityManager, rows: unknown[][]): Promise<{ id: string }[]> {
    return insertColumns(manager, 'notice', NOTICE_COLUMNS, rows, 'ON CONFLICT (incident_id, version, contact_id, channel) DO NOTHING RETURNING id');
  }

  /** completedAt means every notice of the version has settled: new notices reopen it. */
  async reopenVersion(manager: EntityManager, incidentId: string, version: number): Promise<void> {
    await manager.query('UPDATE incident_version SET completed_at = NULL WHERE incident_id = $1 AND version = $2 AND completed_at IS NOT NULL', [incidentId, version]);
  }
}
