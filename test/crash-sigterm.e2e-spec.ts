import { waitUntil } from '@app/testing';
import { arrivals } from './support/arrivals';
import { incident, phoneOf, tenant } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { buildOnce, WorkerProcess } from './support/worker-process';

/**
 * SIGTERM drains: a worker whose SMS are in flight (the Twilio double answers after 1.5 s) stops
 * taking jobs, lets those sends finish and commit, closes its pools and exits 0. Nothing is left
 * `sending`; the next worker sends the rest, each SMS once. Eight at a time: the 40 take five turns,
 * so some are still queued at the signal even when a busy machine is slow to send it.
 */
describe('SIGTERM with sends in flight', () => {
  const COUNT = 40;
  let h: Harness;
  const workers: WorkerProcess[] = [];
  const statuses = async (incidentId: string) =>
    new Map<string, string>((await h.db.query('SELECT id, status FROM notice WHERE incident_id = $1', [incidentId])).map((r: any) => [r.id, r.status]));

  beforeAll(async () => {
    buildOnce();
    h = await Harness.start({ worker: false, twilio: { latencyMs: 1500 }, env: { SEND_CONCURRENCY: '8' } });
    const tenants = Array.from({ length: COUNT }, (_, i) => tenant(`drain-${i}`, [{ phone: phoneOf(900 + i) }]));
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await h?.close();
  });

  it('finishes the sends in flight, exits 0 and leaves nothing sending', async () => {
    const first = new WorkerProcess(h.env, { logLevel: 'info' });
    workers.push(first);
    const incidentId = await h.fileAndDispatch(incident('INC-DRAIN-1', { channels: ['sms'] }));
    await waitUntil(async () => [...(await statuses(incidentId)).values()].filter((s) => s === 'sending').length >= 5, {
      message: `no sends in flight; worker said:\n${first.output()}`,
    });
    const inFlight = [...(await statuses(incidentId))].filter(([, s]) => s === 'sending').map(([id]) => id);
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    const exit = await Promise.race([first.exited, new Promise((r) => setTimeout(() => r('timeout'), 120_000).unref())]);
    const after = await statuses(incidentId);
    console.log(`SIGTERM with ${inFlight.length} SMS in flight: exit ${JSON.stringify(exit)} after ${Date.now() - signalled} ms; ${[...after.values()].filter((s) => s === 'sent').length} sent, ${[...after.values()].filter((s) => s === 'queued').length} left queued`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.output()).toMatch(/stopped cleanly/);
    expect([...after.values()].filter((s) => s === 'sending')).toEqual([]);
    for (const id of inFlight) expect(after.get(id)).toBe('sent');
    expect(h.twilio.messages).toHaveLength([...after.values()].filter((s) => s === 'sent').length);
    expect([...after.values()].filter((s) => s === 'queued').length).toBeGreaterThan(0);

    workers.push(new WorkerProcess(h.env));
    const progress = await h.waitForCompletion(incidentId);
    const result = await arrivals(h, incidentId);
    expect(progress.notices).toMatchObject({ total: COUNT, sent: COUNT });
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
  });
});
