import { Client } from 'pg';
import { bareEmailLoop, bareSmsLoop } from '../baselines/send.baselines';
import { cpuSecondsOf } from '../support/processes';
import { seedTenants } from '../support/seed';
import { Stack, StackOptions } from '../support/stack';
import { loadAverage, sleep } from '../support/timeline';

export interface ScaleStatement {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  /** Nested (run inside a trigger or function), as pg_stat_statements.track = all sees it. */
  toplevel: boolean;
}

export interface ScaleRun {
  channel: 'email' | 'sms';
  /** Notices the incident planned on this channel. */
  notices: number;
  /** dispatched_at → planned_at: every notice exists. */
  plannedSeconds: number;
  firstAcceptSeconds: number;
  /** Accepts at the double inside the window, per second of it. */
  steady: { accepts: number; seconds: number; perSecond: number; fromSeconds: number; toSeconds: number };
  /** The window reached the end of the incident (95 % accepted) before `--scale-seconds`. */
  drained: boolean;
  bare: { count: number; perSecond: number; cpuMsPerMessage: number };
  ratio: number;
  /** CPU per notice accepted in the window. */
  cpuMsPerNotice: { worker: number; postgres: number; redis: number; api: number };
  /** GET …/progress over HTTP, once a second from dispatch to the end of the window. */
  progress: { p50: number; p95?: number; max: number; runs: number };
  /** pg_stat_statements over the window, by total time (nested statements included), or null when unavailable. */
  statements: ScaleStatement[] | null;
  /** pg_stat_activity sampled every 200 ms over the window: active backends of this database by wait and statement. */
  activity: { samples: number; waits: Record<string, number>; queries: { query: string; seen: number }[] };
  /** Sizes at the end of the window. */
  tables: { noticeMiB: number; noticeIndexesMiB: number; noticeDeadTuples: number; noticeAutovacuums: number; progressDeltaRows: number };
  workerPeakRss: number;
  load: { before: string; after: string };
}

export interface ScaleResult {
  tenants: number;
  runs: ScaleRun[];
}

const pct = (values: number[], q: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0;
};

/** Per-statement figures of this database only (pg_stat_statements is server-wide). */
async function statementsAvailable(db: Client): Promise<boolean> {
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
    // Nested statements too (the counter triggers' inserts): the apps' sessions read this at connect.
    await db.query(`ALTER DATABASE ${db.database} SET pg_stat_statements.track = 'all'`);
    return true;
  } catch {
    return false;
  }
}

async function resetStatements(db: Client): Promise<void> {
  await db.query(`SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)`);
}

