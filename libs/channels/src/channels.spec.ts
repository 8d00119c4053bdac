import { AppConfig, loadConfig } from '@app/config';
import { CHANNELS, ContactAddresses } from '@app/kernel';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { ChannelDriver, OutgoingNotice } from './channel.types';
import { ChannelRegistry } from './channel-registry';
import { EmailChannelDriver } from './email.channel';
import { SmsChannelDriver, TWILIO_STATUS_PATH, twilioStatusToNotice } from './sms.channel';

const SID = `AC${'0'.repeat(32)}`;
const contact: ContactAddresses = { email: 'iod@city-north.example', phone: '+48501234001', webhook: null };

/** The sandbox twins write captured messages here instead of the database. */
class CapturingDataSource {
  readonly captured: Record<string, unknown>[] = [];
  getRepository() {
    return { insert: async (row: Record<string, unknown>) => void this.captured.push(row) };
  }
}

function notice(overrides: Partial<OutgoingNotice> = {}): OutgoingNotice & { asked: number } {
  const n = {
    asked: 0,
    id: '0190f0e6-0000-7000-8000-000000000001',
    incidentId: '0190f0e6-0000-7000-8000-0000000000aa',
    version: 1,
    contactId: '0190f0e6-0000-7000-8000-0000000000cc',
    tenantId: '0190f0e6-0000-7000-8000-0000000000dd',
    to: 'iod@city-north.example',
    signingSecret: async () => null,
    retiredAt: null,
    earlierEmail: async () => {
      n.asked++;
      return '0190f0e6-0000-7000-8000-000000000000';
    },
    ...overrides,
  };
  return n;
}

describe(ChannelRegistry.name, () => {
  const config = loadConfig({});
  const db = new CapturingDataSource() as unknown as DataSource;
  const email = new EmailChannelDriver(config, db);
  const sms = new SmsChannelDriver(config, db);
  /** Stand-ins for any channel added to CHANNELS beyond these two, so the registry is complete. */
  const others = CHANNELS.filter((c) => c !== 'email' && c !== 'sms').map((channel) => ({ ...email, channel }) as unknown as ChannelDriver);

  it('answers each channel with its own driver, in the order of CHANNELS', () => {
    const sut = new ChannelRegistry([sms, ...others, email]);
    expect(sut.get('email')).toBe(email);
    expect(sut.get('sms')).toBe(sms);
    expect(sut.all().map((d) => d.channel)).toEqual([...CHANNELS]);
  });

  it('refuses to start without a driver for every channel', () => {
    expect(() => new ChannelRegistry([email, ...others])).toThrow('no channel driver for sms');
  });

  it('refuses two drivers for one channel, and a driver for a channel outside CHANNELS', () => {
    expect(() => new ChannelRegistry([email, sms, ...others, email])).toThrow('two channel drivers for "email"');
    const stray = { ...email, channel: 'fax' } as unknown as ChannelDriver;
    expect(() => new ChannelRegistry([email, sms, ...others, stray])).toThrow('"fax", which is not in CHANNELS');
  });

  it('throws for a channel value from outside the types (a row written by hand)', () => {
    expect(() => new ChannelRegistry([email, sms, ...others]).get('fax' as 'email')).toThrow('unknown channel "fax"');
  });

  it("reads each channel's address from its contact field, null when the contact has none", () => {
    const sut = new ChannelRegistry([email, sms, ...others]);
    expect(sut.addressOf('email', contact)).toBe('iod@city-north.example');
    expect(sut.addressOf('sms', contact)).toBe('+48501234001');
    expect(sut.addressOf('sms', { email: 'x@y.example', phone: null, webhook: null })).toBeNull();
    expect(sut.addressOf('email', { email: '', phone: '+48501234001', webhook: null })).toBeNull();
  });

  it('finds the driver whose provider posts to a callback path', () => {
    const sut = new ChannelRegistry([email, sms, ...others]);
    expect(sut.byCallbackPath(TWILIO_STATUS_PATH)).toBe(sms);
    expect(sut.byCallbackPath('/v1/webhooks/other')).toBeUndefined();
  });
});

