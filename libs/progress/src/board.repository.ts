import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Which affected tenants a board page lists (contract: `state`). */
export const BOARD_STATES = ['unsent', 'late', 'unacknowledged', 'acknowledged', 'failed'] as const;
export type BoardState = (typeof BOARD_STATES)[number];

/** Notice statuses that mean a notice did not reach its contact: a problem on the board. */
export const PROBLEM_STATUSES = ['failed', 'bounced', 'undelivered'] as const;

/** A board row's place in (due_at, id) order; due_at as microseconds since 1970 (exact, unlike a JS date). */
export interface BoardKey {
  dueUs: string;
  id: string;
}

/** Which part of the affected tenants a query reads: all, those with a problem notice, or the others. */
export type BoardSegment = 'all' | 'problems' | 'others';

export interface BoardQuery {
  incidentId: string;
  version: number;
  state: BoardState | null;
  segment: BoardSegment;
  after: BoardKey | null;
  limit: number;
}

export interface BoardRow {
  id: string;
  external_id: string;
  name: string;
  regimes: string[] | null;
  country: string;
  due_at: Date | null;
  due_us: string;
  first_sent_at: Date | null;
  late: boolean;
  acknowledged_at: Date | null;
  escalated: boolean;
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  bounced: number;
  undelivered: number;
}

const PROBLEMS = `(${PROBLEM_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * The tenant's first notice about the incident: the first sent of this version, or of an earlier one it was
 * told in (the notice deadline runs to the first notice, not to each update). Over `affected_tenant a`, with
 * the earlier versions as `$3::int[]` (empty for version 1: no lookup at all).
 */
const TOLD_AT = `LEAST(a.first_sent_at, (SELECT min(p.first_sent_at) FROM affected_tenant p
    WHERE p.incident_id = a.incident_id AND p.version = ANY($3::int[]) AND p.tenant_id = a.tenant_id AND p.kind <> 'withdrawn'))`;

/** A tenant with a notice of this version that failed, bounced or was not delivered. */
const HAS_PROBLEM = `a.id IN (SELECT x.affected_id FROM notice x WHERE x.incident_id = $1 AND x.version = $2 AND x.status IN ${PROBLEMS})`;

const STATE_SQL: Record<BoardState, string> = {
  unsent: 'a.first_sent_at IS NULL',
  late: 'a.due_at < coalesce(told.at, now())',
  unacknowledged: 'a.acknowledged_at IS NULL',
  acknowledged: 'a.acknowledged_at IS NOT NULL',
  failed: HAS_PROBLEM,
};

const SEGMENT_SQL: Record<BoardSegment, string> = {
  all: 'true',
  problems: HAS_PROBLEM,
  others: `NOT (${HAS_PROBLEM})`,
};

/**
 * The SQL of the per-tenant board: one version's affected tenants (withdrawn ones are not) in (due_at, id)
 * order, a page at a time on the index affected_tenant_due_idx (incident_id, version, due_at, id). A page
 * reads its rows and, for those only, their notices and earlier versions: never a count of the whole set.
 */
@Injectable()
export class BoardRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` rows after `after`. */
  page(q: BoardQuery): Promise<BoardRow[]> {
    const earlier = Array.from({ length: Math.max(0, q.version - 1) }, (_, i) => i + 1);
    const keyset = q.after ? `AND (a.due_at, a.id) > (to_timestamp(0) + $5::bigint * interval '1 microsecond', $6::uuid)` : '';
    return this.dataSource.query(
      `SELECT a.id, t.external_id, t.name, t.regimes, t.country, a.due_at, (extract(epoch FROM a.due_at) * 1000000)::bigint::text AS due_us,
              told.at AS first_sent_at, a.due_at < coalesce(told.at, now()) AS late, a.acknowledged_at,
              n.escalated, n.total, n.sent, n.delivered, n.failed, n.bounced, n.undelivered
         FROM affected_tenant a
         JOIN tenant t ON t.id = a.tenant_id
         CROSS JOIN LATERAL (SELECT ${TOLD_AT} AS at) told
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS total, count(*) FILTER (WHERE s.status = 'sent')::int AS sent,
                  count(*) FILTER (WHERE s.status = 'delivered')::int AS delivered, count(*) FILTER (WHERE s.status = 'failed')::int AS failed,
                  count(*) FILTER (WHERE s.status = 'bounced')::int AS bounced, count(*) FILTER (WHERE s.status = 'undelivered')::int AS undelivered,
                  coalesce(bool_or(s.escalated), false) AS escalated
             FROM notice s WHERE s.affected_id = a.id) n
        WHERE a.incident_id = $1 AND a.version = $2 AND a.kind <> 'withdrawn'
          ${keyset} AND ${q.state ? STATE_SQL[q.state] : 'true'} AND ${SEGMENT_SQL[q.segment]}
        ORDER BY a.due_at, a.id
        LIMIT $4`,
      [q.incidentId, q.version, earlier, q.limit, ...(q.after ? [q.after.dueUs, q.after.id] : [])],
    );
  }
}
