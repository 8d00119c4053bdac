import { waitUntil } from '@app/testing';
import { arrivals } from './support/arrivals';
import { incident, manyTenants } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { buildOnce, WorkerProcess } from './support/worker-process';

/**
 * A real worker process is killed with SIGKILL three times during a 2,000-tenant dispatch (the
 * first time while the fan-out is still planning) and started again each time. Nothing is lost:
 * the fan-out resumes from its cursor, jobs held by the dead worker run again once their lock
 * lapses (JOB_LOCK_TIMEOUT=2s), and the sweeper re-queues what has no job. The only duplicates
 * allowed are sends that were in flight at a kill.
 */
describe('SIGKILL of the worker mid-dispatch', () => {
  const TENANTS = 2000;
  const IN_FLIGHT = 10; // email slots of one worker (SEND_CONCURRENCY)
  let h: Harness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const started = Date.now();
    buildOnce();
    const built = Date.now();
    h = await Harness.start({ worker: false, smtp: { parse: false }, env: { JOB_LOCK_TIMEOUT: '2s' } });
    await h.admin.post('/v1/tenants/import', { tenants: manyTenants(TENANTS, { sms: false }) }).expect(200);
    console.log(`crash-kill setup: build ${built - started} ms (0 when up to date), harness and ${TENANTS} tenants ${Date.now() - built} ms`);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await h?.close();
  });

  const startWorker = () => {
    const worker = new WorkerProcess(h.env);
    workers.push(worker);
    return worker;
  };

  it('delivers every notice despite three kills and counts the duplicates', async () => {
    const started = Date.now();
    let worker = startWorker();
    const incidentId = await h.fileAndDispatch(incident('INC-KILL-1', { channels: ['email'] }));
    const expected = TENANTS;
    const received = () => h.smtp.messages.length + h.twilio.messages.length;
    const kills: string[] = [];
    for (const share of [0, 0.35, 0.7]) {
      const target = Math.max(20, Math.round(expected * share));
      await waitUntil(() => received() >= target, { timeoutMs: 60_000, message: `fewer than ${target} arrivals; worker said:\n${worker.output()}` });
      const [version] = await h.db.query('SELECT planned_at FROM incident_version WHERE incident_id = $1', [incidentId]);
      const exit = await worker.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      kills.push(`kill at ${received()} arrivals, +${Date.now() - started} ms, fan-out ${version.planned_at ? 'done' : 'still planning'}`);
      worker = startWorker();
    }
    const progress = await h.waitForCompletion(incidentId, 90_000);
    const result = await arrivals(h, incidentId);
    console.log(
      [`SIGKILL ×3 during a ${TENANTS}-tenant dispatch (${expected} notices):`, ...kills.map((k) => `  ${k}`)].join('\n') +
        `\n  completed in ${Date.now() - started} ms; ${result.received} messages received, missing ${result.missing.length}, DUPLICATES ${result.duplicates}`,
    );
    expect(progress.notices).toMatchObject({ total: expected, sent: expected, failed: 0, pending: 0, queued: 0, sending: 0 });
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBeLessThanOrEqual(kills.length * IN_FLIGHT);
  });
});
