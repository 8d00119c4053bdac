import { loadConfig } from '@app/config';
import { freePort, WebhookReceiver } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { createApiApp } from '../apps/api/src/bootstrap';
import { createWorker } from '../apps/worker/src/bootstrap';
import { Api } from './support/api-client';
import { incident, SYSTEM } from './support/delivery-fixtures';
import { Harness } from './support/harness';

/**
 * Webhook URLs are held to https and public addresses twice: when a tenant is written (a 400 naming the
 * field) and again when a notice is sent, on the address the name resolves to then. The send-time check is
 * exercised by writing `https://localhost:…` through an API that runs with WEBHOOK_ALLOW_INSECURE=true and
 * sending through a worker that runs without it: the name resolves to 127.0.0.1 and nothing is posted.
 */
describe('webhook URL safety', () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  let strictApp: INestApplication;
  let strict: Api;

  const tenantWith = (externalId: string, webhook: string) => ({
    name: `Tenant ${externalId}`,
    locale: 'en',
    country: 'DE',
    timezone: 'Europe/Berlin',
    contacts: [{ role: 'security', webhook }],
    exposures: [{ system: SYSTEM, dataCategories: ['email'], from: '2021-01-01', to: null, dataSubjects: 10, records: 10 }],
  });

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    h = await Harness.start({ worker: false, env: { WEBHOOK_SANDBOX: 'false', WEBHOOK_ALLOW_INSECURE: 'true' } });
    // A second API on the same database, as it runs in production: without the insecure flag.
    const port = await freePort();
    strictApp = await createApiApp(loadConfig({ ...h.env, WEBHOOK_ALLOW_INSECURE: 'false', PORT: String(port) }));
    await strictApp.listen(port, '127.0.0.1');
    strict = new Api(`http://127.0.0.1:${port}`, h.env.ADMIN_API_KEY!);
  });

  afterAll(async () => {
    await strictApp?.close();
    await h?.close();
    await receiver?.stop();
  });

  it.each([
    ['a loopback address', 'https://127.0.0.1/hook', /public address.*127\.0\.0\.1/],
    ['a name that resolves to loopback', 'https://localhost/hook', /public address: localhost resolves to/],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data', /169\.254\.169\.254/],
    ['a private IPv6 address', 'https://[fd00:ec2::254]/hook', /fd00:ec2::254/],
    ['plain http', 'http://siem.example/hook', /https/],
    ['not a URL', 'siem hook', /https URL/],
  ])('refuses %s at upsert with a 400 naming the field, and writes nothing', async (_what, url, message) => {
    const res = await strict.put('/v1/tenants/wh-refused', tenantWith('wh-refused', url)).expect(400);
    const problem = (res.body.errors as { field: string; message: string }[]).find((e) => e.field === 'contacts[0].webhook');
    expect(problem?.message).toMatch(message);
    await strict.get('/v1/tenants/wh-refused').expect(404);
  });

  it('names the row and field of a refused URL in an import, and imports nothing', async () => {
    const res = await strict
      .post('/v1/tenants/import', { tenants: [{ externalId: 'wh-fine', ...tenantWith('wh-fine', 'https://93.184.215.14/hook') }, { externalId: 'wh-bad', ...tenantWith('wh-bad', 'https://10.0.0.8/hook') }] })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 1, field: 'tenants[1].contacts[0].webhook' })]);
    await strict.get('/v1/tenants/wh-fine').expect(404);
  });

  it('refuses at send time a name that resolves to 127.0.0.1, posting nothing', async () => {
    const url = `https://localhost:${receiver.port}/hook`;
    await h.admin.put('/v1/tenants/wh-local', tenantWith('wh-local', url)).expect(201);
    await h.admin.post('/v1/tenants/wh-local/webhook-secret').expect(201);
    h.worker = await createWorker(loadConfig({ ...h.env, WEBHOOK_ALLOW_INSECURE: 'false' }));
    const id = await h.fileAndDispatch(incident('INC-WH-SAFE', { channels: ['webhook'] }));
    await h.waitForCompletion(id);
    const [notice] = await h.notices(id);
    expect(notice).toMatchObject({ channel: 'webhook', status: 'failed', attempts: 1 });
    expect(notice.lastError).toMatch(/refused: localhost resolves to (127\.0\.0\.1|::1), a loopback, private, link-local or reserved address/);
    expect(receiver.received).toHaveLength(0);
  });
});
