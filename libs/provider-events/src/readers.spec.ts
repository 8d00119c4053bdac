import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { noticeIdOfMessageId } from './email-event';
import { MAILGUN_MAX_SKEW_SEC, mailgunOutcome, readMailgun, verifyMailgun } from './mailgun';
import { postmarkOutcome, readPostmark, verifyPostmark } from './postmark';
import { readSendgrid, sendgridOutcome, verifySendgrid } from './sendgrid';
import { readSes, sesOutcome } from './ses';
import { allowedSnsUrl, parseSnsMessage, snsStringToSign } from './sns';

const ID = '0190f0e6-1111-7000-8000-00000000abcd';
const DOMAIN = 'vendor.example';

describe('SendGrid events', () => {
  it.each([
    ['delivered', undefined, 'delivered'],
    ['bounce', 'bounce', 'bounced'],
    ['bounce', 'blocked', 'failed'],
    ['dropped', undefined, 'failed'],
    ['deferred', undefined, 'delayed'],
    ['processed', undefined, 'other'],
    ['open', undefined, 'other'],
  ])('%s (%s) → %s', (event, type, outcome) => expect(sendgridOutcome(event, type)).toBe(outcome));

  it('finds the notice by its custom arg, else by our Message-ID, and keeps sg_event_id as identity', () => {
    const events = readSendgrid(
      [
        { event: 'delivered', sg_event_id: 'e1', breachcast_notice: ID, 'smtp-id': '<other@elsewhere.example>', response: '250 OK' },
        { event: 'bounce', type: 'bounce', sg_event_id: 'e2', 'smtp-id': `<${ID}@${DOMAIN}>`, reason: '550 5.1.1 unknown user' },
        { event: 'dropped', sg_event_id: 'e3', 'smtp-id': `<${ID}@elsewhere.example>` },
        'not an event',
      ],
      DOMAIN,
    );
    expect(events).toEqual([
      { provider: 'sendgrid', eventId: 'e1', providerEvent: 'delivered', outcome: 'delivered', noticeId: ID, diagnostic: '250 OK' },
      { provider: 'sendgrid', eventId: 'e2', providerEvent: 'bounce', outcome: 'bounced', noticeId: ID, diagnostic: '550 5.1.1 unknown user' },
      { provider: 'sendgrid', eventId: 'e3', providerEvent: 'dropped', outcome: 'failed', noticeId: null, diagnostic: null },
    ]);
    expect(readSendgrid({ event: 'delivered' }, DOMAIN)).toEqual([]);
  });

  it('drops NUL from what it keeps (PostgreSQL cannot store it)', () => {
    const [event] = readSendgrid([{ event: 'bounce', sg_event_id: 'e\u00001', reason: '550\u0000 gone' }], DOMAIN);
    expect(event).toMatchObject({ eventId: 'e1', diagnostic: '550 gone' });
  });

  it("verifies SendGrid's ECDSA signature over the timestamp and the raw body", () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const key = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const body = Buffer.from(JSON.stringify([{ event: 'delivered', sg_event_id: 'e1' }]));
    const timestamp = '1764700000';
    const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), privateKey).toString('base64');
    expect(verifySendgrid(key, body, signature, timestamp)).toBe(true);
    expect(verifySendgrid(key, Buffer.from(body.toString().replace('delivered', 'bounce')), signature, timestamp)).toBe(false);
    expect(verifySendgrid(key, body, signature, '1764700001')).toBe(false);
    expect(verifySendgrid(key, body, 'not base64 DER', timestamp)).toBe(false);
    expect(verifySendgrid(key, body, undefined, timestamp)).toBe(false);
  });
});

