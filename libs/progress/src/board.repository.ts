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

/** Microseconds since 1970 as a timestamp PostgreSQL reads exactly: `2023-04-19T18:00:00.123456Z`. */
export function timestampOf(us: string): string {
  const micros = BigInt(us);
  let seconds = micros / 1_000_000n;
  if (seconds * 1_000_000n > micros) seconds -= 1n;
  const fraction = String(micros - seconds * 1_000_000n).padStart(6, '0');
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.000Z$/, `.${fraction}Z`);
}

const PROBLEMS = `(${PROBLEM_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Not told in time by this version: the predicate of affected_tenant_overdue_idx, written as there so the planner matches it. */
const OVERDUE = '(a.first_sent_at IS NULL OR a.first_sent_at > a.due_at)';

/**
 * Late: its first notice about the incident (told_at: of this version, or of an earlier one it was told in; the
 * notice deadline runs to the first notice, not to each update) went after due_at, or none went and due_at has
 * passed. The cheap tests come first: a tenant due in the future is not late (the index stops there), nor one
 * whose notice of this version went in time.
 */
const LATE = `a.due_at < now() AND ${OVERDUE} AND a.due_at < coalesce(a.told_at, now())`;

/** The version's tenants with a notice that failed, bounced or was not delivered (notice_incident_status_idx). */
const PROBLEM_SET = `SELECT x.affected_id FROM notice x WHERE x.incident_id = $1 AND x.version = $2 AND x.status IN ${PROBLEMS}`;
/** As a filter while walking the due index: a hashed subplan, read once per query (kept from becoming a join). */
const HAS_PROBLEM = `(a.id IN (${PROBLEM_SET})) IS TRUE`;

/**
 * Up to this many problem notices, a page of tenants with problems is looked up from them by primary key and
 * sorted; with more, they are dense enough to find by walking the due index. (The planner cannot choose
 * between the two: most tenants share one due time, so it cannot tell how much of the index a keyset leaves.)
 */
export const FEW_PROBLEMS = 2000;

const STATE_SQL: Record<BoardState, string> = {
  unsent: `${OVERDUE} AND a.first_sent_at IS NULL`,
  late: LATE,
  unacknowledged: 'a.acknowledged_at IS NULL',
  acknowledged: 'a.acknowledged_at IS NOT NULL',
  failed: HAS_PROBLEM,
};

const SEGMENT_SQL: Record<BoardSegment, string> = {
  all: 'true',
  problems: HAS_PROBLEM,
  others: `NOT (a.id IN (${PROBLEM_SET}))`,
};

/**
 * The SQL of the per-tenant board: one version's affected tenants (withdrawn ones are not) in (due_at, id)
 * order, a page at a time on the index affected_tenant_due_idx (incident_id, version, due_at, id), or for the
 * rare states on its partial twins (overdue: unsent and late; acknowledged). A page reads its rows and, for
 * those only, their tenants and notices: never a count of the whole set.
 */
@Injectable()
export class BoardRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` rows after `after`. The page's rows are chosen first, on the index and the row's own
   * columns (told_at among them); their tenant and notice counts are read for those rows only.
   */
  async page(q: BoardQuery): Promise<BoardRow[]> {
    const keyset = q.after ? `AND (a.due_at, a.id) > ($4::timestamptz, $5::uuid)` : '';
    const onlyProblems = q.segment === 'problems' || q.state === 'failed';
    const state = q.state === null || (onlyProblems && q.state === 'failed') ? 'true' : STATE_SQL[q.state];
    const segment = onlyProblems ? 'true' : SEGMENT_SQL[q.segment];
    // Few problems: from their notices, each tenant by primary key (OFFSET 0 keeps the lookup a nested loop).
    const from =
      onlyProblems && (await this.fewProblems(q.incidentId, q.version))
        ? `(SELECT DISTINCT affected_id FROM (${PROBLEM_SET}) x) p CROSS JOIN LATERAL (SELECT * FROM affected_tenant a WHERE a.id = p.affected_id OFFSET 0) a`
        : `affected_tenant a`;
    const problems = onlyProblems && from === 'affected_tenant a' ? `AND ${HAS_PROBLEM}` : '';
    return this.dataSource.query(
      `WITH page AS MATERIALIZED (
         SELECT a.* FROM ${from}
          WHERE a.incident_id = $1 AND a.version = $2 AND a.kind <> 'withdrawn' ${keyset}
            AND ${state} AND ${segment} ${problems}
          ORDER BY a.due_at, a.id LIMIT $3)
       SELECT a.id, t.external_id, t.name, t.regimes, t.country, a.due_at, (extract(epoch FROM a.due_at) * 1000000)::bigint::text AS due_us,
              a.told_at AS first_sent_at, a.due_at < coalesce(a.told_at, now()) AS late, a.acknowledged_at,
              n.escalated, n.total, n.sent, n.delivered, n.failed, n.bounced, n.undelivered
         FROM page a
         JOIN tenant t ON t.id = a.tenant_id
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS total, count(*) FILTER (WHERE s.status = 'sent')::int AS sent,
                  count(*) FILTER (WHERE s.status = 'delivered')::int AS delivered, count(*) FILTER (WHERE s.status = 'failed')::int AS failed,
                  count(*) FILTER (WHERE s.status = 'bounced')::int AS bounced, count(*) FILTER (WHERE s.status = 'undelivered')::int AS undelivered,
                  coalesce(bool_or(s.escalated), false) AS escalated
             FROM notice s WHERE s.affected_id = a.id) n
        ORDER BY a.due_at, a.id`,
      [q.incidentId, q.version, q.limit, ...(q.after ? [timestampOf(q.after.dueUs), q.after.id] : [])],
    );
  }

  /** Whether the version has fewer than FEW_PROBLEMS problem notices: reads at most that many index entries. */
  private async fewProblems(incidentId: string, version: number): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM (${PROBLEM_SET} LIMIT $3) x`, [incidentId, version, FEW_PROBLEMS]);
    return row.n < FEW_PROBLEMS;
  }
}
