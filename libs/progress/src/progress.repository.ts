import { queryPrepared, rowsOf } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MetricSum } from './progress-counters';

/** Only one process folds deltas at a time (pg_try_advisory_xact_lock key). */
export const PROGRESS_FOLD_LOCK = 7_318_461_002;

/** The recent flows of a version and of every incident, per metric (see ProgressRepository.snapshot). */
export interface RecentFlows {
  own: MetricSum[];
  all: MetricSum[];
  burst: MetricSum[];
  elsewhere: MetricSum[];
}

/** What one progress call reads of a version, from one snapshot. */
export interface ProgressSnapshot {
  version: number;
  status: string;
  dispatchedAt: Date | null;
  plannedAt: Date | null;
  completedAt: Date | null;
  /** The incident's. */
  closedAt: Date | null;
  /** The version's scope until it is dispatching (its affected tenants are counted from it until then). */
  scope: unknown;
  folded: MetricSum[];
  tail: MetricSum[];
  nowUs: number;
  /** Null until the version was dispatched. */
  recent: RecentFlows | null;
}

type Sum = { metric: string; n: number | string };
/** The version's columns come named as in ProgressSnapshot; the sums as JSON, the clock as text. */
type SnapshotRow = Omit<ProgressSnapshot, 'folded' | 'tail' | 'nowUs' | 'recent'> & {
  now_us: string;
  folded: Sum[];
  tail: Sum[];
  recent: (Sum & { scope: string })[] | null;
};

