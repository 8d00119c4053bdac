import { WebhookReceiver } from '@app/testing';
import { Webhook } from 'standardwebhooks';
import { incident, SYSTEM } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { buildOnce, WorkerProcess } from './support/worker-process';

/**
 * At least once, with one identity: a worker process is killed with SIGKILL while the endpoint has the event
 * but has not answered. Once the dead worker's job lock lapses (JOB_LOCK_TIMEOUT=5s) a new worker sends the
 * notice again, with the same `webhook-id`, so the tenant can drop the repeat; the notice ends delivered.
 */
describe('webhook at least once across a worker kill', () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    buildOnce();
    receiver = await WebhookReceiver.start();
    h = await Harness.start({ worker: false, env: { WEBHOOK_SANDBOX: 'false', WEBHOOK_ALLOW_INSECURE: 'true', JOB_LOCK_TIMEOUT: '5s', WEBHOOK_TIMEOUT: '60s' } });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await h?.close();
    await receiver?.stop();
  });

  it('sends the event again with the same webhook-id after the worker dies mid-request', async () => {
    receiver.script('/hook', ['hold']);
    await h.admin
      .put('/v1/tenants/wh-crash', {
        name: 'Tenant wh-crash',
        locale: 'en',
        country: 'DE',
        timezone: 'Europe/Berlin',
        contacts: [{ role: 'security', webhook: receiver.url('/hook') }],
        exposures: [{ system: SYSTEM, dataCategories: ['email'], from: '2021-01-01', to: null, dataSubjects: 10, records: 10 }],
      })
      .expect(201);
    const { secret } = (await h.admin.post('/v1/tenants/wh-crash/webhook-secret').expect(201)).body;
    const first = new WorkerProcess(h.env);
    workers.push(first);
    const id = await h.fileAndDispatch(incident('INC-WH-KILL', { channels: ['webhook'] }));
    await receiver.waitFor('/hook', 1);
    const exit = await first.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    receiver.release(200); // the answer has no one to reach now
    workers.push(new WorkerProcess(h.env));
    const calls = await receiver.waitFor('/hook', 2);
    await h.waitForCompletion(id);

    expect(calls).toHaveLength(2);
    expect(calls[1].headers['webhook-id']).toBe(calls[0].headers['webhook-id']);
    for (const call of calls) expect(() => new Webhook(secret).verify(call.body, call.headers)).not.toThrow();
    expect(JSON.parse(calls[1].body).id).toBe(JSON.parse(calls[0].body).id);
    const [notice] = await h.notices(id);
    expect(notice).toMatchObject({ id: calls[0].headers['webhook-id'], status: 'delivered', attempts: 2 });
  });
});
