import { WebhookSecretsService } from '@app/ack';
import { AuditService } from '@app/audit';
import { ChannelDriver, ChannelError, ChannelRegistry, OutgoingNotice } from '@app/channels';
import { InvalidInputError, isE164 } from '@app/kernel';
import { PreviewService, TestRender } from '@app/notices';
import { markAsTest } from './test-marks';
import { TestSendFailed, TestSendService } from './test-send.service';

const RENDERED: TestRender = {
  incidentId: 'inc-1',
  version: 2,
  kind: 'update',
  tenant: { id: 'tenant-1', externalId: 'city-north', name: 'City North', affected: true },
  channel: 'sms',
  locale: 'pl',
  subject: null,
  text: 'INC-1: details at https://x.example/ack/(redacted-tenant-link)',
  html: null,
};

describe(TestSendService.name, () => {
  let sent: { notice: OutgoingNotice; text: string }[];
  let recorded: Parameters<AuditService['record']>[0][];
  let failWith: ChannelError | null;
  let sut: TestSendService;
  const previews: Pick<PreviewService, 'renderTest'> = { renderTest: jest.fn(async () => RENDERED) };

  beforeEach(() => {
    sent = [];
    recorded = [];
    failWith = null;
    const driver = {
      channel: 'sms',
      label: 'SMS',
      addressField: 'phone',
      render: { format: 'segmented', part: 'sms', maxSegments: 2 },
      isAddress: (value: string) => isE164(value),
      maskAddress: (to: string) => `${to.slice(0, 4)}…${to.slice(-2)}`,
      send: async (notice: OutgoingNotice, content: { text: string }) => {
        if (failWith) throw failWith;
        sent.push({ notice, text: content.text });
        return { providerMessageId: 'SM1', response: 'queued', sandboxed: false };
      },
    } as unknown as ChannelDriver;
    const channels: Pick<ChannelRegistry, 'get'> = { get: (() => driver) as ChannelRegistry['get'] };
    const audit: Pick<AuditService, 'record'> = { record: jest.fn(async (input) => (recorded.push(input), {}) as never) };
    const secrets: Pick<WebhookSecretsService, 'secretOf'> = { secretOf: async (tenantId: string) => `whsec_of_${tenantId}` };
    sut = new TestSendService(previews as PreviewService, channels as ChannelRegistry, audit as AuditService, secrets as WebhookSecretsService);
  });

  it('hands the marked notice to the channel driver as a test, and audits it with the address masked', async () => {
    const result = await sut.send('inc-1', { tenant: ' city-north ', channel: 'sms', locale: 'pl', to: '+48600100200' }, { id: 'key-1' });
    expect(previews.renderTest).toHaveBeenCalledWith('inc-1', 'city-north', 'sms', 'pl');
    expect(sent).toHaveLength(1);
    expect(sent[0].notice).toMatchObject({ incidentId: 'inc-1', version: 2, tenantId: 'tenant-1', to: '+48600100200', test: true });
    await expect(sent[0].notice.signingSecret()).resolves.toBe('whsec_of_tenant-1');
    expect(sent[0].text).toBe(`TEST: ${RENDERED.text}`);
    expect(recorded).toEqual([
      {
        actor: 'key-1',
        action: 'notice.test_sent',
        subject: 'incident:inc-1',
        details: { version: 2, tenant: 'city-north', channel: 'sms', locale: 'pl', to: '+486…00', testId: sent[0].notice.id, sandboxed: false },
      },
    ]);
    expect(result).toMatchObject({ test: true, id: sent[0].notice.id, to: '+48600100200', text: `TEST: ${RENDERED.text}`, providerMessageId: 'SM1' });
  });

  it('names every bad field, checks `to` by the channel’s own rule, and sends nothing', async () => {
    const problems = async (input: Record<string, unknown>) => {
      const error = await sut.send('inc-1', input, { id: 'key-1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as InvalidInputError).problems.map((p) => p.field);
    };
    await expect(problems({ tenant: 'city-north', channel: 'sms', to: 'ops@vendor.example' })).resolves.toEqual(['to']);
    await expect(problems({ tenant: '', channel: 'fax', locale: 'xx', to: '' })).resolves.toEqual(['tenant', 'channel', 'locale', 'to']);
    expect(sent).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('says whether a provider failure is for good, and audits nothing', async () => {
    failWith = new ChannelError('400 code 21211: not a valid phone number', true, 21211, null);
    await expect(sut.send('inc-1', { tenant: 'city-north', channel: 'sms', to: '+15005550001' }, { id: 'key-1' })).rejects.toEqual(expect.objectContaining({ permanent: true }));
    failWith = new ChannelError('503', false, 503, null);
    const error = await sut.send('inc-1', { tenant: 'city-north', channel: 'sms', to: '+48600100200' }, { id: 'key-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TestSendFailed);
    expect((error as TestSendFailed).permanent).toBe(false);
    expect(recorded).toEqual([]);
  });
});

describe(markAsTest.name, () => {
  it('marks an email in its subject, its text and its HTML body', () => {
    const sut = markAsTest({ subject: 'INC-1 notice', text: 'Dear DPO', html: '<html><body class="x"><p>Dear DPO</p></body></html>' }, 'email');
    expect(sut.subject).toBe('TEST: INC-1 notice');
    expect(sut.text).toMatch(/^TEST SEND: .*\n\nDear DPO$/s);
    expect(sut.html).toMatch(/^<html><body class="x">\n<p [^>]*data-test-send="true">TEST SEND: [^<]*<\/p><p>Dear DPO<\/p>/);
  });

  it('starts a text message with TEST', () => {
    expect(markAsTest({ subject: null, text: 'INC-1 alert', html: null }, 'segmented')).toEqual({ subject: null, text: 'TEST: INC-1 alert', html: null });
    expect(markAsTest({ subject: null, text: 'INC-1', html: null }, 'text').text).toBe('TEST: INC-1');
  });
});
