import { Client } from 'pg';
import { BaselineResult, bullBaseline, copyBaseline } from '../baselines/fanout.baselines';
import { sampleRedisMemory } from '../support/processes';
import { seedTenants } from '../support/seed';
import { Stack, StackOptions } from '../support/stack';
import { acceptsPerSecond, loadAverage, perSecond, sleep } from '../support/timeline';

export interface FanoutResult {
  tenants: number;
  notices: { email: number; sms: number; total: number };
  seedSeconds: number;
  /** Seconds after dispatch (the version's dispatched_at). */
  plannedSeconds: number;
  queuedSeconds: number;
  firstAcceptSeconds: number;
  noticesPerSecond: number;
  peakRss: Record<string, number>;
  redisPeakBytes: number;
  copy: BaselineResult;
  bull: BaselineResult & { redisBytes: number };
  acceptedDuringRun: number;
  timeline: { planned: number[]; queued: number[]; accepted: number[] };
  load: { before: string; after: string };
}

/**
 * Seeds `tenants` synthetic tenants, measures the COPY and addBulk baselines for the same number
 * of notices, then dispatches one incident through the real API and worker and times planning,
 * queueing and the first provider accept.
 */
export async function runFanout(tenants: number, base: Omit<StackOptions, 'name'>, drainSeconds: number, log: (line: string) => void): Promise<FanoutResult> {
  const stack = await Stack.prepare({ ...base, name: `fanout-${tenants}` });
  try {
    const seedStarted = performance.now();
    const counts = await seedTenants(stack.db.url, tenants, 'mixed', log);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const total = counts.email + counts.sms;
    log(`seeded ${tenants} tenants (${total} notices to plan) in ${seedSeconds.toFixed(1)} s; baselines next`);

    const copy = await copyBaseline(stack.db.url, total);
    log(`COPY baseline: ${total} rows in ${copy.seconds.toFixed(1)} s`);
    const bull = await bullBaseline(stack.redis.url, total);
    log(`addBulk baseline: ${total} jobs in ${bull.seconds.toFixed(1)} s, ${(bull.redisBytes / 2 ** 20).toFixed(0)} MiB of Redis`);

    await stack.startApps(1);
    const redisMemory = sampleRedisMemory(stack.redis.client);
    await stack.doubles.reset();
    const loadBefore = loadAverage();
    const incidentId = await stack.fileAndDispatch(`BENCH-FANOUT-${tenants}`, ['email', 'sms']);

    const db = new Client({ connectionString: stack.db.url });
    db.on('error', () => undefined); // the database is dropped on the way out, even after a failure
    await db.connect();
    let milestones: { dispatched_at: Date; planned_at: Date | null; pending: number };
    const deadline = Date.now() + Math.max(300_000, tenants * 6); // 1M tenants: 100 min at most
    let queuedAt = 0;
    for (;;) {
      const { rows } = await db.query(
        `SELECT v.dispatched_at, v.planned_at,
                (SELECT count(*)::int FROM notice n WHERE n.incident_id = v.incident_id AND n.version = v.version AND n.status = 'pending') AS pending
           FROM incident_version v WHERE v.incident_id = $1 AND v.version = 1`,
        [incidentId],
      );
      milestones = rows[0];
      const stats = await stack.doubles.stats();
      const accepted = stats.email.total + stats.sms.total;
      if (milestones.planned_at && milestones.pending === 0 && accepted > 0) break;
      if (Date.now() > deadline) throw new Error(`fan-out of ${tenants} tenants did not finish in time`);
      await sleep(500);
    }
    queuedAt = Date.now();
    log(`planned and queued; watching deliveries for ${drainSeconds} s more`);
    while (Date.now() - queuedAt < drainSeconds * 1000) await sleep(500);

    const stats = await stack.doubles.stats();
    const peakRss = stack.peakRss();
    const redisPeakBytes = (await redisMemory.peak()) - (await redisMemory.baseline);
    redisMemory.stop();
    const loadAfter = loadAverage();
    await stack.stopApps();

    const t0 = milestones.dispatched_at;
    const { rows } = await db.query(
      `SELECT extract(epoch FROM max(queued_at) - $2::timestamptz)::float AS queued, extract(epoch FROM $3::timestamptz - $2::timestamptz)::float AS planned
         FROM notice WHERE incident_id = $1`,
      [incidentId, t0, milestones.planned_at],
    );
    await db.end();
    const firstAccept = Math.min(stats.email.first ?? Infinity, stats.sms.first ?? Infinity);
    const queuedSeconds = rows[0].queued as number;
    return {
      tenants,
      notices: { ...counts, total },
      seedSeconds,
      plannedSeconds: rows[0].planned as number,
      queuedSeconds,
      firstAcceptSeconds: (firstAccept - t0.getTime()) / 1000,
      noticesPerSecond: total / Math.max(queuedSeconds, 0.001),
      peakRss,
      redisPeakBytes,
      copy,
      bull,
      acceptedDuringRun: stats.email.total + stats.sms.total,
      timeline: {
        planned: await perSecond(stack.db.url, incidentId, 'created_at', t0),
        queued: await perSecond(stack.db.url, incidentId, 'queued_at', t0),
        accepted: acceptsPerSecond([stats.email, stats.sms], t0.getTime()),
      },
      load: { before: loadBefore, after: loadAfter },
    };
  } finally {
    await stack.close();
  }
}
