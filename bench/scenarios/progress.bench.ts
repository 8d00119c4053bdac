import { Client } from 'pg';
import { benchIncident, seedTenants } from '../support/seed';
import { Stack, StackOptions } from '../support/stack';
import { loadAverage, sleep } from '../support/timeline';

export interface Timing {
  p50: number;
  p95: number;
  max: number;
  runs: number;
}

export interface ProgressResult {
  tenants: number;
  notices: number;
  /** How the rows were made: SQL, not the fan-out (said in the report). */
  seeded: string;
  /** Status writes per second made meanwhile by the simulated senders (batches of 100, as the write batcher does). */
  writesPerSecond: number;
  /** GET /v1/incidents/{id}/progress over HTTP, counters (this version of the code). */
  http: Timing;
  /** The two statements the progress call ran before the counters (GROUP BY over every notice, tenant counts), SQL only. */
  fullCount: Timing;
  /** The counters equalled a full count once the senders stopped. */
  exact: boolean;
  deltasAtEnd: number;
  /** Unfolded deltas when the calls were timed (what the counters and the recent-rate read add up). */
  deltasDuringCalls?: number;
  /** Seconds of sending before the calls were timed, so the unfolded tail had reached its steady size. */
  warmupSeconds?: number;
  /** The progress call's statements as PostgreSQL timed them during the calls (pg_stat_statements), slowest first. */
  statements?: { query: string; calls: number; meanMs: number }[];
  load: string;
}

const HTTP_RUNS = 40;
/**
 * Sending this long before timing: the worker folds deltas older than 90 s every SWEEP_INTERVAL (30 s), so
 * the unfolded tail a progress call adds up is at its steady size only after about two minutes.
 */
const WARMUP_SECONDS = 130;
/** The progress call's statements, picked out of pg_stat_statements (the worker's own writes are left out). */
const CALL_STATEMENTS = `query ~ '^\\s*(SELECT|WITH)' AND (query ILIKE '%progress_counter%' OR query ILIKE '%progress_delta%' OR query ILIKE '%api_key%'
  OR query ILIKE '%incident_version%' OR query ILIKE '%affected_tenant a%') AND query NOT ILIKE '%pg_stat_statements%'`;
const FULL_RUNS = 5;
const BATCH = 100;

const timing = (ms: number[]): Timing => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1], runs: s.length };
};

/** The progress call's statements before the counters, as they were (for the comparison in the same run). */
const OLD_NOTICE_COUNTS = 'SELECT status, channel, count(*)::int AS n FROM notice WHERE incident_id = $1 AND version = $2 GROUP BY status, channel';
const OLD_TENANT_COUNTS = `SELECT count(*) FILTER (WHERE a.kind <> 'withdrawn')::int AS affected, count(*) FILTER (WHERE a.acknowledged_at IS NOT NULL)::int AS acknowledged,
        count(*) FILTER (WHERE a.kind = 'withdrawn')::int AS withdrawn,
        count(*) FILTER (WHERE a.kind <> 'withdrawn' AND a.due_at < coalesce(LEAST(a.first_sent_at, e.first_sent_at), now()))::int AS late
   FROM affected_tenant a
   LEFT JOIN (SELECT tenant_id, min(first_sent_at) AS first_sent_at FROM affected_tenant
               WHERE incident_id = $1 AND version < $2 AND kind <> 'withdrawn' GROUP BY tenant_id) e ON e.tenant_id = a.tenant_id
  WHERE a.incident_id = $1 AND a.version = $2`;

/**
 * The progress call at `tenants` affected tenants while sending. The fan-out at 1M takes long on a loaded
 * machine, so the affected_tenant and notice rows are written with SQL (through the same triggers that keep
 * the counters): 35 % of notices settled, the rest queued. Two connections then move queued notices to
 * `sent` in batches of 100 (the write batcher's grouped writes) while GET …/progress is timed over HTTP,
 * and the old full count is timed in the same run. At the end the counters are compared with a full count.
 */
