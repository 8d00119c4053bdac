import { ProgressRepository } from '@app/progress';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * Counters (folded plus deltas) and the full count of a version, read in one statement: one snapshot, exact at any
 * moment. The tenants' late-wise state (`tenant:untold:<due µs>`, `tenant:told_late`) is counted from first_sent_at,
 * the row's own and its earlier versions', not from the told_at the triggers keep: it holds that column to account.
 */
export async function countersAndFullCount(db: DataSource, incidentId: string, version = 1): Promise<{ counters: Record<string, number>; full: Record<string, number> }> {
  const [row] = await db.query(
    `WITH c AS (
       SELECT metric, sum(n)::int AS n FROM (
         SELECT metric, n FROM progress_counter WHERE incident_id = $1 AND version = $2
         UNION ALL SELECT metric, n FROM progress_delta WHERE incident_id = $1 AND version = $2) x
        WHERE metric LIKE 'notice:%' OR metric LIKE 'tenant:%' GROUP BY metric HAVING sum(n) <> 0),
     f AS (
       SELECT 'notice:' || channel || ':' || status AS metric, count(*)::int AS n FROM notice WHERE incident_id = $1 AND version = $2 GROUP BY 1
       UNION ALL
       SELECT m, count(*)::int FROM affected_tenant a,
              LATERAL (SELECT LEAST(a.first_sent_at, (SELECT min(p.first_sent_at) FROM affected_tenant p
                         WHERE p.incident_id = a.incident_id AND p.version < a.version AND p.tenant_id = a.tenant_id AND p.kind <> 'withdrawn')) AS at) told,
              LATERAL (VALUES (CASE WHEN a.kind = 'withdrawn' THEN 'tenant:withdrawn' ELSE 'tenant:affected' END),
                              (CASE WHEN a.acknowledged_at IS NOT NULL THEN 'tenant:acknowledged' END),
                              (CASE WHEN a.kind = 'withdrawn' OR a.due_at IS NULL THEN NULL
                                    WHEN told.at IS NULL THEN 'tenant:untold:' || (extract(epoch FROM a.due_at) * 1000000)::bigint
                                    WHEN told.at > a.due_at THEN 'tenant:told_late' END)) t(m)
        WHERE a.incident_id = $1 AND a.version = $2 AND m IS NOT NULL GROUP BY 1)
     SELECT (SELECT coalesce(json_object_agg(metric, n), '{}') FROM c) AS counters, (SELECT coalesce(json_object_agg(metric, n), '{}') FROM f) AS full`,
    [incidentId, version],
  );
  return row;
}

/** Folds every delta there is into the counters, with the fold the maintenance job runs (which folds at most 50,000 at a time). */
export function foldEverything(app: INestApplicationContext): Promise<number> {
  return app.get(ProgressRepository, { strict: false }).fold(10_000_000, 3600);
}
