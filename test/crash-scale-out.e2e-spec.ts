import { arrivals } from './support/arrivals';
import { incident, manyTenants } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { buildOnce, waitForQueueWorkers, WorkerProcess } from './support/worker-process';

/** Two worker processes on one Redis share a dispatch: each notice is sent by exactly one of them, once. */
describe('two worker processes', () => {
  const TENANTS = 400;
  let h: Harness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    buildOnce();
    h = await Harness.start({ worker: false, smtp: { parse: false } });
    await h.admin.post('/v1/tenants/import', { tenants: manyTenants(TENANTS) }).expect(200);
    workers.push(new WorkerProcess(h.env), new WorkerProcess(h.env));
    // Both take jobs before the dispatch, or the first up may send everything.
    await waitForQueueWorkers(h.api, 2);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await h?.close();
  });

  it('shares the work with no duplicate sends', async () => {
    const incidentId = await h.fileAndDispatch(incident('INC-SCALE-1'));
    const progress = await h.waitForCompletion(incidentId);
    const result = await arrivals(h, incidentId);
    const senders: { worker: string; n: string }[] = await h.db.query(
      `SELECT e.detail->>'worker' AS worker, count(*) AS n FROM notice_event e JOIN notice n ON n.id = e.notice_id
        WHERE n.incident_id = $1 AND e.type = 'sent' GROUP BY 1 ORDER BY 1`,
      [incidentId],
    );
    console.log(`two workers, ${TENANTS * 2} notices: ${senders.map((s) => `${s.worker} sent ${s.n}`).join(', ')}; duplicates ${result.duplicates}`);
    expect(progress.notices).toMatchObject({ total: TENANTS * 2, sent: TENANTS * 2 });
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(senders).toHaveLength(2);
    for (const w of workers) expect(senders.some((s) => s.worker.endsWith(`:${w.pid}`))).toBe(true);
  });
});
