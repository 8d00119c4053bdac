import { busiestWindow, watchStalls } from '@app/testing';
import { INestApplicationContext } from '@nestjs/common';
import { createWorker } from '../apps/worker/src/bootstrap';
import { incident, phoneOf, tenant } from './support/delivery-fixtures';
import { Harness } from './support/harness';

/** Shortest time covering `n` consecutive starts: at least 1000 ms means no second ever held `n`. */
function shortestSpan(times: number[], n: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = Infinity;
  for (let i = 0; i + n - 1 < sorted.length; i++) best = Math.min(best, sorted[i + n - 1] - sorted[i]);
  return best;
}

/**
 * SMS_RATE_PER_SEC is a ceiling for all workers together: with two workers (20 SMS slots) and a
 * backlog of 16 SMS, the Twilio double never sees more than 5 creates in any sliding second. The
 * double stamps a create between the moment our gate admitted it and the moment our worker read the
 * answer, and the gate counts a send over that span and a second after it, so the check needs no
 * tolerance, stalls or not.
 */
describe('rate ceilings across workers', () => {
  const RATE = 5;
  const COUNT = 16;
  let h: Harness;
  let second: INestApplicationContext;
  let creates: number[];
  let stalledMs: number;

  beforeAll(async () => {
    h = await Harness.start({ env: { SMS_RATE_PER_SEC: String(RATE) } });
    second = await createWorker(h.config);
    const tenants = Array.from({ length: COUNT }, (_, i) => tenant(`rated-${i}`, [{ phone: phoneOf(500 + i) }]));
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);
    const stalls = watchStalls();
    const id = await h.fileAndDispatch(incident('INC-RATE-1', { channels: ['sms'] }));
    await h.waitForCompletion(id);
    stalledMs = stalls.longestMs();
    creates = h.twilio.requests.filter((r) => r.method === 'POST' && r.status === 201).map((r) => r.at.getTime());
    const start = Math.min(...creates);
    console.log(
      `SMS creates at the Twilio double (ms after the first), ceiling ${RATE}/s, two workers:\n  ${creates.map((t) => t - start).join(', ')}\n` +
        `  busiest sliding second: ${busiestWindow(creates, 1000)}; shortest span of ${RATE + 1} consecutive creates: ${shortestSpan(creates, RATE + 1)} ms`,
    );
  });

  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  it('sends every SMS once', () => {
    expect(creates).toHaveLength(COUNT);
    expect(new Set(h.twilio.messages.map((m) => m.to)).size).toBe(COUNT);
  });

  it('never lets more than the ceiling through in any sliding second', () => {
    expect(busiestWindow(creates, 1000)).toBeLessThanOrEqual(RATE);
  });

  it('still uses most of the allowance', () => {
    const span = Math.max(...creates) - Math.min(...creates);
    // Nothing paces the sends but the gate: 16 creates are four turns of 5, each turn a second after the
    // answers of the one before, so 3 s plus three answer times (and whatever a busy machine adds: the
    // workers and the double share this process, so each turn may start as late as its longest stall).
    const turns = Math.floor((COUNT - 1) / RATE);
    expect(span).toBeGreaterThanOrEqual(turns * 1000);
    expect(span).toBeLessThan(turns * (1400 + stalledMs));
  });
});

describe(busiestWindow.name, () => {
  it('counts starts inside a half-open sliding window', () => {
    expect(busiestWindow([0, 999, 1000, 1001, 1998], 1000)).toBe(4);
    expect(busiestWindow([0, 200, 400, 600, 800, 1000], 1000)).toBe(5);
    expect(busiestWindow([], 1000)).toBe(0);
  });
});