describe(EmailChannelDriver.name, () => {
  const config = loadConfig({ EMAIL_RATE_PER_SEC: '7', BOUNCE_DOMAIN: 'bounces.vendor.example' });

  it('sends to the email field, masks it, renders the email templates with no size limit and takes EMAIL_RATE_PER_SEC', () => {
    const sut = new EmailChannelDriver(config, new CapturingDataSource() as unknown as DataSource);
    expect(sut.addressField).toBe('email');
    expect(sut.maskAddress('iod@city-north.example')).toBe('i**@city-north.example');
    expect(sut.render).toEqual({ format: 'email', part: 'email' });
    expect(sut.ratePerSec).toBe(7);
    expect(sut.sandboxed).toBe(true);
    expect(sut.escalatesWhenDead).toBe(true);
    expect((sut as ChannelDriver).statusOf).toBeUndefined();
  });

  it.each([
    ['iod@city-north.example', true],
    ['not an address', false],
    ['+48501234001', false],
  ])('%s is an email address: %s', (value, valid) => {
    expect(new EmailChannelDriver(config, new CapturingDataSource() as unknown as DataSource).isAddress(value)).toBe(valid);
  });

  it('captures a first email in the sandbox with its VERP return path and asks for no thread', async () => {
    const db = new CapturingDataSource();
    const sut = new EmailChannelDriver(config, db as unknown as DataSource);
    const n = notice();
    const result = await sut.send(n, { subject: 'Subject', text: 'Text', html: '<p>Html</p>' });
    expect(n.asked).toBe(0);
    expect(result).toMatchObject({ providerMessageId: `<${n.id}@bounces.vendor.example>`, messageId: `<${n.id}@bounces.vendor.example>`, sandboxed: true });
    expect(db.captured[0]).toMatchObject({
      channel: 'email',
      to: n.to,
      subject: 'Subject',
      headers: { 'In-Reply-To': '', 'Return-Path': `bounce+${n.id}@bounces.vendor.example` },
    });
  });

  it('names the notice in the header and in each email service\'s metadata field', async () => {
    const db = new CapturingDataSource();
    const n = notice();
    await new EmailChannelDriver(config, db as unknown as DataSource).send(n, { subject: 'S', text: 'T', html: null });
    const headers = (db.captured[0] as { headers: Record<string, string> }).headers;
    expect(headers['X-Breachcast-Notice']).toBe(n.id);
    expect(JSON.parse(headers['X-SMTPAPI'])).toEqual({ unique_args: { breachcast_notice: n.id } });
    expect(JSON.parse(headers['X-Mailgun-Variables'])).toEqual({ breachcast_notice: n.id });
    expect(headers['X-PM-Metadata-breachcast-notice']).toBe(n.id);
    expect(headers['X-SES-MESSAGE-TAGS']).toBe(`breachcast_notice=${n.id}`);
  });

  it("threads an update onto the contact's earlier email", async () => {
    const db = new CapturingDataSource();
    const n = notice({ version: 2 });
    await new EmailChannelDriver(config, db as unknown as DataSource).send(n, { subject: 'S', text: 'T', html: null });
    expect(n.asked).toBe(1);
    expect(db.captured[0]).toMatchObject({ headers: { 'In-Reply-To': '<0190f0e6-0000-7000-8000-000000000000@bounces.vendor.example>' } });
  });
});

