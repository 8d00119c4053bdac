import { loadConfig } from '@app/config';
import { DeliveryRepository, reportKey, TrackingService } from '@app/delivery';
import { EscalationService } from '@app/escalation';
import { createHmac } from 'node:crypto';
import { EmailEvent } from './email-event';
import { EmailEventsService } from './email-events.service';

const NOTICE = '0190f0e6-1111-7000-8000-00000000abcd';
const event = (over: Partial<EmailEvent>): EmailEvent => ({ provider: 'sendgrid', eventId: 'e1', providerEvent: 'delivered', outcome: 'delivered', noticeId: NOTICE, diagnostic: null, ...over });

describe(EmailEventsService.name, () => {
  let calls: { apply: unknown[][]; note: unknown[][]; escalate: string[] };
  let applyResult: { found: boolean; changed: boolean; duplicate: boolean };
  let noteResult: boolean;
  const repository: Pick<DeliveryRepository, 'emailNotice'> = {
    emailNotice: async (id: string) => (id === NOTICE ? { id, to: 'dpo@tenant.example', affected_id: 'affected-1' } : null),
  };
  const tracking: Pick<TrackingService, 'apply' | 'note'> = {
    apply: async (...args) => (calls.apply.push(args), applyResult),
    note: async (...args) => (calls.note.push(args), noteResult),
  };
  const escalation: Pick<EscalationService, 'escalateNowIfUnreachable'> = { escalateNowIfUnreachable: async (id) => void calls.escalate.push(id) };
  const build = (env: Record<string, string> = {}) =>
    new EmailEventsService(
      loadConfig(env),
      repository as DeliveryRepository,
      tracking as TrackingService,
      escalation as EscalationService,
    );

  beforeEach(() => {
    calls = { apply: [], note: [], escalate: [] };
    applyResult = { found: true, changed: true, duplicate: false };
    noteResult = true;
  });

  it('moves the notice on through tracking, keyed by the provider and its event id, and escalates a bounce', async () => {
    const sut = build();
    await expect(sut.take([event({ outcome: 'bounced', providerEvent: 'bounce', diagnostic: '550 unknown user' })])).resolves.toEqual({
      status: 'taken',
      counts: { applied: 1, duplicate: 0, ignored: 0, unknown: 0 },
    });
    expect(calls.apply).toEqual([
      [{ noticeId: NOTICE }, 'bounced', { source: 'sendgrid', providerEvent: 'bounce', eventId: 'e1', diagnostic: '550 unknown user', error: '550 unknown user' }, reportKey('sendgrid', 'e1')],
    ]);
    expect(calls.escalate).toEqual(['affected-1']);
  });

  it('does not escalate a delivery, nor a bounce that moved nothing', async () => {
    const sut = build();
    await sut.take([event({})]);
    applyResult = { found: true, changed: false, duplicate: false };
    await sut.take([event({ eventId: 'e2', outcome: 'failed' })]);
    expect(calls.apply).toHaveLength(2);
    expect(calls.escalate).toEqual([]);
  });

  it('counts a replay as duplicate', async () => {
    applyResult = { found: true, changed: false, duplicate: true };
    await expect(build().take([event({})])).resolves.toMatchObject({ counts: { applied: 0, duplicate: 1 } });
  });

  it('only notes a delay, once', async () => {
    const sut = build();
    await expect(sut.take([event({ outcome: 'delayed', providerEvent: 'deferred' })])).resolves.toMatchObject({ counts: { applied: 1 } });
    noteResult = false;
    await expect(sut.take([event({ outcome: 'delayed', providerEvent: 'deferred' })])).resolves.toMatchObject({ counts: { duplicate: 1 } });
    expect(calls.note[0]).toEqual([NOTICE, 'delayed', { source: 'sendgrid', providerEvent: 'deferred', eventId: 'e1', diagnostic: null }, reportKey('sendgrid', 'e1')]);
    expect(calls.apply).toEqual([]);
  });

  it('ignores events about nothing we track and events that name no notice of ours', async () => {
    const counts = await build().take([event({ outcome: 'other' }), event({ noticeId: null }), event({ noticeId: '0190f0e6-0000-7000-8000-000000000000' })]);
    expect(counts).toEqual({ status: 'taken', counts: { applied: 0, duplicate: 0, ignored: 1, unknown: 2 } });
    expect(calls.apply).toEqual([]);
  });

  it('answers not_configured for every provider whose secret is unset', async () => {
    const sut = build();
    for (const provider of ['sendgrid', 'mailgun', 'postmark', 'ses'] as const) {
      await expect(sut.receive(provider, { body: [], headers: {} })).resolves.toEqual({ status: 'not_configured' });
    }
  });

  it('refuses a Mailgun request signed with another key and changes nothing', async () => {
    const sut = build({ MAILGUN_WEBHOOK_SIGNING_KEY: 'mailgun-signing-key-0123456789' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', 'another-key-0123456789').update(`${timestamp}token`).digest('hex');
    const body = { signature: { timestamp, token: 'token', signature }, 'event-data': { id: 'x', event: 'delivered', 'user-variables': { breachcast_notice: NOTICE } } };
    await expect(sut.receive('mailgun', { body, headers: {} })).resolves.toMatchObject({ status: 'forbidden' });
    expect(calls.apply).toEqual([]);
  });

  it('refuses an SNS message from a topic that is not ours before fetching anything', async () => {
    const sut = build({ SES_SNS_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:ses-events' });
    const message = {
      Type: 'Notification',
      MessageId: 'm',
      TopicArn: 'arn:aws:sns:eu-west-1:999999999999:theirs',
      Message: '{}',
      Timestamp: '2026-12-02T10:00:00Z',
      SignatureVersion: '2',
      Signature: 'c2ln',
      SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/x.pem',
    };
    await expect(sut.receive('ses', { body: JSON.stringify(message), headers: {} })).resolves.toMatchObject({ status: 'forbidden' });
  });
});
