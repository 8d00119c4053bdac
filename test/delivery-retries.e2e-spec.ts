import { incident, tenant } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { formatTimeline, noticeWithEvents, NoticeEvent } from './support/timeline';

/**
 * Classification and retries against the real SMTP sink and Twilio double: temporary refusals are
 * retried with growing, jittered pauses (SEND_BACKOFF_MS=50 here), permanent ones end the notice at
 * once, and every attempt leaves an event holding the provider's answer.
 */
describe('delivery retries', () => {
  const SLOW = 'slow@retry.example';
  const GONE = 'gone@retry.example';
  const BUSY = '+4915101000001';
  const INVALID = '+15005550001'; // the double answers 21211, as Twilio's test credentials do
  let h: Harness;
  const byTo = new Map<string, Record<string, any> & { events: NoticeEvent[] }>();

  beforeAll(async () => {
    h = await Harness.start();
    h.smtp.script(SLOW, [451, 451]);
    h.smtp.script(GONE, [550]);
    h.twilio.script(BUSY, [{ status: 429, code: 20429 }]);
    await h.admin
      .post('/v1/tenants/import', {
        tenants: [tenant('slow', [{ email: SLOW }]), tenant('gone', [{ email: GONE }]), tenant('busy', [{ phone: BUSY }]), tenant('invalid', [{ phone: INVALID }])],
      })
      .expect(200);
    const id = await h.fileAndDispatch(incident('INC-RETRY-1'));
    await h.waitForCompletion(id);
    for (const n of await h.notices(id)) byTo.set(n.to, await noticeWithEvents(h, n.id));
    console.log(['Observed retry timelines (SEND_BACKOFF_MS=50):', ...[SLOW, GONE, BUSY, INVALID].map((to) => formatTimeline(`${to} → ${byTo.get(to)?.status}`, byTo.get(to)?.events ?? []))].join('\n'));
  });

  afterAll(() => h?.close());

  const attemptEvents = (to: string) => byTo.get(to)!.events.filter((e) => ['attempt_failed', 'failed', 'sent'].includes(e.type));

  it('retries an email refused with 451 twice and sends it on the third attempt', () => {
    const notice = byTo.get(SLOW)!;
    expect(notice).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(attemptEvents(SLOW).map((e) => [e.type, e.detail.attempt])).toEqual([
      ['attempt_failed', 1],
      ['attempt_failed', 2],
      ['sent', 3],
    ]);
    for (const e of attemptEvents(SLOW).slice(0, 2)) expect(e.detail.response).toMatch(/^451 /);
    expect(attemptEvents(SLOW)[2].detail.response).toMatch(/^250 /);
    expect(h.smtp.attempts(SLOW)).toBe(3);
    expect(h.smtp.messagesTo(SLOW)).toHaveLength(1);
  });

  it('waits longer before each retry (exponential backoff, jitter in the upper half)', () => {
    const at = attemptEvents(SLOW).map((e) => Date.parse(e.at));
    // attempt n waits between base·2^(n-1)/2 and base·2^(n-1): at least 25 ms, then at least 50 ms
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(25);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(50);
  });

  it('fails an email refused with 550 at once, keeping the server reply', () => {
    const notice = byTo.get(GONE)!;
    expect(notice).toMatchObject({ status: 'failed', attempts: 1 });
    expect(notice.lastError).toMatch(/^550 /);
    expect(attemptEvents(GONE).map((e) => e.type)).toEqual(['failed']);
    expect(attemptEvents(GONE)[0].detail).toMatchObject({ permanent: true, willRetry: false, code: 550 });
    expect(h.smtp.attempts(GONE)).toBe(1);
    expect(h.smtp.messagesTo(GONE)).toHaveLength(0);
  });

  it('retries an SMS Twilio answered with 429 / 20429, then sends it', () => {
    const notice = byTo.get(BUSY)!;
    expect(notice).toMatchObject({ status: 'sent', attempts: 2 });
    expect(notice.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(attemptEvents(BUSY).map((e) => e.type)).toEqual(['attempt_failed', 'sent']);
    expect(attemptEvents(BUSY)[0].detail).toMatchObject({ code: 20429, permanent: false, willRetry: true });
    expect(attemptEvents(BUSY)[0].detail.response).toMatch(/^429 code 20429/);
    expect(h.twilio.attempts(BUSY)).toBe(2);
    expect(h.twilio.messagesTo(BUSY)).toHaveLength(1);
  });

  it('fails an SMS to an invalid number (21211) after one attempt', () => {
    const notice = byTo.get(INVALID)!;
    expect(notice).toMatchObject({ status: 'failed', attempts: 1 });
    expect(notice.lastError).toMatch(/21211/);
    expect(attemptEvents(INVALID).map((e) => e.type)).toEqual(['failed']);
    expect(attemptEvents(INVALID)[0].detail).toMatchObject({ code: 21211, permanent: true });
    expect(h.twilio.attempts(INVALID)).toBe(1);
  });
});