describe(SmsChannelDriver.name, () => {
  const live: AppConfig = loadConfig({
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: 'token-for-the-spec',
    TWILIO_FROM: '+15005550006',
    SMS_RATE_PER_SEC: '3',
    PUBLIC_BASE_URL: 'https://notify.vendor.example',
  });

  it('sends to the phone field, masks it, renders the sms template in at most two segments and takes SMS_RATE_PER_SEC', () => {
    const sut = new SmsChannelDriver(live, new CapturingDataSource() as unknown as DataSource);
    expect(sut.addressField).toBe('phone');
    expect(sut.maskAddress('+48501234001')).toBe('+48*******01');
    expect(sut.render).toEqual({ format: 'segmented', part: 'sms', maxSegments: 2 });
    expect(sut.ratePerSec).toBe(3);
    expect(sut.sandboxed).toBe(false);
    expect(sut.escalatesWhenDead).toBe(false);
  });

  it.each([
    ['+48501234001', true],
    ['48501234001', false],
    ['+48 501 234 001', false],
    ['iod@city-north.example', false],
  ])('%s is a phone number: %s', (value, valid) => {
    expect(new SmsChannelDriver(live, new CapturingDataSource() as unknown as DataSource).isAddress(value)).toBe(valid);
  });

  it.each([
    ['queued', 'sent'],
    ['accepted', 'sent'],
    ['scheduled', 'sent'],
    ['sending', 'sent'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'delivered'],
    ['undelivered', 'undelivered'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
    ['receiving', null],
  ])('Twilio %s → %s', (twilioStatus, ours) => {
    expect(twilioStatusToNotice(twilioStatus)).toBe(ours);
    expect(new SmsChannelDriver(live, new CapturingDataSource() as unknown as DataSource).statusOf(twilioStatus)).toBe(ours);
  });

  it('accepts a callback signed with the auth token over PUBLIC_BASE_URL + path, nothing else', () => {
    const sut = new SmsChannelDriver(live, new CapturingDataSource() as unknown as DataSource);
    const params = { MessageSid: 'SM1', MessageStatus: 'delivered' };
    const good = twilio.getExpectedTwilioSignature('token-for-the-spec', `https://notify.vendor.example${TWILIO_STATUS_PATH}`, params);
    expect(sut.inbound.verify(good, params)).toBe(true);
    expect(sut.inbound.verify(good, { ...params, MessageStatus: 'failed' })).toBe(false);
    expect(sut.inbound.verify(undefined, params)).toBe(false);
    const elsewhere = twilio.getExpectedTwilioSignature('token-for-the-spec', `http://proxy.internal${TWILIO_STATUS_PATH}`, params);
    expect(sut.inbound.verify(elsewhere, params)).toBe(false);
  });

  it('refuses every callback without an auth token (sandbox)', () => {
    const sut = new SmsChannelDriver(loadConfig({}), new CapturingDataSource() as unknown as DataSource);
    const params = { MessageSid: 'SM1', MessageStatus: 'delivered' };
    expect(sut.inbound.verify(twilio.getExpectedTwilioSignature('', `http://localhost:3000${TWILIO_STATUS_PATH}`, params), params)).toBe(false);
  });

  it('reads a callback: MessageSid or SmsSid, MessageStatus or SmsStatus, ErrorCode, To', () => {
    const sut = new SmsChannelDriver(live, new CapturingDataSource() as unknown as DataSource);
    expect(sut.inbound.read({ MessageSid: 'SM1', MessageStatus: 'undelivered', ErrorCode: '30003', To: '+48501234001' })).toEqual({
      providerMessageId: 'SM1',
      providerStatus: 'undelivered',
      errorCode: '30003',
      to: '+48501234001',
    });
    expect(sut.inbound.read({ SmsSid: 'SM2', SmsStatus: 'sent' })).toEqual({ providerMessageId: 'SM2', providerStatus: 'sent', errorCode: null, to: null });
    expect(sut.inbound.read({ MessageStatus: 'sent' })).toBeNull();
  });

  it('captures an SMS in the sandbox with the status callback the provider would get', async () => {
    const db = new CapturingDataSource();
    const sut = new SmsChannelDriver(loadConfig({ PUBLIC_BASE_URL: 'https://notify.vendor.example' }), db as unknown as DataSource);
    const result = await sut.send(notice({ to: '+48501234001' }), { subject: null, text: 'INC-1 alert', html: null });
    expect(result).toMatchObject({ status: 'sent', sandboxed: true });
    expect(result.messageId).toBeUndefined();
    expect(db.captured[0]).toMatchObject({ channel: 'sms', to: '+48501234001', text: 'INC-1 alert', headers: { StatusCallback: `https://notify.vendor.example${TWILIO_STATUS_PATH}` } });
  });
});
