import { AckTokensService } from '@app/ack';
import request from 'supertest';
import { ConsoleClient } from './support/console-client';
import { ACCEPT_LANGUAGE_GAPS, Harness } from './support/harness';
import { ackTokenOf, mailTo, sampleIncident, sampleTenant } from './support/notice-fixtures';

/**
 * An acknowledgement link is the tenant's: whoever holds it acknowledges in the tenant's name (and
 * silences escalation). Staff with a read-only role (approver, auditor) read previews, notices,
 * exports, evidence, the console and the sandbox, and never get a link that works; the message that
 * goes to the tenant carries the real one. An admin sees real links in the sandbox mailbox only (it is
 * how an admin sees what was "sent" in demo mode).
 */
const READ_ONLY = ['auditor', 'approver'] as const;
type Role = (typeof READ_ONLY)[number] | 'admin';

const TENANTS = [
  sampleTenant({
    externalId: 'redact-one',
    name: 'Redact One Ltd',
    locale: 'en',
    contacts: [{ role: 'dpo', email: 'dpo@redact-one.example', phone: '+48501000101', priority: 1 }],
  }),
  sampleTenant({
    externalId: 'redact-two',
    name: 'Redact Two Sp. z o.o.',
    locale: 'pl',
    contacts: [{ role: 'dpo', email: 'dpo@redact-two.example', phone: '+48501000102', priority: 1 }],
  }),
];