/** The SQL of a version's progress: notice and tenant counts, and its completed milestone. */
@Injectable()
export class ProgressRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Everything a progress call reads, in one statement (one snapshot, one round trip): the version's row (the
   * incident's current one when `version` is null), its counters (the folded sums and, apart, the deltas not
   * folded yet, each summed per metric), the database's clock (µs since 1970, which late tenants are counted
   * against) and, once the version was dispatched, the recent flows. A fold committing meanwhile is seen wholly or
   * not at all. Undefined when there is no such incident or version.
   *
   * The flows of the last `seconds`: notices settled and provider errors, per metric, for this version (`own`)
   * and for every incident (`all`, own included); notices of every incident settled in the last `burstSeconds`
   * (what a shared ceiling sees now); and the metrics of notices queued or being sent by other incidents, with
   * what is open of them. They come from their per-second sums (progress_flow) plus the deltas not folded yet.
   */
  async snapshot(incidentId: string, version: number | null, seconds: number, burstSeconds: number): Promise<ProgressSnapshot | undefined> {
    const [row] = await queryPrepared<SnapshotRow>(
      this.dataSource,
      'progress-snapshot',
      `WITH v AS (
         SELECT v.version, v.status, v.dispatched_at AS "dispatchedAt", v.planned_at AS "plannedAt", v.completed_at AS "completedAt", i.closed_at AS "closedAt",
                CASE WHEN v.status NOT IN ('dispatching', 'dispatched') THEN v.body -> 'scope' END AS scope
           FROM incident i JOIN incident_version v ON v.incident_id = i.id AND v.version = coalesce($2::int, i.current_version)
          WHERE i.id = $1),
       flow AS (
         SELECT incident_id, version, metric, n, second AS at FROM progress_flow WHERE second >= date_trunc('second', now() - $3 * interval '1 second')
         UNION ALL
         SELECT incident_id, version, metric, n, at FROM progress_delta
          WHERE at > now() - $3 * interval '1 second' AND (metric LIKE 'settled:%' OR metric LIKE 'error:%')),
       recent AS (
         SELECT CASE WHEN incident_id = $1 AND version = (SELECT version FROM v) THEN 'own' ELSE 'all' END AS scope, metric, sum(n) AS n FROM flow GROUP BY 1, 2
         UNION ALL
         SELECT 'burst', metric, sum(n) FROM flow WHERE at > now() - $4 * interval '1 second' AND metric LIKE 'settled:%' GROUP BY metric
         UNION ALL
         SELECT 'elsewhere', metric, sum(n) FROM (
           SELECT metric, n FROM progress_counter
            WHERE incident_id <> $1 AND (metric LIKE 'notice:%:queued' OR metric LIKE 'notice:%:sending')
           UNION ALL
           SELECT metric, n FROM progress_delta WHERE incident_id <> $1 AND (metric LIKE 'notice:%:queued' OR metric LIKE 'notice:%:sending')) o
          GROUP BY metric HAVING sum(n) > 0)
       SELECT v.*, (extract(epoch FROM now()) * 1000000)::bigint::text AS now_us,
              (SELECT coalesce(json_agg(json_build_object('metric', metric, 'n', n)), '[]') FROM progress_counter
                WHERE incident_id = $1 AND version = v.version) AS folded,
              (SELECT coalesce(json_agg(json_build_object('metric', metric, 'n', n)), '[]')
                 FROM (SELECT metric, sum(n) AS n FROM progress_delta WHERE incident_id = $1 AND version = v.version GROUP BY metric) d) AS tail,
              CASE WHEN v."dispatchedAt" IS NOT NULL THEN
                (SELECT coalesce(json_agg(json_build_object('scope', scope, 'metric', metric, 'n', n)), '[]') FROM recent) END AS recent
         FROM v`,
      [incidentId, version, seconds, burstSeconds],
    );
    if (!row) return undefined;
    const { now_us, folded, tail, recent, ...versionRow } = row;
    const sums = (list: Sum[]) => list.map((r) => ({ metric: r.metric, n: Number(r.n) }));
    const of = (scope: string) => sums((recent ?? []).filter((r) => r.scope === scope));
    const own = of('own');
    return {
      ...versionRow,
      folded: sums(folded),
      tail: sums(tail),
      nowUs: Number(now_us),
      recent: recent === null ? null : { own, all: [...own, ...of('all')], burst: of('burst'), elsewhere: of('elsewhere') },
    };
  }

  /**
   * Folds the deltas (at most `limit` of them) into the counters and, for the flows, into their second of
   * progress_flow, in one statement: they leave progress_delta and join the sums together. Seconds older than
   * `flowSeconds` are dropped. One folder at a time (the others skip); returns how many deltas were folded.
   */
  async fold(limit: number, flowSeconds: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [PROGRESS_FOLD_LOCK]);
      if (!locked) return 0;
      const [{ folded }] = await manager.query(
        `WITH d AS (
           DELETE FROM progress_delta WHERE id IN (SELECT id FROM progress_delta ORDER BY id LIMIT $1)
           RETURNING incident_id, version, metric, n, at),
         s AS (
           INSERT INTO progress_counter (incident_id, version, metric, n)
           SELECT incident_id, version, metric, sum(n) FROM d GROUP BY 1, 2, 3
           ON CONFLICT (incident_id, version, metric) DO UPDATE SET n = progress_counter.n + excluded.n
           RETURNING 1),
         f AS (
           INSERT INTO progress_flow (second, incident_id, version, metric, n)
           SELECT date_trunc('second', at), incident_id, version, metric, sum(n) FROM d
            WHERE (metric LIKE 'settled:%' OR metric LIKE 'error:%') AND at > now() - $2 * interval '1 second'
            GROUP BY 1, 2, 3, 4
           ON CONFLICT (second, incident_id, version, metric) DO UPDATE SET n = progress_flow.n + excluded.n
           RETURNING 1)
         SELECT (SELECT count(*) FROM d)::int AS folded, (SELECT count(*) FROM s) AS upserted, (SELECT count(*) FROM f) AS flows`,
        [limit, flowSeconds],
      );
      await manager.query(`DELETE FROM progress_flow WHERE second < now() - $1 * interval '1 second'`, [flowSeconds]);
      return folded as number;
    });
  }

  /**
   * Reclaims the folded deltas and the dropped flow seconds at once (outside a transaction, skipping a table
   * another vacuum holds): every fold deletes what it folded, and autovacuum's round can be minutes away on a
   * busy server, while a progress read would walk every dead row in between.
   */
  async vacuum(): Promise<void> {
    await this.dataSource.query('VACUUM (SKIP_LOCKED) progress_delta, progress_flow');
  }

  /** Marks a planned version complete unless a notice of it is still in one of the `open` statuses; null when nothing changed. */
  /** Runs `work` in one transaction (the completed milestone and its audit entry are seen together or not at all). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async markCompleted(incidentId: string, version: number, open: string[], manager: EntityManager): Promise<Date | null> {
    const updated = rowsOf<{ completed_at: Date }>(
      await manager.query(
        `UPDATE incident_version v SET completed_at = now()
          WHERE incident_id = $1 AND version = $2 AND planned_at IS NOT NULL AND completed_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM notice n WHERE n.incident_id = v.incident_id AND n.version = v.version AND n.status = ANY($3::text[]))
          RETURNING completed_at`,
        [incidentId, version, open],
      ),
    );
    return updated.length === 0 ? null : updated[0].completed_at;
  }

  async completedAt(incidentId: string, version: number): Promise<Date | null> {
    const [row] = await this.dataSource.query('SELECT completed_at FROM incident_version WHERE incident_id = $1 AND version = $2', [incidentId, version]);
    return row?.completed_at ?? null;
  }

  /** Notices of the version in total, sent or delivered, and failed for good. */
  async outcome(incidentId: string, version: number, manager: EntityManager): Promise<{ total: number; ok: number; failed: number }> {
    const [summary] = await manager.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('sent', 'delivered'))::int AS ok,
              count(*) FILTER (WHERE status IN ('failed', 'bounced', 'undelivered'))::int AS failed
         FROM notice WHERE incident_id = $1 AND version = $2`,
      [incidentId, version],
    );
    return summary;
  }

  /** Up to 100 versions planned and not yet complete. */
  plannedNotCompleted(): Promise<{ incident_id: string; version: number }[]> {
    return this.dataSource.query(`SELECT incident_id, version FROM incident_version WHERE planned_at IS NOT NULL AND completed_at IS NULL LIMIT 100`);
  }
}
