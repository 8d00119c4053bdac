import { waitUntil, WebhookReceiver } from '@app/testing';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { incident, SYSTEM } from './support/delivery-fixtures';
import { Harness } from './support/harness';

/**
 * The webhook channel against an in-test HTTP receiver (WEBHOOK_ALLOW_INSECURE=true, so plain http to
 * 127.0.0.1 is allowed): signed CloudEvents that the `standardwebhooks` package verifies, 503 retried, 410
 * retiring the endpoint, Retry-After honoured, and the channel counted in progress like email and SMS.
 */
describe('webhook channel', () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  const secrets = new Map<string, string>();

  const webhookTenant = (externalId: string, path: string, extra: Record<string, unknown> = {}) => ({
    externalId,
    name: `Tenant ${externalId}`,
    locale: 'en',
    country: 'DE',
    timezone: 'Europe/Berlin',
    contacts: [{ role: 'security', webhook: receiver.url(path), ...extra }],
    exposures: [{ system: SYSTEM, dataCategories: ['email'], from: '2021-01-01', to: null, dataSubjects: 100, records: 1000 }],
  });

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    h = await Harness.start({ env: { WEBHOOK_SANDBOX: 'false', WEBHOOK_ALLOW_INSECURE: 'true', WEBHOOK_RATE_PER_SEC: '0', WEBHOOK_TIMEOUT: '5s' } });
    receiver.script('/flaky', [503]);
    receiver.script('/gone', [410]);
    receiver.script('/busy', [{ status: 429, headers: { 'Retry-After': '2' } }]);
    await h.admin
      .post('/v1/tenants/import', {
        tenants: [
          webhookTenant('wh-ok', '/ok', { email: 'dpo@wh-ok.example' }),
          webhookTenant('wh-flaky', '/flaky'),
          webhookTenant('wh-gone', '/gone'),
          webhookTenant('wh-busy', '/busy'),
          webhookTenant('wh-nosecret', '/nosecret'),
        ],
      })
      .expect(200);
    for (const t of ['wh-ok', 'wh-flaky', 'wh-gone', 'wh-busy']) {
      const res = await h.admin.post(`/v1/tenants/${t}/webhook-secret`).expect(201);
      secrets.set(t, res.body.secret);
    }
  });

  afterAll(async () => {
    await h?.close();
    await receiver?.stop();
  });

  it('creates a signing secret shown once, rotates it, and audits both without the secret', async () => {
    const first = (await h.admin.post('/v1/tenants/wh-nosecret/webhook-secret').expect(201)).body;
    expect(first).toMatchObject({ tenant: 'wh-nosecret', replaced: false });
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const second = (await h.admin.post('/v1/tenants/wh-nosecret/webhook-secret').expect(201)).body;
    expect(second.replaced).toBe(true);
    expect(second.secret).not.toBe(first.secret);
    const tenant = (await h.admin.get('/v1/tenants/wh-nosecret').expect(200)).body;
    expect(tenant.webhookSecretRotatedAt).toBe(second.rotatedAt);
    expect(JSON.stringify(tenant)).not.toContain('whsec_');
    const stored = await h.db.query(`SELECT webhook_secret FROM tenant WHERE external_id = 'wh-nosecret'`);
    expect(stored[0].webhook_secret).toMatch(/^v1\./);
    expect(stored[0].webhook_secret).not.toContain(second.secret.slice('whsec_'.length, 20));
    const audit = await h.db.query(`SELECT action, details::text AS details FROM audit_entry WHERE action = 'tenant.webhook_secret_rotated' AND subject = 'tenant:wh-nosecret'`);
    expect(audit).toHaveLength(2);
    for (const entry of audit) expect(entry.details).not.toContain('whsec_');
    await h.admin.post('/v1/tenants/nobody/webhook-secret').expect(404);
    await h.auditor.post('/v1/tenants/wh-nosecret/webhook-secret').expect(403);
    secrets.set('wh-nosecret', second.secret);
  });

  it('sends each tenant a signed CloudEvent that standardwebhooks verifies, with the facts of its ack summary', async () => {
    const id = await h.fileAndDispatch(incident('INC-WH-1', { channels: ['email', 'webhook'] }));
    const progress = await h.waitForCompletion(id);
    const [hook] = receiver.to('/ok');
    expect(hook).toBeDefined();
    const verified = new Webhook(secrets.get('wh-ok')!).verify(hook.body, hook.headers) as Record<string, any>;
    const notice = (await h.notices(id)).find((n) => n.channel === 'webhook' && n.tenant === 'wh-ok');
    expect(hook.headers['webhook-id']).toBe(notice.id);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(verified).toMatchObject({
      specversion: '1.0',
      id: notice.id,
      source: h.baseUrl,
      type: 'breachcast.notice.initial',
      subject: 'INC-WH-1',
      datacontenttype: 'application/json',
    });
    expect(Date.parse(verified.time)).toBeGreaterThan(0);
    // Another secret does not verify it.
    expect(() => new Webhook(secrets.get('wh-flaky')!).verify(hook.body, hook.headers)).toThrow();
    const { data } = verified;
    expect(data.ackUrl).toMatch(new RegExp(`^${h.baseUrl}/ack/[A-Za-z0-9_-]{22}$`));
    expect(data.csafUrl).toBe(`${data.ackUrl}.csaf.json`);
    const summary = (await h.admin.get(`${new URL(data.ackUrl).pathname}.json`).expect(200)).body;
    for (const key of ['reference', 'version', 'kind', 'tenant', 'vendor', 'art33', 'timeline', 'authority', 'regimes', 'locale', 'subjectNotice']) {
      expect({ [key]: data[key] }).toEqual({ [key]: summary[key] });
    }
    expect(notice.status).toBe('delivered');
    // Evidence proves what was sent: the hash of the event's data as posted.
    const evidence = (await h.auditor.get(`/v1/tenants/wh-ok/evidence?incidentId=${id}`).expect(200)).body;
    const proved = evidence.notices.find((n: { channel: string }) => n.channel === 'webhook');
    expect(proved.contentHash).toBe(createHash('sha256').update(JSON.stringify([null, JSON.stringify(data), null])).digest('hex'));
    expect(proved.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['sent', 'delivered']));
    const csv = (await h.admin.get(`/v1/notices/export?incidentId=${id}`).expect(200)).text;
    expect(csv.split('\n').filter((line) => line.includes(',webhook,'))).toHaveLength(5);
    const metrics = (await request(h.baseUrl).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/breachcast_notice_send_seconds_count\{[^}]*channel="webhook"[^}]*outcome="sent"[^}]*\} [1-9]/);
    expect(progress.byChannel.webhook).toMatchObject({ total: 5, delivered: 4, failed: 1 });
    expect(progress.byChannel.email).toMatchObject({ total: 1 });
  });

  it('retries a 503 and delivers on the next attempt with the same webhook-id', async () => {
    const calls = receiver.to('/flaky');
    expect(calls.map((c) => c.headers['webhook-id'])).toEqual([calls[0].headers['webhook-id'], calls[0].headers['webhook-id']]);
    const [notice] = await h.db.query(`SELECT status, attempts FROM notice WHERE id = $1`, [calls[0].headers['webhook-id']]);
    expect(notice).toEqual({ status: 'delivered', attempts: 2 });
    for (const call of calls) expect(() => new Webhook(secrets.get('wh-flaky')!).verify(call.body, call.headers)).not.toThrow();
  });

  it('waits at least as long as Retry-After asks before retrying a 429', async () => {
    const calls = receiver.to('/busy');
    expect(calls).toHaveLength(2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(2000);
    const [notice] = await h.db.query(`SELECT status, attempts FROM notice WHERE id = $1`, [calls[0].headers['webhook-id']]);
    expect(notice).toEqual({ status: 'delivered', attempts: 2 });
  });

  it('fails a notice answered 410 at once, retires the endpoint on the tenant and sends nothing more to it', async () => {
    expect(receiver.to('/gone')).toHaveLength(1);
    const [gone] = await h.db.query(`SELECT status, attempts, last_error FROM notice WHERE id = $1`, [receiver.to('/gone')[0].headers['webhook-id']]);
    expect(gone).toMatchObject({ status: 'failed', attempts: 1 });
    expect(gone.last_error).toMatch(/410/);
    const tenant = (await h.admin.get('/v1/tenants/wh-gone').expect(200)).body;
    expect(Date.parse(tenant.contacts[0].webhookRetiredAt)).toBeGreaterThan(0);

    const id = await h.fileAndDispatch(incident('INC-WH-2', { channels: ['webhook'] }));
    await h.waitForCompletion(id);
    const later = (await h.notices(id)).find((n) => n.tenant === 'wh-gone');
    expect(later).toMatchObject({ status: 'failed' });
    expect(later.lastError).toMatch(/endpoint retired/);
    expect(receiver.to('/gone')).toHaveLength(1);
    // The others got their second event.
    await waitUntil(() => receiver.to('/ok').length === 2);
    expect(JSON.parse(receiver.to('/ok')[1].body).subject).toBe('INC-WH-2');
  });

  it('fails a notice to a tenant without a signing secret, without posting it unsigned', async () => {
    await h.admin.put('/v1/tenants/wh-unsigned', webhookTenant('wh-unsigned', '/unsigned')).expect(201);
    const id = await h.fileAndDispatch(incident('INC-WH-3', { channels: ['webhook'] }));
    await h.waitForCompletion(id);
    const notice = (await h.notices(id)).find((n) => n.tenant === 'wh-unsigned');
    expect(notice).toMatchObject({ status: 'failed' });
    expect(notice.lastError).toMatch(/no webhook signing secret/);
    expect(receiver.to('/unsigned')).toHaveLength(0);
  });
});
