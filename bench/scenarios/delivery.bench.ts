import { Client } from 'pg';
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
  workerPeakRss: number;
  incidentId: string;
}

/** Worker send concurrency per queue (apps/worker reads SEND_CONCURRENCY, default 10); the bare loops get the same. */
export const SEND_CONCURRENCY = 10;

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
 * through the API and one worker, against a bare SDK loop to the same double. Leaves the apps running.
 */
export async function runDelivery(stack: Stack, channel: 'email' | 'sms', count: number, log: (line: string) => void): Promise<DeliveryResult> {
  await seedTenants(stack.db.url, count, channel);

  await stack.doubles.reset();
  if (channel === 'email') await bareEmailLoop(stack.doubles.endpoints, count, SEND_CONCURRENCY);
  else await bareSmsLoop(stack.doubles.endpoints, count, SEND_CONCURRENCY);
  const bare = rateOf((await stack.doubles.stats())[channel]);
  log(`bare ${channel} loop: ${bare.perSecond.toFixed(0)}/s`);

  await stack.doubles.reset();
  await stack.startApps(1);
  const cpuBefore = stack.workers[0].cpuSeconds();
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
  log(`worker CPU per ${channel} notice: ${workerCpuMsPerNotice.toFixed(2)} ms`);
  return {
    channel,
    e2e,
    bare,
    ratio: e2e.perSecond / bare.perSecond,
    concurrency: SEND_CONCURRENCY,
    workerCpuMsPerNotice,
    workerPeakRss: stack.peakRss().worker1 ?? 0,
    incidentId,
  };
}