describe('Mailgun events', () => {
  const KEY = 'mailgun-signing-key-0123456789';
  const signed = (timestamp: number, token = 't'.repeat(50)) => ({
    signature: { timestamp: String(timestamp), token, signature: createHmac('sha256', KEY).update(`${timestamp}${token}`).digest('hex') },
  });
  const now = 1_764_700_000_000;

  it('accepts a fresh HMAC-SHA256 of timestamp and token, refuses a wrong key, a changed token or a stale timestamp', () => {
    expect(verifyMailgun(KEY, signed(now / 1000), now)).toBe(true);
    expect(verifyMailgun('another-signing-key-0123456', signed(now / 1000), now)).toBe(false);
    const tampered = signed(now / 1000);
    tampered.signature.token = 'u'.repeat(50);
    expect(verifyMailgun(KEY, tampered, now)).toBe(false);
    expect(verifyMailgun(KEY, signed(now / 1000 - MAILGUN_MAX_SKEW_SEC - 1), now)).toBe(false);
    expect(verifyMailgun(KEY, { signature: { timestamp: 'x', token: 'y', signature: 'z' } }, now)).toBe(false);
    expect(verifyMailgun(KEY, {}, now)).toBe(false);
  });

  it.each([
    ['delivered', undefined, undefined, 'delivered'],
    ['failed', 'permanent', 'bounce', 'bounced'],
    ['failed', 'permanent', 'suppress-bounce', 'failed'],
    ['failed', 'temporary', 'generic', 'delayed'],
    ['rejected', undefined, undefined, 'failed'],
    ['opened', undefined, undefined, 'other'],
  ])('%s (%s, %s) → %s', (event, severity, reason, outcome) => expect(mailgunOutcome(event, severity, reason)).toBe(outcome));

  it('reads the notice from user-variables, else from our Message-ID', () => {
    const data = (extra: object) => ({ 'event-data': { id: 'mg1', event: 'failed', severity: 'permanent', 'delivery-status': { description: '550 no such user' }, ...extra } });
    expect(readMailgun(data({ 'user-variables': { breachcast_notice: ID } }), DOMAIN)).toEqual([
      { provider: 'mailgun', eventId: 'mg1', providerEvent: 'failed', outcome: 'bounced', noticeId: ID, diagnostic: '550 no such user' },
    ]);
    expect(readMailgun(data({ message: { headers: { 'message-id': `${ID}@${DOMAIN}` } } }), DOMAIN)[0].noticeId).toBe(ID);
    expect(readMailgun({ 'event-data': { event: 'delivered' } }, DOMAIN)).toEqual([]);
  });
});

describe('Postmark events', () => {
  const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;

  it('checks HTTP Basic credentials', () => {
    expect(verifyPostmark('hooks', 'postmark-password-123', basic('hooks:postmark-password-123'))).toBe(true);
    expect(verifyPostmark('hooks', 'postmark-password-123', basic('hooks:postmark-password-124'))).toBe(false);
    expect(verifyPostmark('hooks', 'postmark-password-123', 'Bearer hooks:postmark-password-123')).toBe(false);
    expect(verifyPostmark('hooks', 'postmark-password-123', undefined)).toBe(false);
  });

  it.each([
    ['Delivery', undefined, undefined, 'delivered'],
    ['Bounce', 'HardBounce', true, 'bounced'],
    ['Bounce', 'BadEmailAddress', false, 'bounced'],
    ['Bounce', 'SoftBounce', false, 'delayed'],
    ['Bounce', 'Transient', false, 'delayed'],
    ['Bounce', 'AutoResponder', false, 'other'],
    ['Bounce', 'Unknown', true, 'bounced'],
    ['Bounce', 'SMTPApiError', false, 'failed'],
    ['Open', undefined, undefined, 'other'],
  ])('%s %s (inactive %s) → %s', (record, type, inactive, outcome) => expect(postmarkOutcome(record, type, inactive)).toBe(outcome));

  it('identifies a record by MessageID, RecordType and its time, and reads the notice from Metadata', () => {
    const [event] = readPostmark({ RecordType: 'Bounce', ID: 42, Type: 'HardBounce', MessageID: 'pm-1', BouncedAt: '2026-12-02T10:00:00Z', Details: 'unknown user', Metadata: { 'breachcast-notice': ID } });
    expect(event).toEqual({ provider: 'postmark', eventId: 'pm-1|Bounce|2026-12-02T10:00:00Z|42', providerEvent: 'HardBounce', outcome: 'bounced', noticeId: ID, diagnostic: 'unknown user' });
  });
});

