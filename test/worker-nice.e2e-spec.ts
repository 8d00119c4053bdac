import { waitUntil } from '@app/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { arrivals } from './support/arrivals';
import { incident, phoneOf, tenant } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { buildOnce, WorkerProcess } from './support/worker-process';

/** Each thread's nice value (field 19 of /proc/<pid>/task/<tid>/stat), by thread name. */
function threadNices(pid: number): { name: string; nice: number }[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      return [{ name, nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) }];
    } catch {
      return []; // a thread that ended meanwhile
    }
  });
}

/**
 * WORKER_NICE: a real worker process lowers every one of its threads (the SMTP thread, started with the
 * first email, included) to the nice value it is given, and sends as before.
 */
describe('WORKER_NICE', () => {
  let h: Harness;
  let worker: WorkerProcess | null = null;

  beforeAll(async () => {
    buildOnce();
    h = await Harness.start({ worker: false });
    await h.admin.post('/v1/tenants/import', { tenants: [0, 1, 2].map((i) => tenant(`nice-${i}`, [{ email: `dpo@nice-${i}.example`, phone: phoneOf(700 + i) }])) }).expect(200);
  });

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await h?.close();
  });

  it('runs every thread of the worker at the nice value given, and sends', async () => {
    worker = new WorkerProcess({ ...h.env, WORKER_NICE: '7' }, { logLevel: 'info' });
    const started = worker;
    await waitUntil(() => /worker started \(pid \d+\)/.test(started.output()), { message: 'the worker to start' });
    expect(started.output()).toContain('CPU priority lowered to nice 7');
    const incidentId = await h.fileAndDispatch(incident('INC-NICE-1', { channels: ['email', 'sms'] }));
    const progress = await h.waitForCompletion(incidentId);
    expect(progress.notices).toMatchObject({ total: 6, sent: 6 });
    expect((await arrivals(h, incidentId)).missing).toEqual([]);
    const threads = threadNices(started.pid);
    expect(threads.length).toBeGreaterThan(5);
    expect(threads.filter((t) => t.nice !== 7)).toEqual([]);
    // The process's own nice as other processes see it, too.
    expect(threadNices(process.pid).every((t) => t.nice !== 7)).toBe(true);
  });
});