export async function runProgress(tenants: number, base: Omit<StackOptions, 'name'>, log: (line: string) => void): Promise<ProgressResult> {
  const stack = await Stack.prepare({ ...base, name: `progress-${tenants}` });
  const db = new Client({ connectionString: stack.db.url });
  db.on('error', () => undefined);
  const senders: Client[] = [];
  let sending = true;
  try {
    await seedTenants(stack.db.url, tenants, 'email', log);
    await db.connect();
    const statsOn = await db
      .query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
      .then(() => db.query('SELECT 1 FROM pg_stat_statements LIMIT 1'))
      .then(() => true, () => false);
    // A worker sends the queued notices to the SMTP sink, beats, and folds the counters on its schedule.
    await stack.startApps(1);
    const incident = await stack.request<{ id: string }>('POST', '/v1/incidents', { ...benchIncident(`BENCH-PROGRESS-${tenants}`, ['email']), awareAt: new Date().toISOString() });
    const id = incident.id;
    await stack.request('POST', `/v1/incidents/${id}/approve`, { acceptLanguageGaps: true });
    const seededAt = Date.now();
    await db.query(`UPDATE incident_version SET status = 'dispatched', dispatched_at = now(), planned_at = now() WHERE incident_id = $1`, [id]);
    for (let from = 0; ; from += 250_000) {
      const { rowCount } = await db.query(
        `INSERT INTO affected_tenant (incident_id, version, tenant_id, kind, facts, ack_token_hash, notified_priority, due_at)
         SELECT $1, 1, t.id, 'initial', '{}'::jsonb, md5(t.id::text), 1, now() + interval '24 hours'
           FROM tenant t ORDER BY t.id OFFSET $2 LIMIT 250000`,
        [id, from],
      );
      if (!rowCount) break;
    }
    for (let from = 0; ; from += 250_000) {
      const { rowCount } = await db.query(
        `INSERT INTO notice (id, incident_id, version, affected_id, tenant_id, tenant_external_id, contact_id, contact_role, contact_priority, channel, "to", locale, kind, status, sent_at)
         SELECT gen_random_uuid(), a.incident_id, 1, a.id, a.tenant_id, t.external_id, c.id, 'dpo', 1, 'email', c.email, 'en', 'initial',
                CASE WHEN r < 0.30 THEN 'sent' WHEN r < 0.34 THEN 'delivered' WHEN r < 0.35 THEN 'failed' ELSE 'queued' END,
                CASE WHEN r < 0.35 THEN now() END
           FROM (SELECT *, random() AS r FROM affected_tenant WHERE incident_id = $1 ORDER BY id OFFSET $2 LIMIT 250000) a
           JOIN tenant t ON t.id = a.tenant_id JOIN contact c ON c.tenant_id = t.id AND c.position = 0`,
        [id, from],
      );
      if (!rowCount) break;
      log(`seeded ${(from + (rowCount ?? 0)).toLocaleString('en')} notices`);
    }
    await db.query('VACUUM ANALYZE affected_tenant');
    await db.query('VACUUM ANALYZE notice');
    const seeded = `affected_tenant and notice rows written with SQL in ${((Date.now() - seededAt) / 1000).toFixed(0)} s (not by the fan-out)`;
    log(seeded);

    // senders: batches of queued notices to sent, as the write batcher's grouped writes do
    let writes = 0;
    const sendLoop = async () => {
      const c = new Client({ connectionString: stack.db.url });
      c.on('error', () => undefined);
      await c.connect();
      senders.push(c);
      while (sending) {
        const { rowCount } = await c.query(
          `UPDATE notice SET status = 'sent', sent_at = now(), updated_at = now()
            WHERE id IN (SELECT id FROM notice WHERE incident_id = $1 AND status = 'queued' LIMIT $2 FOR UPDATE SKIP LOCKED)`,
          [id, BATCH],
        );
        writes += rowCount ?? 0;
        // Out of queued notices before the calls are done: put sent ones back, to keep the writes going.
        if (!rowCount)
          await c.query(
            `UPDATE notice SET status = 'queued', sent_at = NULL, updated_at = now()
              WHERE id IN (SELECT id FROM notice WHERE incident_id = $1 AND status = 'sent' LIMIT 5000 FOR UPDATE SKIP LOCKED)`,
            [id],
          );
        await sleep(20);
      }
    };
    const loops = [sendLoop(), sendLoop()];
    log(`sending for ${WARMUP_SECONDS} s before timing (the fold's steady tail)`);
    await sleep(WARMUP_SECONDS * 1000);
    const sendStart = Date.now();
    const writesAtStart = writes;
    if (statsOn) await db.query('SELECT pg_stat_statements_reset()');

    const http: number[] = [];
    for (let i = 0; i < HTTP_RUNS; i++) {
      const t0 = performance.now();
      await stack.request('GET', `/v1/incidents/${id}/progress`);
      http.push(performance.now() - t0);
      await sleep(100);
    }
    const [{ deltas: deltasDuringCalls }] = (await db.query('SELECT count(*)::int AS deltas FROM progress_delta')).rows;
    const statements = statsOn
      ? (
          await db.query(
            `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::int, mean_exec_time AS mean FROM pg_stat_statements
              WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls >= $1 AND ${CALL_STATEMENTS}
              ORDER BY mean_exec_time DESC LIMIT 8`,
            [HTTP_RUNS],
          )
        ).rows.map((r: { query: string; calls: number; mean: number }) => ({ query: r.query.slice(0, 160), calls: r.calls, meanMs: r.mean }))
      : undefined;
    const full: number[] = [];
    for (let i = 0; i < FULL_RUNS; i++) {
      const t0 = performance.now();
      await db.query(OLD_NOTICE_COUNTS, [id, 1]);
      await db.query(OLD_TENANT_COUNTS, [id, 1]);
      full.push(performance.now() - t0);
    }
    const writesPerSecond = ((writes - writesAtStart) / (Date.now() - sendStart)) * 1000;
    sending = false;
    await Promise.all(loops);
    const { rows } = await db.query(
      `WITH c AS (SELECT metric, sum(n) AS n FROM (SELECT metric, n FROM progress_counter WHERE incident_id = $1 UNION ALL SELECT metric, n FROM progress_delta WHERE incident_id = $1) x
                   WHERE metric LIKE 'notice:%' GROUP BY 1 HAVING sum(n) <> 0),
            f AS (SELECT 'notice:' || channel || ':' || status AS metric, count(*) AS n FROM notice WHERE incident_id = $1 GROUP BY 1)
       SELECT (SELECT count(*) FROM (SELECT * FROM c EXCEPT SELECT * FROM f) d) + (SELECT count(*) FROM (SELECT * FROM f EXCEPT SELECT * FROM c) d) AS differing,
              (SELECT count(*) FROM progress_delta)::int AS deltas, (SELECT count(*) FROM notice WHERE incident_id = $1)::int AS notices`,
      [id],
    );
    const result: ProgressResult = {
      tenants,
      notices: rows[0].notices,
      seeded,
      writesPerSecond,
      http: timing(http),
      fullCount: timing(full),
      exact: Number(rows[0].differing) === 0,
      deltasAtEnd: rows[0].deltas,
      deltasDuringCalls,
      warmupSeconds: WARMUP_SECONDS,
      statements,
      load: loadAverage(),
    };
    log(
      `progress at ${tenants.toLocaleString('en')} tenants while ${writesPerSecond.toFixed(0)} status writes/s: HTTP p50 ${result.http.p50.toFixed(1)} ms, p95 ${result.http.p95.toFixed(1)} ms, max ${result.http.max.toFixed(1)} ms; ` +
        `old full count (SQL only) p50 ${result.fullCount.p50.toFixed(0)} ms, max ${result.fullCount.max.toFixed(0)} ms; counters exact: ${result.exact}; ` +
        `${deltasDuringCalls} unfolded deltas during the calls`,
    );
    for (const st of statements ?? []) log(`  ${st.meanMs.toFixed(2)} ms × ${st.calls}: ${st.query}`);
    return result;
  } finally {
    sending = false;
    await Promise.all(senders.map((c) => c.end().catch(() => undefined)));
    await db.end().catch(() => undefined);
    await stack.close();
  }
}
