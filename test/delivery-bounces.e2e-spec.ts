import { buildDsn, deliverRawMail, freePort, waitUntil } from '@app/testing';
import { incident, tenant } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { noticeWithEvents } from './support/timeline';

/**
 * The inbound bounce listener (BOUNCE_SMTP_PORT) takes RFC 3464 reports over real SMTP: a failed
 * recipient bounces its notice and tells the tenant's next contacts at once, a delay is only noted,
 * and anything that is not a report about one of our notices is accepted and dropped.
 */
describe('bounces', () => {
  const ADDRESSES = { gone: 'gone@bounce.example', moved: 'moved@bounce.example', full: 'full@bounce.example', fine: 'fine@bounce.example' };
  let h: Harness;
  let port: number;
  let incidentId: string;
  const ids: Record<string, string> = {};
  const verp = (id: string) => `bounce+${id}@vendor.example`;
  const status = async (id: string) => (await noticeWithEvents(h, id)).status;
  const eventCount = async () => Number((await h.db.query('SELECT count(*) AS n FROM notice_event'))[0].n);

  beforeAll(async () => {
    port = await freePort();
    h = await Harness.start({ env: { BOUNCE_SMTP_PORT: String(port), ESCALATE_AFTER: '24h' } });
    await h.admin
      .post('/v1/tenants/import', {
        tenants: [
          tenant('gone', [{ email: ADDRESSES.gone }, { email: 'deputy@bounce.example', priority: 2 }]),
          tenant('moved', [{ email: ADDRESSES.moved }]),
          tenant('full', [{ email: ADDRESSES.full }]),
          tenant('fine', [{ email: ADDRESSES.fine }]),
        ],
      })
      .expect(200);
    incidentId = await h.fileAndDispatch(incident('INC-BOUNCE-1', { channels: ['email'] }));
    await h.waitForCompletion(incidentId);
    for (const n of await h.notices(incidentId)) ids[n.tenant] = n.id;
  });

  afterAll(() => h?.close());

  it('bounces the notice named by the VERP address, with the diagnostic, and escalates the tenant at once', async () => {
    const raw = buildDsn({
      to: verp(ids.gone),
      originalRecipient: ADDRESSES.gone,
      status: '5.1.1',
      diagnostic: '550 5.1.1 <gone@bounce.example>: Recipient address rejected: User unknown',
      originalMessageId: `<${ids.gone}@vendor.example>`,
    });
    const answer = await deliverRawMail({ port, to: verp(ids.gone), raw });
    expect(answer.response).toMatch(/^250 /);
    await waitUntil(async () => (await status(ids.gone)) === 'bounced', { message: 'notice did not bounce' });
    const notice = await noticeWithEvents(h, ids.gone);
    expect(notice.lastError).toBe('550 5.1.1 <gone@bounce.example>: Recipient address rejected: User unknown');
    expect(notice.events.find((e) => e.type === 'bounced')?.detail).toMatchObject({ source: 'dsn', action: 'failed', dsnStatus: '5.1.1', applied: true, from: 'sent' });
    // ESCALATE_AFTER is 24 h here: the deputy hears now only because no email reached the tenant
    const [deputy] = await h.smtp.waitFor((m) => m.envelope.to.includes('deputy@bounce.example'));
    expect(deputy.subject).toContain('INC-BOUNCE-1');
  });

  it('goes by the VERP address the report reached, never by Original-Envelope-Id alone', async () => {
    const before = (await noticeWithEvents(h, ids.moved)).events.length;
    const elsewhere = buildDsn({ to: 'postmaster@vendor.example', originalRecipient: ADDRESSES.moved, status: '5.1.6', diagnostic: '551 5.1.6 mailbox has moved', originalEnvelopeId: ids.moved });
    expect((await deliverRawMail({ port, to: 'postmaster@vendor.example', raw: elsewhere })).response).toMatch(/^250 /);
    expect(await status(ids.moved)).toBe('sent');
    expect((await noticeWithEvents(h, ids.moved)).events).toHaveLength(before);
    const raw = buildDsn({ to: verp(ids.moved), originalRecipient: ADDRESSES.moved, status: '5.1.6', diagnostic: '551 5.1.6 mailbox has moved', originalEnvelopeId: ids.moved });
    await deliverRawMail({ port, to: verp(ids.moved), raw });
    await waitUntil(async () => (await status(ids.moved)) === 'bounced', { message: 'notice did not bounce' });
  });

  it('notes a delay without moving the notice', async () => {
    const raw = buildDsn({ to: verp(ids.full), originalRecipient: ADDRESSES.full, status: '4.2.2', diagnostic: '452 4.2.2 mailbox full' });
    await deliverRawMail({ port, to: verp(ids.full), raw });
    await waitUntil(async () => (await noticeWithEvents(h, ids.full)).events.some((e) => e.type === 'delayed'), { message: 'no delayed event' });
    const notice = await noticeWithEvents(h, ids.full);
    expect(notice.status).toBe('sent');
    expect(notice.lastError).toBeNull();
    expect(notice.events.find((e) => e.type === 'delayed')?.detail).toMatchObject({ action: 'delayed', dsnStatus: '4.2.2', diagnostic: '452 4.2.2 mailbox full' });
  });

  it('accepts and drops mail that is not a report about a notice of ours', async () => {
    const before = await eventCount();
    const outOfOffice = ['From: fine@bounce.example', `To: ${verp(ids.fine)}`, 'Subject: Out of office', 'Auto-Submitted: auto-replied', '', 'Back on Monday.', ''].join('\r\n');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const answers = [
      await deliverRawMail({ port, to: verp(ids.fine), raw: outOfOffice }),
      await deliverRawMail({ port, to: verp(unknown), raw: buildDsn({ to: verp(unknown), originalRecipient: ADDRESSES.fine, originalEnvelopeId: unknown }) }),
      await deliverRawMail({ port, to: `bounce+not-a-notice@vendor.example`, raw: buildDsn({ to: 'x@vendor.example', originalRecipient: ADDRESSES.fine }) }),
      await deliverRawMail({ port, to: `bounce+${ids.fine}@elsewhere.example`, raw: buildDsn({ to: 'x@elsewhere.example', originalRecipient: ADDRESSES.fine }) }),
    ];
    for (const answer of answers) expect(answer.response).toMatch(/^250 /);
    expect(await status(ids.fine)).toBe('sent');
    expect(await eventCount()).toBe(before);
  });

  it('never moves a bounced notice back, and keeps a second report as an event', async () => {
    const raw = buildDsn({ to: verp(ids.gone), originalRecipient: ADDRESSES.gone, status: '5.7.1', diagnostic: '550 5.7.1 rejected' });
    await deliverRawMail({ port, to: verp(ids.gone), raw });
    await waitUntil(async () => (await noticeWithEvents(h, ids.gone)).events.filter((e) => e.type === 'bounced').length === 2);
    const notice = await noticeWithEvents(h, ids.gone);
    expect(notice.status).toBe('bounced');
    expect(notice.lastError).toMatch(/User unknown/);
    expect(notice.events.filter((e) => e.type === 'bounced')[1].detail).toMatchObject({ applied: false, from: 'bounced' });
  });
});
