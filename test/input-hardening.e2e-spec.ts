import { twilioSignature } from '@app/testing';
import request from 'supertest';
import { ConsoleClient } from './support/console-client';
import { incident, tenant } from './support/delivery-fixtures';
import { dbFingerprint } from './support/db-fingerprint';
import { Harness, TWILIO_TOKEN } from './support/harness';
import { trickleBody } from './support/raw-request';

const MB = 1024 * 1024;

/**
 * The API's edge before any handler runs: who may make it read a body, how much of one, and that
 * text it cannot store, cookies it cannot decode and repeated parameters are refused with a 400
 * naming them, never a 5xx.
 */
describe('input hardening', () => {
  let h: Harness;
  const fingerprint = () => dbFingerprint(h.db);

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.admin.put('/v1/tenants/edge-t', tenant('edge-t', [{ email: 'dpo@edge.example' }])).expect(201);
  });

  afterAll(() => h?.close());

  describe('authentication comes before the body', () => {
    it('answers 401 without a valid key before the body has arrived', async () => {
      for (const key of [null, 'bc_not-a-key']) {
        // 1000 bytes declared, 100 sent, the rest never: only an answer that does not wait for the body arrives
        const res = await trickleBody(h.baseUrl, '/v1/incidents', { key, declared: 1000, maxBytes: 100, answerWithinMs: 10_000 });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/API key/) });
      }
    });

    it('answers 401, not a parse error, to malformed JSON without a key, on any case of the path', async () => {
      for (const path of ['/v1/incidents', '/V1/Incidents', '/v1/tenants/import']) {
        const res = await request(h.baseUrl).post(path).set('Content-Type', 'application/json').send('{"reference": ');
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
    });

    it('still reads the bodies of webhooks, which authenticate by signature', async () => {
      await request(h.baseUrl).post('/v1/webhooks/twilio/status').type('form').send({ MessageSid: 'SM1', MessageStatus: 'delivered' }).expect(403);
    });

    it('answers 413 at once to a declared Content-Length over the route limit, before reading', async () => {
      const tooBig = await trickleBody(h.baseUrl, '/v1/tenants/edge-t', { method: 'PUT', key: h.admin.key, declared: MB + 1, maxBytes: 100, answerWithinMs: 10_000 });
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.message).toMatch(/too large/);
      const hugeImport = await trickleBody(h.baseUrl, '/v1/tenants/import', { key: h.admin.key, declared: 300 * MB, maxBytes: 100, answerWithinMs: 10_000 });
      expect(hugeImport.status).toBe(413);
      expect(hugeImport.body.message).toMatch(/too large/);
    });

    it('keeps memory flat while five clients trickle 300 MB uploads, answering each 413 or 401 promptly', async () => {
      const before = await fingerprint();
      const baseline = process.memoryUsage();
      let peakHeap = baseline.heapUsed;
      let peakRss = baseline.rss;
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peakHeap = Math.max(peakHeap, now.heapUsed);
        peakRss = Math.max(peakRss, now.rss);
      }, 20);
      try {
        const keys = [h.admin.key, null, h.admin.key, 'bc_forged', h.admin.key];
        const answers = await Promise.all(
          keys.map((key) => trickleBody(h.baseUrl, '/v1/tenants/import', { key, declared: 300 * MB, chunkBytes: 64 * 1024, maxBytes: 300 * MB, answerWithinMs: 10_000 })),
        );
        expect(answers.map((a) => a.status)).toEqual([413, 401, 413, 401, 413]);
        for (const a of answers) expect(a.sent).toBeLessThan(32 * MB);
      } finally {
        clearInterval(sampler);
      }
      expect((peakHeap - baseline.heapUsed) / MB).toBeLessThan(64);
      expect((peakRss - baseline.rss) / MB).toBeLessThan(128);
      expect(await fingerprint()).toEqual(before);
    });

    it('cuts a chunked body with no length off at the limit with 413', async () => {
      const before = await fingerprint();
      // the body never ends: only a server that stops at the limit answers at all
      const res = await trickleBody(h.baseUrl, '/v1/tenants/edge-t', { method: 'PUT', key: h.admin.key, declared: null, chunkBytes: 64 * 1024, maxBytes: 64 * MB });
      expect(res.status).toBe(413);
      expect(res.body.message).toMatch(/too large/);
      expect(await fingerprint()).toEqual(before);
    });
  });

  describe('text', () => {
    it('keeps line breaks and tabs in multi-line text, and ordinary Unicode anywhere', async () => {
      const body = incident('INC-EDGE-TEXT', {
        title: { en: 'Zugriff auf das SMS-Archiv — ärgerlich 🙈', pl: 'Dostęp do archiwum SMS: źle' },
        description: 'Line one.\nLine two,\tindented.\r\nLine three.',
        source: { kind: 'sub_processor', name: 'Serwer SMS Łódź' },
      });
      const res = await h.admin.post('/v1/incidents', body).expect(201);
      const stored = (await h.admin.get(`/v1/incidents/${res.body.id}`).expect(200)).body;
      expect(JSON.stringify(stored)).toContain('Line two,\\tindented.\\r\\nLine three.');
    });

    it('takes JSON nested 32 deep as far as the body rules go', async () => {
      const res = await h.admin.put('/v1/tenants/edge-t').set('Content-Type', 'application/json').send(JSON.stringify(tenant('edge-t', [{ email: 'dpo@edge.example' }])).replace(/^\{/, `{"x":${'{"a":'.repeat(31)}1${'}'.repeat(31)},`));
      // 32 levels pass the body rules; the DTO then refuses the unknown property by name
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('x');
      expect(res.body.message).not.toMatch(/nested/);
    });
  });

  describe('the console', () => {
    it('answers a tenant file nested 5,000 deep with 400 naming the row, not a 500', async () => {
      const admin = await ConsoleClient.signIn(h.baseUrl, h.admin.key!);
      const before = await fingerprint();
      const deep = `{"tenants":[${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}]}`;
      const res = await admin.post('/console/tenants/import', { content: deep });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/nested more than 32 levels/);
      expect(await fingerprint()).toEqual(before);
    });

    it('answers a forged sandbox cursor with a time PostgreSQL cannot read as the first page, not a 500', async () => {
      const admin = await ConsoleClient.signIn(h.baseUrl, h.admin.key!);
      const cursor = Buffer.from('1|00000000-0000-4000-8000-000000000000').toString('base64url');
      await admin.page(`/console/sandbox?cursor=${cursor}`, 200);
    });
  });

  describe('cookies', () => {
    it('answers a console cookie that is not valid percent-encoding with 400 naming it', async () => {
      for (const [path, cookie] of [
        ['/console/incidents', 'bc_console=%E0%A4%A'],
        ['/console/deliveries', 'other=1; bc_console=%zz'],
      ]) {
        const res = await request(h.baseUrl).get(path).set('Cookie', cookie);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.text).toContain('bc_console');
      }
      const login = await request(h.baseUrl).post('/console/login').type('form').set('Cookie', 'bc_console_login=%').send({ _csrf: 'x', key: 'y' });
      expect(login.status).toBe(400);
      expect(login.text).toContain('bc_console_login');
      const board = await request(h.baseUrl).get('/console/queues').set('Cookie', 'bc_console=%');
      expect(board.status).toBe(400);
      expect(board.body.message).toContain('bc_console');
    });

    it('answers a repeated console query parameter with 400 naming it', async () => {
      const res = await request(h.baseUrl).get('/console/login?next=/console&next=/console/audit');
      expect(res.status).toBe(400);
      expect(res.text).toContain('next');
    });
  });

  describe('signed Twilio callbacks', () => {
    const url = () => `${h.baseUrl}/v1/webhooks/twilio/status`;
    const post = (form: string, signature: string) => request(h.baseUrl).post('/v1/webhooks/twilio/status').type('form').set('X-Twilio-Signature', signature).send(form);

    it('answers a correctly signed callback with a repeated parameter 400 naming it, changing nothing', async () => {
      const before = await fingerprint();
      const params = { MessageSid: 'SM' + '1'.repeat(32), MessageStatus: ['delivered', 'failed'], AccountSid: h.twilio.accountSid };
      const signature = twilioSignature(TWILIO_TOKEN, url(), params as unknown as Record<string, string>);
      const res = await post(`MessageSid=${params.MessageSid}&MessageStatus=delivered&MessageStatus=failed&AccountSid=${params.AccountSid}`, signature);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('MessageStatus');
      expect(await fingerprint()).toEqual(before);
    });

    it('answers a correctly signed callback with a NUL in a parameter 400 naming it, changing nothing', async () => {
      const before = await fingerprint();
      const params = { MessageSid: 'SM' + '2'.repeat(32), MessageStatus: 'failed', ErrorCode: '300\u000003', AccountSid: h.twilio.accountSid };
      const res = await post(new URLSearchParams(params).toString(), twilioSignature(TWILIO_TOKEN, url(), params));
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('ErrorCode');
      expect(await fingerprint()).toEqual(before);
    });
  });
});
