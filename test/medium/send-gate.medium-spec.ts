import type { AppConfig } from '@app/config';
import { busiestWindow, watchStalls } from '@app/testing';
import type { Queue } from 'bull';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { ReleaseSlot, SendGate, type SendJob } from '@app/queue';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** A worker process as far as the gate sees it: its own Redis connection, the shared prefix. */
function worker(prefix: string, smsRatePerSec: number): { gate: { acquire(channel: 'email' | 'sms'): Promise<ReleaseSlot> }; redis: Redis; asks: () => number } {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let asks = 0;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string; args: unknown[] }, ...rest: unknown[]) => {
    if ((command.name === 'evalsha' || command.name === 'eval') && command.args.length > 5) asks++;
    return (send as (...a: unknown[]) => unknown)(command, ...rest);
  }) as Redis['sendCommand'];
  const config = { queuePrefix: prefix } as AppConfig;
  const gate = new SendGate(config, { client: redis } as unknown as Queue<SendJob>);
  // Each channel's driver brings its ceiling: here SMS at `smsRatePerSec`, email without one.
  const rates = { sms: smsRatePerSec, email: 0 };
  return { gate: { acquire: (channel: 'email' | 'sms') => gate.acquire(channel, rates[channel]) }, redis, asks: () => asks };
}

describe(SendGate.name, () => {
  const prefix = `bc-gate-spec-${randomUUID().slice(0, 8)}`;
  const opened: Redis[] = [];
  const open = (rate: number) => {
    const w = worker(prefix, rate);
    opened.push(w.redis);
    return w;
  };

  afterEach(async () => {
    const redis = new Redis(REDIS_URL);
    await redis.del(`${prefix}:gate:sms`, `${prefix}:gate:email`);
    await redis.quit();
  });

  afterAll(async () => {
    await Promise.all(opened.filter((r) => r.status === 'ready').map((r) => r.quit()));
  });

  it('lets at most `rate` requests reach the provider in any sliding second across two workers, whatever their latency', async () => {
    const RATE = 10;
    const COUNT = 40;
    const workers = [open(RATE), open(RATE)];
    const arrivals: number[] = [];
    const admissions: number[] = [];
    const stalls = watchStalls();
    await Promise.all(
      Array.from({ length: COUNT }, async (_, i) => {
        const release = await workers[i % 2].gate.acquire('sms');
        const admitted = Date.now();
        admissions.push(admitted);
        // The provider stamps the request somewhere between our admission and our reading of its answer;
        // a few answers are slow, so the stamps of one second's sends spread over up to 300 ms.
        const latency = i % 7 === 3 ? 300 : 5 + ((i * 37) % 60);
        const arrivesAt = (i * 53) % 2 === 0 ? 0 : latency;
        arrivals.push(admitted + arrivesAt);
        await sleep(latency);
        await release();
      }),
    );
    expect(arrivals).toHaveLength(COUNT);
    expect(busiestWindow(arrivals, 1000)).toBeLessThanOrEqual(RATE);
    // Three slots' turns after the first: each turn is a second plus an answer, never much more
    // (a gate that held a slot for two windows would take 6 s), plus what a busy machine stalled.
    const span = Math.max(...admissions) - Math.min(...admissions);
    expect(span).toBeGreaterThanOrEqual(3000);
    expect(span).toBeLessThan(3 * (1000 + 300) + 1000 + 3 * stalls.longestMs());
  }, 120_000);

  it('admits a waiter when a slot frees, asking Redis about once per freed slot instead of polling', async () => {
    const RATE = 3;
    const w = open(RATE);
    const admitted: number[] = [];
    const released: number[] = [];
    const stalls = watchStalls();
    await Promise.all(
      Array.from({ length: 4 * RATE }, async () => {
        const release = await w.gate.acquire('sms');
        admitted.push(Date.now());
        await sleep(20);
        released.push(Date.now());
        await release();
      }),
    );
    admitted.sort((a, b) => a - b);
    released.sort((a, b) => a - b);
    const stalledMs = stalls.longestMs();
    for (let i = RATE; i < admitted.length; i++) {
      // never before the slot it takes has been free for a second, and not long after (however late a busy machine fires a timer)
      expect(admitted[i]).toBeGreaterThanOrEqual(released[i - RATE] + 1000 - 1);
      expect(admitted[i] - released[i - RATE]).toBeLessThan(1000 + 400 + stalledMs);
    }
    // a few asks per turn (one to learn when the turn comes, one or two as its slots free);
    // a 25 ms poll would have asked about 120 times over these three seconds
    expect(w.asks()).toBeLessThanOrEqual(1 + 3 * 5);
  }, 120_000);

  it('keeps counting a send whose answer never came (its worker died) until its hold lapses', async () => {
    const w = open(1);
    await w.gate.acquire('sms'); // never released
    const second = w.gate.acquire('sms');
    const outcome = await Promise.race([second.then(() => 'admitted'), sleep(2500).then(() => 'still waiting')]);
    expect(outcome).toBe('still waiting');
    w.redis.disconnect(); // stops the waiter's next ask
    await expect(second).rejects.toThrow();
  }, 120_000);

  it('fails the waiting sends when Redis cannot be asked, rather than leaving them hanging', async () => {
    const w = open(2);
    w.redis.disconnect();
    const results = await Promise.allSettled([w.gate.acquire('sms'), w.gate.acquire('sms'), w.gate.acquire('sms')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('needs no Redis when the channel has no ceiling', async () => {
    const w = open(5);
    w.redis.disconnect();
    const release: ReleaseSlot = await w.gate.acquire('email');
    await expect(release()).resolves.toBeUndefined();
  });

  it('gives a slot back once, however often release is called', async () => {
    const w = open(1);
    const release = await w.gate.acquire('sms');
    await release();
    await release();
    const redis = new Redis(REDIS_URL);
    expect(await redis.zcard(`${prefix}:gate:sms`)).toBe(1);
    await redis.quit();
  });
});
