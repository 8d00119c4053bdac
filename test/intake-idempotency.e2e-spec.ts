import { buildDsn, deliverRawMail, freePort, twilioSignature, waitUntil } from '@app/testing';
import request from 'supertest';
import { incident, tenant } from './support/delivery-fixtures';
import { Harness, TWILIO_TOKEN } from './support/harness';
import { noticeWithEvents } from './support/timeline';

/**
 * Provider reports are taken once: a Twilio status callback or a delivery-status report that arrives
 * again (a provider retry, a replay, several at once) adds no second event and escalates no second time.
 * A DSN bounces a notice only when it came back to that notice's own VERP address.
 */
describe('idempotent intake of provider reports', () => {
  let h: Harness;
  let port: number;
  let incidentId: string;
  const emails: Record<string, string> = {};
  const texts: Record<string, { id: string; sid: string }> = {};
  const verp = (id: string, domain = 'vendor.example') => `bounce+${id}@${domain}`;
  const address = (name: string) => `${name}@intake.example`;
  const events = async (id: string, type: string) => (await noticeWithEvents(h, id)).events.filter((e) => e.type === type);
  const callbackUrl = () => `${h.baseUrl}/v1/webhooks/twilio/status`;
  const signed = (params: Record<string, string>) =>
    request(h.baseUrl).post('/v1/webhooks/twilio/status').type('form').set('X-Twilio-Signature', twilioSignature(TWILIO_TOKEN, callbackUrl(), params)).send(params);

  beforeAll(async () => {
    port = await freePort();
    h = await Harness.start({ env: { BOUNCE_SMTP_PORT: String(port), ESCALATE_AFTER: '24h' } });
    const names = ['sms-a', 'sms-b', 'gone', 'full', 'forged', 'target', 'upper'];
    await h.admin
      .post('/v1/tenants/import', {
        tenants: names.map((name, i) =>
          tenant(name, [{ email: address(name), phone: `+4915112${String(i).padStart(6, '0')}` }, { email: address(`${name}-deputy`), priority: 2 }]),
        ),
      })
      .expect(200);
    incidentId = await h.fileAndDispatch(incident('INC-INTAKE-1'));
    await h.waitForCompletion(incidentId, 30_000);
    for (const n of await h.notices(incidentId)) {
      if (n.channel === 'email') emails[n.tenant] = n.id;
      else texts[n.tenant] = { id: n.id, sid: n.providerMessageId };
    }
  });

  afterAll(() => h?.close());

  it('keeps one event for a Twilio status callback sent several times, also at once', async () => {
    const { id, sid } = texts['sms-a'];
    const params = { MessageSid: sid, SmsSid: sid, MessageStatus: 'delivered', SmsStatus: 'delivered', AccountSid: h.twilio.accountSid, To: '+4915112000000', ApiVersion: '2010-04-01' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => signed(params)));
    for (const answer of answers) expect(answer.status).toBe(200);
    expect((await signed(params)).status).toBe(200);
    const notice = await noticeWithEvents(h, id);
    expect(notice.status).toBe('delivered');
    expect(notice.events.filter((e) => e.type === 'delivered')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ providerStatus: 'delivered', applied: true, from: 'sent' }) })]);
  });

  it('keeps one event for each distinct Twilio report, however often each comes', async () => {
    const { id, sid } = texts['sms-b'];
    for (let i = 0; i < 3; i++) expect(await h.twilio.sendStatusCallback(sid, 'sent')).toBe(200);
    await Promise.all([h.twilio.sendStatusCallback(sid, 'undelivered', { errorCode: 30003 }), h.twilio.sendStatusCallback(sid, 'undelivered', { errorCode: 30003 })]);
    const notice = await noticeWithEvents(h, id);
    expect(notice.status).toBe('undelivered');
    const reports = notice.events.filter((e) => e.detail.provider === 'twilio' && e.detail.providerStatus !== undefined);
    expect(reports.map((e) => [e.type, e.detail.providerStatus, e.detail.applied])).toEqual([
      ['sent', 'sent', false],
      ['undelivered', 'undelivered', true],
    ]);
  });

  it('keeps one bounced event for a DSN delivered twice, also at once, and escalates once', async () => {
    const id = emails.gone;
    const raw = buildDsn({ to: verp(id), originalRecipient: address('gone'), status: '5.1.1', diagnostic: '550 5.1.1 User unknown', originalEnvelopeId: id });
    const answers = await Promise.all([1, 2, 3].map(() => deliverRawMail({ port, to: verp(id), raw })));
    for (const answer of answers) expect(answer.response).toMatch(/^250 /);
    expect((await deliverRawMail({ port, to: verp(id), raw })).response).toMatch(/^250 /);
    await waitUntil(async () => (await noticeWithEvents(h, id)).status === 'bounced', { timeoutMs: 5000, message: 'notice did not bounce' });
    expect(await events(id, 'bounced')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ source: 'dsn', applied: true, from: 'sent' }) })]);
    await h.smtp.waitFor((m) => m.envelope.to.includes(address('gone-deputy')), 10_000);
    const audit = (await h.admin.get(`/v1/audit?action=tenant.escalated&limit=100`).expect(200)).body.items;
    expect(audit.filter((e: any) => e.details?.tenant === 'gone')).toHaveLength(1);
    expect(h.smtp.messages.filter((m) => m.envelope.to.includes(address('gone-deputy')))).toHaveLength(1);
  });

  it('keeps one delayed event for a delay report delivered twice', async () => {
    const id = emails.full;
    const raw = buildDsn({ to: verp(id), originalRecipient: address('full'), status: '4.2.2', diagnostic: '452 4.2.2 mailbox full' });
    await Promise.all([deliverRawMail({ port, to: verp(id), raw }), deliverRawMail({ port, to: verp(id), raw })]);
    await deliverRawMail({ port, to: verp(id), raw });
    expect(await events(id, 'delayed')).toHaveLength(1);
    const later = buildDsn({ to: verp(id), originalRecipient: address('full'), status: '4.2.2', diagnostic: '452 4.2.2 mailbox still full' });
    await deliverRawMail({ port, to: verp(id), raw: later });
    expect(await events(id, 'delayed')).toHaveLength(2);
    expect((await noticeWithEvents(h, id)).status).toBe('sent');
  });

  it('ignores a DSN that names a notice only in Original-Envelope-Id and came to another address', async () => {
    const id = emails.forged;
    const before = (await noticeWithEvents(h, id)).events.length;
    const forged = (to: string) => buildDsn({ to, originalRecipient: address('forged'), status: '5.1.1', diagnostic: '550 5.1.1 User unknown', originalEnvelopeId: id });
    for (const to of ['postmaster@vendor.example', verp(id, 'elsewhere.example'), `bounce@vendor.example`, `bounce+not-a-notice@vendor.example`]) {
      expect((await deliverRawMail({ port, to, raw: forged(to) })).response).toMatch(/^250 /);
    }
    const notice = await noticeWithEvents(h, id);
    expect(notice.status).toBe('sent');
    expect(notice.events).toHaveLength(before);
  });

  it('bounces the notice of the VERP address the DSN reached, not the one its Original-Envelope-Id names', async () => {
    const raw = buildDsn({ to: verp(emails.target), originalRecipient: address('target'), status: '5.1.1', originalEnvelopeId: emails.forged });
    await deliverRawMail({ port, to: verp(emails.target), raw });
    await waitUntil(async () => (await noticeWithEvents(h, emails.target)).status === 'bounced', { timeoutMs: 5000, message: 'notice did not bounce' });
    expect((await noticeWithEvents(h, emails.forged)).status).toBe('sent');
  });

  it('matches BOUNCE_DOMAIN in the VERP address whatever its case', async () => {
    const to = verp(emails.upper, 'Vendor.EXAMPLE');
    await deliverRawMail({ port, to, raw: buildDsn({ to, originalRecipient: address('upper'), status: '5.1.1' }) });
    await waitUntil(async () => (await noticeWithEvents(h, emails.upper)).status === 'bounced', { timeoutMs: 5000, message: 'notice did not bounce' });
  });
});
