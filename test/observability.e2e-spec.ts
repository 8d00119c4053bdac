import { waitUntil } from '@app/testing';
import request from 'supertest';
import { Api } from './support/api-client';
import { ConsoleClient } from './support/console-client';
import { Harness, scenario, TWILIO_TOKEN } from './support/harness';

/** Every string in a JSON value that looks like an E.164 number or an email address. */
function contactsIn(value: unknown): { phones: Set<string>; emails: Set<string> } {
  const phones = new Set<string>();
  const emails = new Set<string>();
  JSON.stringify(value, (_k, v) => {
    if (typeof v === 'string' && /^\+[1-9]\d{6,14}$/.test(v)) phones.add(v);
    if (typeof v === 'string' && /^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(v)) emails.add(v);
    return v;
  });
  return { phones, emails };
}

/** `name{labels} value` lines of a Prometheus exposition, by series. */
function series(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/i.exec(line);
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

/**
 * One dispatch with LOG_LEVEL=debug, the API's and the worker's log lines captured: what ops see
 * in logs, in /metrics, in /docs and on the queue board.
 */
describe('observability', () => {
  const sms = scenario('sms-gateway-archive');
  const lines: string[] = [];
  let h: Harness;
  let incidentId: string;
  let ackToken: string;
  let logText: string;

  beforeAll(async () => {
    h = await Harness.start({
      env: { LOG_LEVEL: 'debug' },
      logs: { write: (line: string) => lines.push(line) },
      twilio: { autoCallbacks: { statuses: ['sent', 'delivered'], delayMs: 20 } },
    });
    await h.admin.post('/v1/tenants/import', { tenants: sms.tenants }).expect(200);
    incidentId = await h.fileAndDispatch(sms.incident);
    await h.waitForCompletion(incidentId);
    const sent = await h.notices(incidentId);
    await waitUntil(async () => (await h.notices(incidentId)).filter((n) => n.status === 'delivered').length === sent.filter((n) => n.channel === 'sms').length);
    ackToken = /\/ack\/([A-Za-z0-9_-]{16,})/.exec(h.smtp.messages[0].text ?? '')![1];
    // Requests that carry personal data and secrets in their URL, headers or outcome.
    await request(h.baseUrl).get(`/ack/${ackToken}`).expect(200);
    await h.admin.get(`/v1/sandbox/messages?to=${encodeURIComponent(sms.tenants[0].contacts[0].phone)}`).expect(200);
    await request(h.baseUrl).post('/v1/webhooks/twilio/status').type('form').send({ MessageSid: 'SM0', MessageStatus: 'delivered', To: '+48501234001' }).expect(403);
    await h.admin.get('/v1/incidents').set('X-Request-Id', 'trace-obs-0001').expect(200).expect('X-Request-Id', 'trace-obs-0001');
    await new Api(h.baseUrl, 'bc_not_a_key_0123456789abcdef').get('/v1/incidents').expect(401);
    logText = lines.join('');
  });

  afterAll(() => h?.close());

  describe('logs', () => {
    it('are JSON lines with a level, a time, the process kind and a message', () => {
      expect(lines.length).toBeGreaterThan(50);
      for (const line of lines) {
        const entry = JSON.parse(line);
        expect(entry).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), app: expect.any(String) }));
      }
      const levels = new Set(lines.map((l) => JSON.parse(l).level));
      expect(levels).toContain('debug');
      // Nest's Logger API goes through pino: the delivery service's own lines are here.
      expect(logText).toMatch(/"context":"Delivery".*sent in \d+ ms/);
    });

    it('log each request once with its request id, and keep a caller-given X-Request-Id', () => {
      const done = lines.map((l) => JSON.parse(l)).filter((e) => e.req && e.res);
      expect(done.find((e) => e.msg === `POST /v1/incidents 201 in ${e.msg.match(/in (\d+) ms/)?.[1]} ms`)?.req.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(done.some((e) => e.req.id === 'trace-obs-0001' && e.res.statusCode === 200)).toBe(true);
      expect(done.some((e) => e.res.statusCode === 401 && e.level === 'warn')).toBe(true);
    });

    it('hold no full phone number, no email local part, no API key, no auth token and no ack token', () => {
      const { phones, emails } = contactsIn([sms.tenants, sms.incident]);
      expect(phones.size).toBeGreaterThan(3);
      expect(emails.size).toBeGreaterThan(3);
      for (const phone of phones) {
        expect(logText).not.toContain(phone);
        expect(logText).not.toContain(phone.slice(1));
      }
      for (const email of emails) {
        const local = email.slice(0, email.indexOf('@'));
        expect(logText).not.toContain(`${local}@`);
        expect(logText).not.toContain(`${local}%40`);
      }
      for (const secret of [h.env.ADMIN_API_KEY!, h.approver.key!, h.auditor.key!, 'bc_not_a_key_0123456789abcdef', TWILIO_TOKEN, ackToken]) {
        expect(logText).not.toContain(secret);
      }
      // They were there to be masked: masked forms show up.
      expect(logText).toMatch(/\+48\*{7}\d\d/);
      expect(logText).toMatch(/[a-z]\*\*+@city-north\.example/);
      expect(logText).toContain('/ack/[token]');
    });
  });

  describe('/metrics', () => {
    it('counts notices by channel and status as the database holds them', async () => {
      const res = await request(h.baseUrl).get('/metrics').expect(200).expect('Content-Type', /text\/plain/);
      const s = series(res.text);
      const rows: { channel: string; status: string; n: number }[] = await h.db.query('SELECT channel, status, count(*)::int AS n FROM notice GROUP BY 1, 2');
      expect(rows.length).toBeGreaterThan(1);
      for (const r of rows) expect(s.get(`breachcast_notices{channel="${r.channel}",status="${r.status}"}`)).toBe(r.n);
      expect(s.get('breachcast_queue_jobs{queue="email",state="completed"}')).toBeGreaterThan(0);
      expect(s.get('breachcast_queue_jobs{queue="sms",state="waiting"}')).toBe(0);
    });

    it("sums every process's counters: send latency from the worker, callbacks and requests from the API", async () => {
      const notices = await h.notices(incidentId);
      const emails = notices.filter((n) => n.channel === 'email').length;
      const texts = notices.filter((n) => n.channel === 'sms').length;
      const s = await waitUntil(
        async () => {
          const got = series((await request(h.baseUrl).get('/metrics').expect(200)).text);
          return got.get('breachcast_notice_send_seconds_count{channel="email",outcome="sent"}') === emails ? got : null;
        },
      );
      expect(s.get('breachcast_notice_send_seconds_count{channel="sms",outcome="sent"}')).toBe(texts);
      expect(s.get('breachcast_notice_send_seconds_bucket{le="+Inf",channel="email",outcome="sent"}')).toBe(emails);
      // Each SMS had two signed callbacks (sent, delivered). On a busy machine one may come before its send
      // was committed: it is answered `unknown` and applied a moment later, so the two outcomes sum up.
      const counted = (outcome: string) => s.get(`breachcast_webhook_callbacks_total{provider="twilio",outcome="${outcome}"}`) ?? 0;
      expect(counted('applied') + counted('unknown')).toBe(2 * texts);
      expect(counted('applied')).toBeGreaterThan(0);
      expect(s.get('breachcast_webhook_callbacks_total{provider="twilio",outcome="bad_signature"}')).toBe(1);
      expect(s.get('breachcast_http_requests_total{method="POST",route="/v1/incidents",status="201"}')).toBe(1);
      expect(s.get('breachcast_http_requests_total{method="GET",route="/v1/incidents/:id/progress",status="200"}')).toBeGreaterThan(0);
    });
  });

  describe('/docs', () => {
    let doc: Record<string, any>;

    beforeAll(async () => {
      doc = (await request(h.baseUrl).get('/docs-json').expect(200).expect('Content-Type', /json/)).body;
    });

    it('serves the UI', async () => {
      const res = await request(h.baseUrl).get('/docs').expect(200);
      expect(res.text).toContain('swagger-ui');
    });

    it("is an OpenAPI 3 document listing the contract's paths", () => {
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info).toEqual(expect.objectContaining({ title: 'breachcast', version: '1' }));
      const contract: [string, string][] = [
        ['post', '/v1/api-keys'],
        ['get', '/v1/api-keys'],
        ['delete', '/v1/api-keys/{id}'],
        ['put', '/v1/tenants/{externalId}'],
        ['get', '/v1/tenants/{externalId}'],
        ['post', '/v1/tenants/import'],
        ['get', '/v1/tenants/{externalId}/evidence'],
        ['post', '/v1/incidents'],
        ['get', '/v1/incidents/{id}/preview'],
        ['post', '/v1/incidents/{id}/approve'],
        ['post', '/v1/incidents/{id}/dispatch'],
        ['get', '/v1/incidents/{id}/progress'],
        ['post', '/v1/incidents/{id}/updates'],
        ['get', '/v1/notices'],
        ['get', '/v1/notices/{id}'],
        ['get', '/v1/notices/export'],
        ['post', '/v1/webhooks/twilio/status'],
        ['get', '/ack/{token}'],
        ['post', '/ack/{token}'],
        ['get', '/v1/audit'],
        ['get', '/v1/audit/verify'],
        ['get', '/health'],
        ['get', '/metrics'],
      ];
      for (const [method, path] of contract) expect({ path, method, op: !!doc.paths[path]?.[method] }).toEqual({ path, method, op: true });
    });

    it('is consistent: every $ref resolves, every path parameter is declared, every operation answers', () => {
      const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        const name = /#\/components\/schemas\/(.+)"$/.exec(ref)?.[1];
        expect({ ref, resolves: !!(name && doc.components.schemas[name]) }).toEqual({ ref, resolves: true });
      }
      for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
        const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        for (const [method, op] of Object.entries<any>(ops)) {
          const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
          expect({ path, method, declared: declared.sort() }).toEqual({ path, method, declared: [...params].sort() });
          expect(Object.keys(op.responses ?? {}).length).toBeGreaterThan(0);
        }
      }
    });

    it('describes request bodies from the DTOs, with the required fields and an example', () => {
      const body = doc.paths['/v1/incidents'].post.requestBody.content['application/json'];
      const schema = doc.components.schemas[body.schema.$ref.split('/').pop()];
      expect(schema.required).toEqual(expect.arrayContaining(['reference', 'title', 'awareAt', 'nature', 'scope', 'contact', 'channels']));
      expect(schema.properties.channels.items.enum).toEqual(['email', 'sms', 'webhook']);
      expect(Object.values<any>(body.examples ?? {})[0]?.value?.reference ?? body.example?.reference).toEqual(expect.any(String));
      const tenant = doc.paths['/v1/tenants/{externalId}'].put.requestBody.content['application/json'];
      expect(doc.components.schemas[tenant.schema.$ref.split('/').pop()].properties.locale.enum).toEqual(['en', 'pl', 'nl', 'fr', 'es', 'de']);
    });
  });

  describe('Bull Board at /console/queues', () => {
    it('opens for an admin key only', async () => {
      await request(h.baseUrl).get('/console/queues/api/queues').expect(401);
      await h.auditor.get('/console/queues').expect(403);
      await h.approver.get('/console/queues/api/queues').expect(403);
      const page = await h.admin.get('/console/queues').expect(200);
      expect(page.text).toContain('breachcast queues');
    });

    it('shows every queue with its jobs', async () => {
      const res = await h.admin.get('/console/queues/api/queues?activeQueue=email&status=completed').expect(200);
      const names = res.body.queues.map((q: { name: string }) => q.name);
      expect(names).toEqual(expect.arrayContaining(['fanout', 'email', 'sms', 'maintenance']));
      const email = res.body.queues.find((q: { name: string }) => q.name === 'email');
      expect(email.counts.completed).toBeGreaterThan(0);
    });

    it('opens in a browser signed in to the console as an admin, and sends others to sign in', async () => {
      const browser = await ConsoleClient.signIn(h.baseUrl, h.env.ADMIN_API_KEY!);
      expect((await browser.agent.get('/console/queues').expect(200)).text).toContain('breachcast queues');
      expect((await browser.agent.get('/console/incidents').expect(200)).text).toContain('href="/console/queues"');
      // A write the browser marks as coming from another site is refused even with the session.
      await browser.agent.put('/console/queues/api/queues/email/pause').set('Sec-Fetch-Site', 'cross-site').expect(403);

      const auditor = await ConsoleClient.signIn(h.baseUrl, h.auditor.key!);
      await auditor.agent.get('/console/queues/api/queues').expect(403);
      expect((await auditor.agent.get('/console/incidents').expect(200)).text).not.toContain('href="/console/queues"');

      const stranger = await request(h.baseUrl).get('/console/queues').set('Accept', 'text/html').expect(303);
      expect(stranger.headers.location).toBe('/console/login?next=%2Fconsole%2Fqueues');
    });

    it('redirects its first address, /admin/queues, here', async () => {
      const res = await request(h.baseUrl).get('/admin/queues/api/queues?activeQueue=sms').expect(308);
      expect(res.headers.location).toBe('/console/queues/api/queues?activeQueue=sms');
    });
  });
});
