import { seedTenants } from '../support/seed';
import { Stack, StackOptions } from '../support/stack';
import { loadAverage, sleep } from '../support/timeline';

export interface CeilingResult {
  rate: number;
  seconds: number;
  workers: number;
  sent: number;
  /** Over whole seconds counted from the first accept. */
  maxPerSecond: number;
  meanPerSecond: number;
  /** The most accepts inside any 1,000 ms window (sliding). */
  maxSlidingSecond: number;
  tooManyRequests: number;
  /** CPU the two workers used while the ceiling held them back, in % of one core (each). */
  workerCpuPercent: number[];
  load: string;
}

/** The most timestamps inside any window of `windowMs` (times sorted ascending). */
export function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/**
 * SMS_RATE_PER_SEC = `rate` shared by two worker processes, for `seconds`, against a Twilio double
 * that answers 429 above `rate` per second: what reaches the provider, second by second.
 */
export async function runCeiling(rate: number, seconds: number, base: Omit<StackOptions, 'name'>, log: (line: string) => void): Promise<CeilingResult> {
  const workers = 2;
  const stack = await Stack.prepare({
    ...base,
    name: 'ceiling',
    doubles: { smsPerSecond: rate, keepSmsTimes: true },
    env: { ...base.env, SMS_RATE_PER_SEC: String(rate) },
  });
  try {
    await seedTenants(stack.db.url, Math.ceil(rate * seconds * 1.5), 'sms');
    await stack.startApps(workers);
    await stack.doubles.reset();
    await stack.fileAndDispatch('BENCH-CEILING', ['sms']);
    let first: number | null = null;
    while (first === null) {
      await sleep(200);
      first = (await stack.doubles.stats()).sms.first;
    }
    log(`first SMS accepted; measuring ${seconds} s at ≤ ${rate}/s`);
    const cpuBefore = stack.workers.map((w) => w.cpuSeconds());
    const cpuFrom = Date.now();
    await sleep(first + seconds * 1000 + 500 - Date.now());
    const workerCpuPercent = stack.workers.map((w, i) => (100 * (w.cpuSeconds() - cpuBefore[i])) / ((Date.now() - cpuFrom) / 1000));
    const stats = await stack.doubles.stats();
    const load = loadAverage();
    const end = first + seconds * 1000;
    const times = stats.smsTimes.filter((t) => t < end).sort((a, b) => a - b);
    const buckets = new Array<number>(seconds).fill(0);
    for (const t of times) buckets[Math.floor((t - first) / 1000)]++;
    return {
      rate,
      seconds,
      workers,
      sent: times.length,
      maxPerSecond: Math.max(...buckets),
      meanPerSecond: times.length / seconds,
      maxSlidingSecond: maxInWindow(times, 1000),
      tooManyRequests: stats.sms429,
      workerCpuPercent,
      load,
    };
  } finally {
    await stack.close();
  }
}
