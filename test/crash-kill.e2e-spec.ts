import { waitUntil } from '@app/testing';
import { arrivals } from './support/arrivals';
import { countersAndFullCount, foldEverything } from './support/progress-counters';
import { incident, manyTenants } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { buildOnce, WorkerProcess } from './support/worker-process';

/**
 * A real worker process is killed with SIGKILL three times during a 2,000-tenant dispatch (the
 * first time while the fan-out is still planning) and started again each time. Nothing is lost:
 * the fan-out resumes from its cursor, jobs held by the dead worker run again once their lock
 * lapses (JOB_LOCK_TIMEOUT=5s: shorter, and a worker slowed by a busy machine loses the locks of
 * jobs it is still running), and the sweeper re-queues what has no job. The only duplicates
 * allowed are sends that were in flight at a kill. The progress counters (kept by triggers in the
 * transactions that change statuses) equal a full count of the notices and affected tenants (late ones
 * included, counted from first_sent_at) at every kill and at the end; at the second kill every delta is
 * folded into the counters first.
 */
describe('SIGKILL of the worker mid-dispatch', () => {
  const TENANTS = 2000;
  const IN_FLIGHT = 10; // email slots of one worker (SEND_CONCURRENCY, set below)
  let h: Harness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const started = Date.now();
    buildOnce();
    const built = Date.now();
    h = await Harness.start({ worker: false, smtp: { parse: false }, env: { JOB_LOCK_TIMEOUT: '5s', SEND_CONCURRENCY: String(IN_FLIGHT) } });
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
    const planned = async () => {
      const [row] = await h.db.query(
        `SELECT v.planned_at, count(n.id)::int AS notices, count(n.id) FILTER (WHERE n.status = 'pending')::int AS unqueued
           FROM incident_version v LEFT JOIN notice n ON n.incident_id = v.incident_id WHERE v.incident_id = $1 GROUP BY v.planned_at`,
        [incidentId],
      );
      return row as { planned_at: Date | null; notices: number; unqueued: number };
    };
    const exactAfterKills: string[] = [];
    const restart = async (moment: string, fold = false) => {
      const state = await planned();
      const exit = await worker.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      const folded = fold ? await foldEverything(h.api) : 0;
      const { counters, full } = await countersAndFullCount(h.db, incidentId);
      expect(counters).toEqual(full);
      exactAfterKills.push(`${moment}: ${JSON.stringify(counters)}${fold ? ` (after folding ${folded} deltas)` : ''}`);
      kills.push(`${moment}: killed at ${received()} arrivals, ${state.notices} notices planned (${state.unqueued} not yet queued), fan-out ${state.planned_at ? 'done' : 'still planning'}, +${Date.now() - started} ms`);
      worker = startWorker();
    };
    const arrived = (target: number) =>
      waitUntil(() => received() >= target, { progress: received }).catch(async (error: Error) => {
        const progress = (await h.admin.get(`/v1/incidents/${incidentId}/progress`)).body;
        throw new Error(`${error.message}: ${received()} of ${target} arrivals; progress ${JSON.stringify(progress.notices)}; worker said:\n${worker.output()}`);
      });

    // first kill as soon as the fan-out has written its first page (of four)
    await waitUntil(async () => (await h.db.query('SELECT 1 FROM notice WHERE incident_id = $1 LIMIT 1', [incidentId])).length > 0, { intervalMs: 2 });
    await restart('mid fan-out');
    await arrived(Math.round(expected * 0.35));
    await restart('mid send', true);
    await arrived(Math.round(expected * 0.7));
    await restart('mid send');
    const progress = await h.waitForCompletion(incidentId);
    const result = await arrivals(h, incidentId);
    console.log(
      [`SIGKILL ×3 during a ${TENANTS}-tenant dispatch (${expected} notices):`, ...kills.map((k) => `  ${k}`)].join('\n') +
        `\n  completed in ${Date.now() - started} ms; ${result.received} messages received, missing ${result.missing.length}, DUPLICATES ${result.duplicates}`,
    );
    expect(progress.notices).toMatchObject({ total: expected, sent: expected, failed: 0, pending: 0, queued: 0, sending: 0 });
    const end = await countersAndFullCount(h.db, incidentId);
    console.log(['progress counters equal to the full count:', ...exactAfterKills, `end: ${JSON.stringify(end.counters)}`].join('\n  '));
    expect(end.counters).toEqual(end.full);
    // the fixture's awareness is long past: every tenant was told after its due time, and none is left not told
    expect(end.counters).toEqual({ 'notice:email:sent': expected, 'tenant:affected': TENANTS, 'tenant:told_late': TENANTS });
    expect(progress.lateTenants).toBe(TENANTS);
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBeLessThanOrEqual(kills.length * IN_FLIGHT);
  });
});