async function topStatements(db: Client): Promise<ScaleStatement[]> {
  const { rows } = await db.query(
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::int, total_exec_time AS total, rows::bigint AS rows, toplevel
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time DESC LIMIT 15`,
  );
  return rows.map((r: { query: string; calls: number; total: number; rows: string; toplevel: boolean }) => ({
    query: r.query.slice(0, 300),
    calls: r.calls,
    totalMs: Math.round(r.total),
    meanMs: Math.round((r.total / Math.max(1, r.calls)) * 1000) / 1000,
    rows: Number(r.rows),
    toplevel: r.toplevel,
  }));
}

/** CPU seconds so far of each backend serving this database. */
async function backendCpu(db: Client): Promise<Map<number, number>> {
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return new Map(rows.map((r: { pid: number }) => [r.pid, cpuSecondsOf(r.pid)]));
}

/** Samples active backends (what they wait on, what they run) until stopped. */
function sampleActivity(url: string) {
  const waits: Record<string, number> = {};
  const queries = new Map<string, number>();
  let samples = 0;
  let running = true;
  const db = new Client({ connectionString: url });
  db.on('error', () => undefined);
  const done = (async () => {
    await db.connect();
    while (running) {
      const { rows } = await db.query(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'cpu') AS wait, regexp_replace(left(query, 120), '\\s+', ' ', 'g') AS query
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
      );
      samples++;
      for (const r of rows as { wait: string; query: string }[]) {
        waits[r.wait] = (waits[r.wait] ?? 0) + 1;
        queries.set(r.query, (queries.get(r.query) ?? 0) + 1);
      }
      await sleep(200);
    }
    await db.end();
  })();
  return {
    async stop() {
      running = false;
      await done.catch(() => undefined);
      const top = [...queries].sort((a, b) => b[1] - a[1]).slice(0, 8);
      return { samples, waits, queries: top.map(([query, seen]) => ({ query, seen })) };
    },
  };
}

/** GET …/progress once a second; the times are kept. */
function sampleProgress(stack: Stack, incidentId: () => string | null) {
  const times: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const id = incidentId();
      if (id) {
        const t0 = performance.now();
        await stack.request('GET', `/v1/incidents/${id}/progress`).catch(() => undefined);
        times.push(performance.now() - t0);
      }
      await sleep(1000);
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { p50: pct(times, 0.5), p95: pct(times, 0.95), max: Math.max(0, ...times), runs: times.length };
    },
  };
}

/**
 * Throughput at vendor scale, one channel: `tenants` seeded as the fan-out part seeds them (2.6 notices per tenant),
 * the bare SDK loop against the same double, then one incident on that channel only through the API and one
 * worker, ceilings off. The steady rate is taken over a window that opens once every notice exists (planned)
 * and 5 % have been accepted (ramp-up left out) and closes at 95 % accepted or after `windowSeconds`;
 * CPU per notice, pg_stat_statements and pg_stat_activity samples cover the same window.
 */
async function runChannel(
  tenants: number,
  channel: 'email' | 'sms',
  base: Omit<StackOptions, 'name'>,
  options: { windowSeconds: number; bareCount: number; concurrency: number },
  log: (line: string) => void,
): Promise<ScaleRun> {
  const stack = await Stack.prepare({ ...base, name: `scale-${tenants}-${channel}` });
  const db = new Client({ connectionString: stack.db.url });
  db.on('error', () => undefined);
  try {
    await seedTenants(stack.db.url, tenants, 'mixed', log);
    await db.connect();
    const withStatements = await statementsAvailable(db);
    if (!withStatements) log('pg_stat_statements is not loaded on this server (shared_preload_libraries): statements come from pg_stat_activity samples only');

    await stack.doubles.reset();
    const bareCpu = process.cpuUsage();
    if (channel === 'email') await bareEmailLoop(stack.doubles.endpoints, options.bareCount, options.concurrency);
    else await bareSmsLoop(stack.doubles.endpoints, options.bareCount, options.concurrency);
    const used = process.cpuUsage(bareCpu);
    const bareTally = (await stack.doubles.stats())[channel];
    const bare = {
      count: bareTally.total,
      perSecond: bareTally.total / Math.max(0.001, ((bareTally.last ?? 0) - (bareTally.first ?? 0)) / 1000),
      cpuMsPerMessage: (used.user + used.system) / 1000 / options.bareCount,
    };
    log(`scale ${tenants} ${channel}: bare loop ${bare.perSecond.toFixed(0)}/s`);

    await stack.doubles.reset();
    await stack.startApps(1, { SEND_CONCURRENCY: String(options.concurrency) });
    const loadBefore = loadAverage();
    let incidentId: string | null = null;
    const progress = sampleProgress(stack, () => incidentId);
    incidentId = await stack.fileAndDispatch(`BENCH-SCALE-${tenants}-${channel.toUpperCase()}`, [channel]);

    // Planned: every notice exists. Then wait for 5 % accepted.
    let planned: { dispatched_at: Date; planned_at: Date; notices: number } | null = null;
    const deadline = Date.now() + Math.max(300_000, tenants * 6);
    while (!planned) {
      const { rows } = await db.query(
        `SELECT v.dispatched_at, v.planned_at, (SELECT count(*)::int FROM notice n WHERE n.incident_id = v.incident_id) AS notices
           FROM incident_version v WHERE v.incident_id = $1 AND v.version = 1 AND v.planned_at IS NOT NULL`,
        [incidentId],
      );
      if (rows[0]) planned = rows[0];
      else if (Date.now() > deadline) throw new Error(`${tenants} tenants (${channel}) not planned in time`);
      else await sleep(250);
    }
    const notices = planned.notices;
    const t0 = planned.dispatched_at.getTime();
    for (;;) {
      if ((await stack.doubles.stats())[channel].total >= notices * 0.05) break;
      if (Date.now() > deadline) throw new Error(`${tenants} tenants (${channel}): 5 % not accepted in time`);
      await sleep(100);
    }

    // The window.
    const activity = sampleActivity(stack.db.url);
    if (withStatements) await resetStatements(db);
    const startTally = (await stack.doubles.stats())[channel];
    const startAt = Date.now();
    const cpu0 = { worker: stack.workers[0].cpuSeconds(), redis: stack.redis.cpuSeconds(), api: stack.api!.cpuSeconds(), backends: await backendCpu(db) };
    let endTally = startTally;
    let endAt = startAt;
    let drained = false;
    for (;;) {
      await sleep(250);
      endTally = (await stack.doubles.stats())[channel];
      endAt = Date.now();
      if (endTally.total >= notices * 0.95) {
        drained = true;
        break;
      }
      if (endAt - startAt >= options.windowSeconds * 1000) break;
    }
    const cpu1 = { worker: stack.workers[0].cpuSeconds(), redis: stack.redis.cpuSeconds(), api: stack.api!.cpuSeconds(), backends: await backendCpu(db) };
    const statements = withStatements ? await topStatements(db) : null;
    const sampled = await activity.stop();
    const progressTimes = await progress.stop();
    const accepts = endTally.total - startTally.total;
    const seconds = (endAt - startAt) / 1000;
    let backendSeconds = 0;
    for (const [pid, s] of cpu1.backends) backendSeconds += s - (cpu0.backends.get(pid) ?? 0);
    const per = (s: number) => (s * 1000) / Math.max(1, accepts);
    const { rows: sizes } = await db.query(
      `SELECT pg_relation_size('notice') AS heap, pg_indexes_size('notice') AS idx,
              (SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'notice') AS dead,
              (SELECT autovacuum_count FROM pg_stat_user_tables WHERE relname = 'notice') AS vacuums,
              (SELECT count(*) FROM progress_delta) AS deltas`,
    );
    const run: ScaleRun = {
      channel,
      notices,
      plannedSeconds: (planned.planned_at.getTime() - t0) / 1000,
      firstAcceptSeconds: ((endTally.first ?? t0) - t0) / 1000,
      steady: { accepts, seconds, perSecond: accepts / Math.max(0.001, seconds), fromSeconds: (startAt - t0) / 1000, toSeconds: (endAt - t0) / 1000 },
      drained,
      bare,
      ratio: accepts / Math.max(0.001, seconds) / bare.perSecond,
      cpuMsPerNotice: { worker: per(cpu1.worker - cpu0.worker), postgres: per(backendSeconds), redis: per(cpu1.redis - cpu0.redis), api: per(cpu1.api - cpu0.api) },
      progress: progressTimes,
      statements,
      activity: sampled,
      tables: {
        noticeMiB: Number(sizes[0].heap) / 2 ** 20,
        noticeIndexesMiB: Number(sizes[0].idx) / 2 ** 20,
        noticeDeadTuples: Number(sizes[0].dead),
        noticeAutovacuums: Number(sizes[0].vacuums),
        progressDeltaRows: Number(sizes[0].deltas),
      },
      workerPeakRss: stack.peakRss().worker1 ?? 0,
      load: { before: loadBefore, after: loadAverage() },
    };
    log(
      `scale ${tenants} ${channel}: ${notices} notices planned in ${run.plannedSeconds.toFixed(1)} s; ${run.steady.perSecond.toFixed(0)}/s over ${seconds.toFixed(0)} s ` +
        `(${run.ratio.toFixed(2)}× bare); CPU per notice worker ${run.cpuMsPerNotice.worker.toFixed(2)} ms, PostgreSQL ${run.cpuMsPerNotice.postgres.toFixed(2)} ms; ` +
        `progress p50 ${progressTimes.p50.toFixed(0)} ms, p95 ${(progressTimes.p95 ?? NaN).toFixed(0)} ms, max ${progressTimes.max.toFixed(0)} ms; load ${run.load.after}`,
    );
    return run;
  } finally {
    await db.end().catch(() => undefined);
    await stack.close();
  }
}

/** Both channel-only runs at one size. */
export async function runScale(
  tenants: number,
  base: Omit<StackOptions, 'name'>,
  options: { windowSeconds: number; bareCount: number; concurrency: number },
  log: (line: string) => void,
): Promise<ScaleResult> {
  const runs: ScaleRun[] = [];
  for (const channel of ['email', 'sms'] as const) runs.push(await runChannel(tenants, channel, base, options, log));
  return { tenants, runs };
}
