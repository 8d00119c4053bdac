import { loadConfig } from '@app/config';
import { SnsDouble } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { createHmac, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import request from 'supertest';
import { createApiApp } from '../apps/api/src/bootstrap';
import { incident, tenant } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { noticeWithEvents } from './support/timeline';

/**
 * Delivery events of email services move real sent notices on: SendGrid (ECDSA-signed), Mailgun (HMAC),
 * Postmark (HTTP Basic) and Amazon SES through SNS (RSA-signed, certificate from an allowed host). Each
 * signed with a key made here; a bad signature is 403 and changes nothing, a replay changes nothing,
 * states only go forward, and an endpoint without its secret is 404.
 */
describe('email provider events', () => {
  const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:breachcast-ses-events';
  const MAILGUN_KEY = `mg-${randomBytes(16).toString('hex')}`;
  const POSTMARK = { user: 'postmark-hooks', password: randomBytes(16).toString('hex') };
  const PROVIDERS = ['sendgrid', 'mailgun', 'postmark', 'ses'] as const;
  type Provider = (typeof PROVIDERS)[number];
  let sendgridKey: KeyObject;
  let sns: SnsDouble;
  let h: Harness;
  const ids: Record<string, string> = {};

  /** Signed requests as each service sends them, about one notice. */
  const post = (provider: Provider, event: 'delivered' | 'bounced' | 'deferred', noticeId: string, eventId = randomBytes(8).toString('hex')) => {
    const path = `/v1/webhooks/email/${provider}`;
    const http = request(h.baseUrl);
    switch (provider) {
      case 'sendgrid': {
        const e = { delivered: { event: 'delivered', response: '250 2.0.0 OK' }, bounced: { event: 'bounce', type: 'bounce', reason: '550 5.1.1 The email account does not exist' }, deferred: { event: 'deferred', response: '451 try later' } }[event];
        const body = JSON.stringify([{ email: 'x@tenant.example', timestamp: 1764700000, 'smtp-id': `<${noticeId}@vendor.example>`, sg_event_id: eventId, breachcast_notice: noticeId, ...e }]);
        return sendgridRequest(body);
      }
      case 'mailgun': {
        const e = { delivered: { event: 'delivered' }, bounced: { event: 'failed', severity: 'permanent', reason: 'bounce', 'delivery-status': { code: 550, description: '550 5.1.1 no such mailbox' } }, deferred: { event: 'failed', severity: 'temporary' } }[event];
        return http.post(path).send({ signature: mailgunSignature(), 'event-data': { id: eventId, 'user-variables': { breachcast_notice: noticeId }, ...e } });
      }
      case 'postmark': {
        const e = {
          delivered: { RecordType: 'Delivery', DeliveredAt: '2026-12-02T10:00:00Z', Details: 'Test delivery webhook details' },
          bounced: { RecordType: 'Bounce', ID: 42, Type: 'HardBounce', Inactive: true, BouncedAt: '2026-12-02T10:01:00Z', Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist' },
          deferred: { RecordType: 'Bounce', ID: 43, Type: 'SoftBounce', Inactive: false, BouncedAt: '2026-12-02T10:02:00Z' },
        }[event];
        return http.post(path).auth(POSTMARK.user, POSTMARK.password).send({ MessageID: eventId, Metadata: { 'breachcast-notice': noticeId }, ...e });
      }
      case 'ses': {
        const e = {
          delivered: { eventType: 'Delivery', delivery: { smtpResponse: '250 ok' } },
          bounced: { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } },
          deferred: { eventType: 'DeliveryDelay', deliveryDelay: { delayType: 'MailboxFull' } },
        }[event];
        const message = sns.message({ Type: 'Notification', TopicArn: TOPIC, MessageId: eventId, Message: JSON.stringify({ ...e, mail: { messageId: 'ses-1', tags: { breachcast_notice: [noticeId] } } }) });
        return snsRequest(message);
      }
    }
  };
  const sendgridRequest = (body: string, signWith = sendgridKey) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign('sha256', Buffer.from(timestamp + body), signWith).toString('base64');
    return request(h.baseUrl)
      .post('/v1/webhooks/email/sendgrid')
      .set('content-type', 'application/json')
      .set('x-twilio-email-event-webhook-signature', signature)
      .set('x-twilio-email-event-webhook-timestamp', timestamp)
      .send(body);
  };
  const mailgunSignature = (key = MAILGUN_KEY, timestamp = Math.floor(Date.now() / 1000)) => {
    const token = randomBytes(25).toString('hex');
    return { timestamp: String(timestamp), token, signature: createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex') };
  };
  // SNS posts its JSON as text/plain.
  const snsRequest = (message: object) => request(h.baseUrl).post('/v1/webhooks/email/ses').set('content-type', 'text/plain; charset=UTF-8').send(JSON.stringify(message));
  const notice = (id: string) => noticeWithEvents(h, id);

  beforeAll(async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    sendgridKey = pair.privateKey;
    sns = await SnsDouble.start();
    h = await Harness.start({
      env: {
        SENDGRID_WEBHOOK_PUBLIC_KEY: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY,
        POSTMARK_WEBHOOK_USER: POSTMARK.user,
        POSTMARK_WEBHOOK_PASSWORD: POSTMARK.password,
        SES_SNS_TOPIC_ARNS: TOPIC,
        SES_SNS_CERT_HOSTS: sns.host,
      },
    });
    const tenants = PROVIDERS.flatMap((p) => ['ok', 'gone', 'late'].map((k) => tenant(`${p}-${k}`, [{ email: `${k}@${p}.example` }])));
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);
    const incidentId = await h.fileAndDispatch(incident('INC-PROVIDER-EVENTS', { channels: ['email'] }));
    await h.waitForCompletion(incidentId);
    for (const n of await h.notices(incidentId)) ids[n.tenant] = n.id;
  });

  afterAll(async () => {
    await h?.close();
    await sns?.stop();
  });

  it('sends every email with its notice id in a header and in each service’s metadata field', async () => {
    const id = ids['sendgrid-ok'];
    const [mail] = await h.smtp.waitFor((m) => m.envelope.to.includes('ok@sendgrid.example'));
    expect(mail.headers.get('x-breachcast-notice')).toBe(id);
    expect(JSON.parse(String(mail.headers.get('x-smtpapi')))).toEqual({ unique_args: { breachcast_notice: id } });
    expect(JSON.parse(String(mail.headers.get('x-mailgun-variables')))).toEqual({ breachcast_notice: id });
    expect(mail.headers.get('x-pm-metadata-breachcast-notice')).toBe(id);
    expect(mail.headers.get('x-ses-message-tags')).toBe(`breachcast_notice=${id}`);
    expect((await notice(id)).status).toBe('sent'); // plain SMTP: "sent" until a service reports
  });

  describe.each(PROVIDERS)('%s', (provider) => {
    it('moves a sent notice to delivered, and another to bounced with the reason', async () => {
      const ok = ids[`${provider}-ok`];
      const gone = ids[`${provider}-gone`];
      expect((await post(provider, 'delivered', ok).expect(200)).body).toMatchObject({ ok: true, applied: 1, duplicate: 0 });
      expect((await post(provider, 'bounced', gone).expect(200)).body).toMatchObject({ ok: true, applied: 1 });
      const delivered = await notice(ok);
      expect(delivered).toMatchObject({ status: 'delivered', lastError: null });
      expect(delivered.deliveredAt).not.toBeNull();
      expect(delivered.events.find((e) => e.type === 'delivered')?.detail).toMatchObject({ source: provider, applied: true, from: 'sent' });
      const bounced = await notice(gone);
      expect(bounced.status).toBe('bounced');
      expect(bounced.lastError).toMatch(/550/);
    });

    it('refuses a bad signature with 403 and changes nothing', async () => {
      const late = ids[`${provider}-late`];
      const before = await notice(late);
      const forged = {
        sendgrid: () => sendgridRequest(JSON.stringify([{ event: 'bounce', type: 'bounce', sg_event_id: 'forged', breachcast_notice: late }]), generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey),
        mailgun: () => request(h.baseUrl).post('/v1/webhooks/email/mailgun').send({ signature: mailgunSignature('not-the-signing-key-123'), 'event-data': { id: 'forged', event: 'failed', severity: 'permanent', 'user-variables': { breachcast_notice: late } } }),
        postmark: () => request(h.baseUrl).post('/v1/webhooks/email/postmark').auth(POSTMARK.user, 'wrong-password').send({ RecordType: 'Bounce', Type: 'HardBounce', MessageID: 'forged', Metadata: { 'breachcast-notice': late } }),
        ses: () => {
          const message = sns.message({ Type: 'Notification', TopicArn: TOPIC, Message: JSON.stringify({ eventType: 'Delivery', mail: { tags: { breachcast_notice: [late] } } }) });
          return snsRequest({ ...message, Message: JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent' }, mail: { tags: { breachcast_notice: [late] } } }) });
        },
      }[provider];
      const res = await forged().expect(403);
      expect(res.body).toMatchObject({ statusCode: 403 });
      const after = await notice(late);
      expect(after.status).toBe('sent');
      expect(after.events).toHaveLength(before.events.length);
    });

    it('takes a replayed event once', async () => {
      const late = ids[`${provider}-late`];
      const eventId = `replay-${provider}`;
      // The same signed request again for SendGrid, Postmark and SES; Mailgun signs each request anew, the event id stays.
      const first = await post(provider, 'deferred', late, eventId).expect(200);
      expect(first.body).toMatchObject({ applied: 1 });
      const again = await post(provider, 'deferred', late, eventId).expect(200);
      expect(again.body).toMatchObject({ applied: 0, duplicate: 1 });
      const after = await notice(late);
      expect(after.status).toBe('sent');
      expect(after.events.filter((e) => e.type === 'delayed')).toHaveLength(1);
    });

    it('stays forward-only: a delivery reported after the bounce changes nothing but is kept', async () => {
      const gone = ids[`${provider}-gone`];
      expect((await post(provider, 'delivered', gone).expect(200)).body).toMatchObject({ applied: 1 });
      const after = await notice(gone);
      expect(after.status).toBe('bounced');
      expect(after.deliveredAt).toBeNull();
      expect(after.events.filter((e) => e.type === 'delivered').map((e) => e.detail)).toEqual([expect.objectContaining({ applied: false, from: 'bounced' })]);
    });
  });

  it('answers 200 and ignores an event about a notice that is not ours', async () => {
    const res = await post('sendgrid', 'delivered', '0190f0e6-0000-7000-8000-000000000000').expect(200);
    expect(res.body).toMatchObject({ applied: 0, unknown: 1 });
  });

  it('refuses a stale Mailgun signature', async () => {
    const late = ids['mailgun-late'];
    const stale = mailgunSignature(MAILGUN_KEY, Math.floor(Date.now() / 1000) - 3600);
    await request(h.baseUrl).post('/v1/webhooks/email/mailgun').send({ signature: stale, 'event-data': { id: 'stale', event: 'delivered', 'user-variables': { breachcast_notice: late } } }).expect(403);
    expect((await notice(late)).status).toBe('sent');
  });

  it('confirms an SNS subscription only through an allowed host, and takes no certificate from elsewhere', async () => {
    const confirm = sns.message({ Type: 'SubscriptionConfirmation', TopicArn: TOPIC, Message: 'You have chosen to subscribe', SubscribeURL: sns.subscribeUrl('tok1'), Token: 'tok1' });
    expect((await snsRequest(confirm).expect(200)).body).toMatchObject({ confirmed: true });
    expect(sns.confirmations).toEqual(['/confirm?Action=ConfirmSubscription&Token=tok1']);
    // SignatureVersion 1 (SHA1withRSA), which older subscriptions still get
    const v1 = sns.message({ Type: 'SubscriptionConfirmation', TopicArn: TOPIC, Message: 'again', SubscribeURL: sns.subscribeUrl('tok0'), Token: 'tok0' }, { version: '1' });
    expect((await snsRequest(v1).expect(200)).body).toMatchObject({ confirmed: true });
    expect(sns.confirmations).toHaveLength(2);
    const elsewhere = sns.message({ Type: 'SubscriptionConfirmation', TopicArn: TOPIC, Message: 'x', SubscribeURL: 'http://169.254.169.254/latest/meta-data/', Token: 'tok2' });
    await snsRequest(elsewhere).expect(403);
    const otherTopic = sns.message({ Type: 'SubscriptionConfirmation', TopicArn: 'arn:aws:sns:eu-west-1:999999999999:theirs', Message: 'x', SubscribeURL: sns.subscribeUrl('tok3'), Token: 'tok3' });
    await snsRequest(otherTopic).expect(403);
    expect(sns.confirmations).toHaveLength(2);
    const late = ids['ses-late'];
    const foreignCert = sns.message(
      { Type: 'Notification', TopicArn: TOPIC, Message: JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent' }, mail: { tags: { breachcast_notice: [late] } } }) },
      { certUrl: sns.certUrl.replace('127.0.0.1', 'localhost') },
    );
    await snsRequest(foreignCert).expect(403);
    expect((await notice(late)).status).toBe('sent');
  });

  it('answers 404 on every endpoint whose secret is not configured', async () => {
    const config = loadConfig({ ...h.env, SENDGRID_WEBHOOK_PUBLIC_KEY: '', MAILGUN_WEBHOOK_SIGNING_KEY: '', POSTMARK_WEBHOOK_USER: '', POSTMARK_WEBHOOK_PASSWORD: '', SES_SNS_TOPIC_ARNS: '' });
    let bare: INestApplication | null = null;
    try {
      bare = await createApiApp(config);
      await bare.init();
      for (const provider of PROVIDERS) {
        await request(bare.getHttpServer()).post(`/v1/webhooks/email/${provider}`).set('content-type', 'application/json').send('[]').expect(404);
      }
    } finally {
      await bare?.close();
    }
  });
});
