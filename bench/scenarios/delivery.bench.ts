import { Client } from 'pg';
import { cpuSecondsOf } from '../support/processes';
import { bareEmailLoop, bareSmsLoop } from '../baselines/send.baselines';
import type { ChannelTally } from '../support/doubles';
import { seedTenants } from '../support/seed';
import { Stack } from '../support/stack';
import { sleep } from '../support/timeline';

export interface RateResult {
  count: number;
  seconds: number;
  perSecond: number;
}

export interface DeliveryResult {
  channel: 'email' | 'sms';
  e2e: RateResult;
  bare: RateResult;
  ratio: number;
  concurrency: number;
  /** Worker CPU time per notice: steadier than rates on a shared machine. */
  workerCpuMsPerNotice: number;
  /** CPU of the bare loop's own process per message (the SDK's share of the work). */
  bareCpuMsPerMessage?: number;
  /** CPU of this database's PostgreSQL backends per notice, and of the private Redis (Bull, gate), during the run. */
  postgresCpuMsPerNotice?: number;
  redisCpuMsPerNotice?: number;
  workerPeakRss: number;
  incidentId: string;
}

/** CPU seconds so far of each backend serving this database (other databases on the server are not ours). */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return new Map(rows.map((r: { pid: number }) => [r.pid, cpuSecondsOf(r.pid)]));
  } finally {
    await db.end();
  }
}

/** Accept rate as the provider saw it: first to last accept. */
function rateOf(tally: ChannelTally): RateResult {
  const seconds = Math.max(((tally.last ?? 0) - (tally.first ?? 0)) / 1000, 0.001);
  return { count: tally.total, seconds, perSecond: tally.total / seconds };
}

async function waitForAccepts(stack: Stack, channel: 'email' | 'sms', count: number): Promise<ChannelTally> {
  const deadline = Date.now() + Math.max(120_000, count * 50);
  for (;;) {
    const tally = (await stack.doubles.stats())[channel];
    if (tally.total >= count) return tally;
    if (Date.now() > deadline) throw new Error(`only ${tally.total} of ${count} ${channel} messages arrived`);
    await sleep(250);
  }
}

/**
 * End-to-end sends of `count` notices on one channel (tenants with one contact, that channel only)
 * through the API and one worker, against a bare SDK loop to the same double. The worker runs
 * `concurrency` sends at once (SEND_CONCURRENCY) and the bare loop keeps as many in flight.
 * Leaves the apps running.
 */
export async function runDelivery(
  stack: Stack,
  channel: 'email' | 'sms',
  count: number,
  concurrency: number,
  log: (line: string) => void,
): Promise<DeliveryResult> {
  await seedTenants(stack.db.url, count, channel);

  await stack.doubles.reset();
  const bareCpu = process.cpuUsage();
  if (channel === 'email') await bareEmailLoop(stack.doubles.endpoints, count, concurrency);
  else await bareSmsLoop(stack.doubles.endpoints, count, concurrency);
  const bareUsed = process.cpuUsage(bareCpu);
  const bareCpuMsPerMessage = (bareUsed.user + bareUsed.system) / 1000 / count;
  const bare = rateOf((await stack.doubles.stats())[channel]);
  log(`bare ${channel} loop: ${bare.perSecond.toFixed(0)}/s, ${bareCpuMsPerMessage.toFixed(2)} ms CPU per message`);

  await stack.doubles.reset();
  await stack.startApps(1, { SEND_CONCURRENCY: String(concurrency) });
  const cpuBefore = stack.workers[0].cpuSeconds();
  const redisBefore = stack.redis.cpuSeconds();
  const backendsBefore = await backendCpu(stack.db.url);
  const incidentId = await stack.fileAndDispatch(`BENCH-DELIVERY-${channel.toUpperCase()}`, [channel]);
  const e2e = rateOf(await waitForAccepts(stack, channel, count));
  log(`end-to-end ${channel}: ${e2e.perSecond.toFixed(0)}/s`);

  // The worker records each accept after the provider answered; wait until every notice says so.
  const db = new Client({ connectionString: stack.db.url });
  await db.connect();
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM notice WHERE incident_id = $1 AND status = 'sent'`, [incidentId]);
      if (rows[0].n >= count) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${count} ${channel} notices are sent`);
      await sleep(250);
    }
  } finally {
    await db.end();
  }
  const workerCpuMsPerNotice = ((stack.workers[0].cpuSeconds() - cpuBefore) * 1000) / count;
  const redisCpuMsPerNotice = ((stack.redis.cpuSeconds() - redisBefore) * 1000) / count;
  let backendSeconds = 0;
  for (const [pid, seconds] of await backendCpu(stack.db.url)) backendSeconds += seconds - (backendsBefore.get(pid) ?? 0);
  const postgresCpuMsPerNotice = (backendSeconds * 1000) / count;
  log(
    `worker CPU per ${channel} notice: ${workerCpuMsPerNotice.toFixed(2)} ms; PostgreSQL backends ${postgresCpuMsPerNotice.toFixed(2)} ms, Redis ${redisCpuMsPerNotice.toFixed(2)} ms`,
  );
  return {
    channel,
    e2e,
    bare,
    ratio: e2e.perSecond / bare.perSecond,
    concurrency,
    workerCpuMsPerNotice,
    bareCpuMsPerMessage,
    postgresCpuMsPerNotice,
    redisCpuMsPerNotice,
    workerPeakRss: stack.peakRss().worker1 ?? 0,
    incidentId,
  };
}