describe('Amazon SES events through SNS', () => {
  it.each([
    ['Delivery', undefined, 'delivered'],
    ['Bounce', 'Permanent', 'bounced'],
    ['Bounce', 'Transient', 'delayed'],
    ['Bounce', 'Undetermined', 'delayed'],
    ['Reject', undefined, 'failed'],
    ['DeliveryDelay', undefined, 'delayed'],
    ['Send', undefined, 'other'],
    ['Complaint', undefined, 'other'],
  ])('%s (%s) → %s', (type, bounceType, outcome) => expect(sesOutcome(type, bounceType)).toBe(outcome));

  const sns = (message: object) => ({
    Type: 'Notification',
    MessageId: 'sns-1',
    TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-events',
    Message: JSON.stringify(message),
    Timestamp: '2026-12-02T10:00:00.000Z',
    SignatureVersion: '2',
    Signature: 'c2ln',
    SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
  });

  it('reads the notice from the message tags, else the X-Breachcast-Notice header, else our Message-ID', () => {
    const bounce = { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } };
    expect(readSes(sns({ ...bounce, mail: { tags: { breachcast_notice: [ID] } } }), DOMAIN)).toEqual([
      { provider: 'ses', eventId: 'sns-1', providerEvent: 'Bounce/Permanent', outcome: 'bounced', noticeId: ID, diagnostic: 'smtp; 550 5.1.1 user unknown' },
    ]);
    expect(readSes(sns({ notificationType: 'Delivery', mail: { headers: [{ name: 'x-breachcast-notice', value: ID }] } }), DOMAIN)[0]).toMatchObject({ outcome: 'delivered', noticeId: ID });
    expect(readSes(sns({ eventType: 'Delivery', mail: { commonHeaders: { messageId: `<${ID}@${DOMAIN}>` } } }), DOMAIN)[0].noticeId).toBe(ID);
    expect(readSes({ ...sns({}), Message: 'not json' }, DOMAIN)).toEqual([]);
  });

  it('signs the fields SNS signs, in its order', () => {
    const message = parseSnsMessage(JSON.stringify({ ...sns({ eventType: 'Delivery' }), Subject: 'hello' }))!;
    expect(snsStringToSign(message)).toBe(
      `Message\n${message.Message}\nMessageId\nsns-1\nSubject\nhello\nTimestamp\n2026-12-02T10:00:00.000Z\nTopicArn\narn:aws:sns:eu-west-1:123456789012:ses-events\nType\nNotification\n`,
    );
    expect(parseSnsMessage({ ...sns({}), Type: 'SubscriptionConfirmation', Token: 'x' })).toBeNull(); // no SubscribeURL
    expect(parseSnsMessage('not json')).toBeNull();
  });

  it.each([
    ['https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem', [], true],
    ['https://sns.cn-north-1.amazonaws.com.cn/cert.pem', [], true],
    ['http://sns.eu-west-1.amazonaws.com/cert.pem', [], false],
    ['https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem', [], false],
    ['https://evil.example/sns.eu-west-1.amazonaws.com/cert.pem', [], false],
    ['https://user:pw@sns.eu-west-1.amazonaws.com/cert.pem', [], false],
    ['https://sns.eu-west-1.amazonaws.com:8443/cert.pem', [], false],
    ['https://certs.internal.example/cert.pem', ['certs.internal.example'], true],
    ['http://certs.internal.example/cert.pem', ['certs.internal.example'], false],
    ['http://127.0.0.1:4000/cert.pem', ['127.0.0.1:4000'], true],
    ['http://127.0.0.1:4001/cert.pem', ['127.0.0.1:4000'], false],
    ['http://127.0.0.1:4000/cert.pem', [], false],
  ])('%s with SES_SNS_CERT_HOSTS %j is allowed: %s', (url, hosts, allowed) => expect(allowedSnsUrl(url, hosts) !== null).toBe(allowed));

  it('reads our Message-ID only on our bounce domain', () => {
    expect(noticeIdOfMessageId(`<${ID}@${DOMAIN}>`, DOMAIN)).toBe(ID);
    expect(noticeIdOfMessageId(`<${ID}@other.example>`, DOMAIN)).toBeNull();
    expect(noticeIdOfMessageId('<not-a-uuid@vendor.example>', DOMAIN)).toBeNull();
  });
});