/** Whatever follows `/ack/` in a text, up to the end of a URL path segment: what a reader would paste into a browser. */
function ackPathsIn(text: string): string[] {
  return [...text.matchAll(/\/ack\/([^\s"'<>&\\/?#,;]*)/g)].map((m) => m[1]);
}

/** The real tokens of this incident, straight from the signer (the same ones the tenants receive). */
async function realTokens(h: Harness, incidentId: string): Promise<string[]> {
  const tokens = h.api.get(AckTokensService);
  const ids: { id: string }[] = await h.db.query('SELECT id FROM tenant ORDER BY external_id');
  return Promise.all(ids.map((t) => tokens.token(incidentId, 1, t.id)));
}

function expectNoWorkingLink(seen: Record<string, string>, tokens: string[]): void {
  for (const [surface, text] of Object.entries(seen)) {
    for (const token of tokens) expect({ surface, leaks: text.includes(token) }).toEqual({ surface, leaks: false });
    expect({ surface, links: text.match(/\/ack\/[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g) }).toEqual({ surface, links: null });
  }
}

/** POST /ack/<what they saw> acknowledges nothing. */
async function expectPastedLinksFail(h: Harness, seen: Record<string, string>): Promise<number> {
  const pasted = new Set(Object.values(seen).flatMap(ackPathsIn));
  for (const path of pasted) {
    const res = await request(h.baseUrl).post(`/ack/${encodeURIComponent(path)}`).set('Accept', 'application/json');
    expect({ path, status: res.status }).toEqual({ path, status: 404 });
  }
  return pasted.size;
}

describe('acknowledgement links are redacted for read-only roles', () => {
  describe('on real channels (SMTP sink, Twilio double)', () => {
    let h: Harness;
    let incidentId: string;
    let tokens: string[];
    const seen: Record<Role, Record<string, string>> = { auditor: {}, approver: {}, admin: {} };

    beforeAll(async () => {
      h = await Harness.start();
      await h.admin.post('/v1/tenants/import', { tenants: TENANTS }).expect(200);
      incidentId = (await h.admin.post('/v1/incidents', sampleIncident({ reference: 'INC-REDACT-1' })).expect(201)).body.id;
      tokens = await realTokens(h, incidentId);
      const api = { auditor: h.auditor, approver: h.approver, admin: h.admin };
      for (const role of [...READ_ONLY, 'admin'] as Role[]) {
        seen[role]['preview (draft)'] = (await api[role].get(`/v1/incidents/${incidentId}/preview?limit=10`).expect(200)).text;
      }
      await h.approver.post(`/v1/incidents/${incidentId}/approve`, ACCEPT_LANGUAGE_GAPS).expect(200);
      await h.admin.post(`/v1/incidents/${incidentId}/dispatch`).expect(202);
      await h.waitForCompletion(incidentId);
      await h.smtp.waitFor(2);
      await h.twilio.waitFor(2);
      const notices = await h.notices(incidentId);

      for (const role of [...READ_ONLY, 'admin'] as Role[]) {
        const key = api[role];
        const out = seen[role];
        out['preview'] = (await key.get(`/v1/incidents/${incidentId}/preview?limit=10`).expect(200)).text;
        out['incident'] = (await key.get(`/v1/incidents/${incidentId}`).expect(200)).text;
        out['notices'] = (await key.get(`/v1/notices?incidentId=${incidentId}`).expect(200)).text;
        for (const n of notices) out[`notice ${n.channel} ${n.tenant}`] = (await key.get(`/v1/notices/${n.id}`).expect(200)).text;
        out['export csv'] = (await key.get(`/v1/notices/export?incidentId=${incidentId}`).expect(200)).text;
        out['export ndjson'] = (await key.get(`/v1/notices/export?incidentId=${incidentId}&format=ndjson`).expect(200)).text;
        for (const t of TENANTS) out[`evidence ${t.externalId}`] = (await key.get(`/v1/tenants/${t.externalId}/evidence?incidentId=${incidentId}`).expect(200)).text;
        out['audit'] = (await key.get('/v1/audit?limit=1000').expect(200)).text;

        const browser = await ConsoleClient.signIn(h.baseUrl, key.key!);
        out['console incident'] = (await browser.page(`/console/incidents/${incidentId}`)).text;
        out['console deliveries'] = (await browser.page(`/console/deliveries?incidentId=${incidentId}`)).text;
        for (const n of notices) out[`console notice ${n.channel} ${n.tenant}`] = (await browser.page(`/console/deliveries/${n.id}`)).text;
        out['console export'] = (await browser.agent.get(`/console/deliveries/export?incidentId=${incidentId}`).expect(200)).text;
      }
    });

    afterAll(() => h?.close());

    it.each(READ_ONLY)('shows the %s no working link anywhere, and what it shows acknowledges nothing', async (role) => {
      expectNoWorkingLink(seen[role], tokens);
      // Previews show where the link goes, redacted: the reader sees there is one.
      expect(seen[role]['preview']).toContain(`${h.baseUrl}/ack/`);
      expect(await expectPastedLinksFail(h, seen[role])).toBeGreaterThan(0);
      expect((await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body.acknowledgedTenants).toBe(0);
    });

    it('previews the link redacted for an admin too: nobody needs a working link before the tenant has it', () => {
      expectNoWorkingLink({ preview: seen.admin['preview'], draft: seen.admin['preview (draft)'], console: seen.admin['console incident'] }, tokens);
    });

    it('redacts without changing the SMS the preview shows: same length, same alphabet, same segments as sent', async () => {
      const preview = JSON.parse(seen.auditor['preview']);
      for (const t of TENANTS) {
        const sample = preview.samples.find((s: { tenant: string }) => s.tenant === t.externalId);
        const shown = sample.messages.find((m: { channel: string }) => m.channel === 'sms').text as string;
        const sent = h.twilio.messagesTo(t.contacts[0].phone)[0];
        expect(shown).toHaveLength(sent.body.length);
        expect(shown.replace(/\/ack\/\S+/, '')).toBe(sent.body.replace(/\/ack\/\S+/, ''));
        expect(shown).toMatch(/\/ack\/\(redacted[^)]*\)/);
      }
    });

    it("gives the tenant a working link in its email and its SMS (the link acknowledges, from the tenant's address)", async () => {
      const mail = mailTo(h.smtp.messages, 'dpo@redact-one.example');
      const sms = h.twilio.messagesTo('+48501000102')[0];
      const fromMail = ackTokenOf(mail.text);
      const fromHtml = ackTokenOf(mail.html);
      const fromSms = ackTokenOf(sms.body);
      expect(tokens).toEqual(expect.arrayContaining([fromMail, fromSms]));
      expect(fromHtml).toBe(fromMail);
      await request(h.baseUrl).post(`/ack/${fromMail}`).set('Accept', 'application/json').set('User-Agent', 'Tenant-Mail/1.0').expect(200);
      await request(h.baseUrl).post(`/ack/${fromSms}`).set('Accept', 'application/json').set('User-Agent', 'Tenant-Phone/1.0').expect(200);
      expect((await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body.acknowledgedTenants).toBe(2);
      const rows = await h.db.query('SELECT ack_ip, ack_user_agent FROM affected_tenant WHERE incident_id = $1 ORDER BY ack_user_agent', [incidentId]);
      expect(rows).toEqual([
        { ack_ip: expect.stringMatching(/127\.0\.0\.1/), ack_user_agent: 'Tenant-Mail/1.0' },
        { ack_ip: expect.stringMatching(/127\.0\.0\.1/), ack_user_agent: 'Tenant-Phone/1.0' },
      ]);
    });
  });

  describe('in the sandbox', () => {
    let h: Harness;
    let incidentId: string;
    let tokens: string[];
    const seen: Record<Role, Record<string, string>> = { auditor: {}, approver: {}, admin: {} };

    beforeAll(async () => {
      h = await Harness.start({ env: { SMTP_URL: '', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' } });
      await h.admin.post('/v1/tenants/import', { tenants: TENANTS }).expect(200);
      incidentId = await h.fileAndDispatch(sampleIncident({ reference: 'INC-REDACT-2' }));
      tokens = await realTokens(h, incidentId);
      await h.waitForCompletion(incidentId);
      const api = { auditor: h.auditor, approver: h.approver, admin: h.admin };
      const captured: { id: string }[] = await h.db.query('SELECT id FROM sandbox_message ORDER BY created_at');
      expect(captured).toHaveLength(4);
      for (const role of [...READ_ONLY, 'admin'] as Role[]) {
        const out = seen[role];
        out['sandbox messages'] = (await api[role].get('/v1/sandbox/messages').expect(200)).text;
        out['sandbox sms'] = (await api[role].get('/v1/sandbox/messages?channel=sms').expect(200)).text;
        const browser = await ConsoleClient.signIn(h.baseUrl, api[role].key!);
        out['console sandbox'] = (await browser.page('/console/sandbox')).text;
        for (const { id } of captured) out[`console sandbox ${id}`] = (await browser.page(`/console/sandbox/${id}`)).text;
      }
    });

    afterAll(() => h?.close());

    it.each(READ_ONLY)('shows the %s the captured messages with the link redacted, and what it shows acknowledges nothing', async (role) => {
      expectNoWorkingLink(seen[role], tokens);
      expect(seen[role]['sandbox sms']).toContain(`${h.baseUrl}/ack/`);
      expect(await expectPastedLinksFail(h, seen[role])).toBeGreaterThan(0);
      expect((await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body.acknowledgedTenants).toBe(0);
    });

    it('keeps the stored message as sent: the admin sees the real link in the sandbox mailbox, and it works', async () => {
      const stored: { text: string }[] = await h.db.query('SELECT text FROM sandbox_message');
      for (const { text } of stored) expect(tokens).toContain(ackTokenOf(text));
      for (const surface of ['sandbox messages', ...Object.keys(seen.admin).filter((k) => k.startsWith('console sandbox '))]) {
        expect({ surface, real: tokens.some((t) => seen.admin[surface].includes(`/ack/${t}`)) }).toEqual({ surface, real: true });
      }
      const token = ackTokenOf(JSON.parse(seen.admin['sandbox sms']).items[0].text);
      await request(h.baseUrl).post(`/ack/${token}`).set('Accept', 'application/json').expect(200);
      expect((await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body.acknowledgedTenants).toBe(1);
    });
  });
});
