import { ChannelDriver, ChannelError, ChannelRegistry, OutgoingNotice, SendResult } from '@app/channels';
import { AppConfig, loadConfig } from '@app/config';
import { NoticeStatus } from '@app/database';
import { EscalationService } from '@app/escalation';
import { Channel, CHANNELS, RenderTarget } from '@app/kernel';
import { AckTokensService, WebhookSecretsService } from '@app/ack';
import { NoticeComposer } from '@app/notices';
import { SendGate } from '@app/queue';
import { NoticeRenderer, RenderedContent } from '@app/templates';
import { ClaimedNotice, DeliveryRepository, FailedAttempt, SentRecord } from './delivery.repository';
import { DeliveryService } from './delivery.service';

const body = {
  reference: 'INC-2023-0419',
  title: { en: 'Unauthorised access to the SMS archive' },
  awareAt: '2023-04-19T14:00:00Z',
  nature: ['confidentiality'],
  scope: { systems: ['sms-gateway'] },
  description: { en: 'An attacker read the archive.' },
  contact: { name: 'DPO', email: 'dpo@vendor.example' },
  channels: ['email', 'sms'],
};

const claimed = (id: string, channel: Channel, over: Partial<ClaimedNotice> = {}): ClaimedNotice => ({
  id,
  incident_id: '0190f0e6-0000-7000-8000-0000000000aa',
  version: 1,
  affected_id: '0190f0e6-0000-7000-8000-0000000000bb',
  tenant_id: '0190f0e6-0000-7000-8000-0000000000dd',
  tenant_external_id: 'city-north',
  contact_id: '0190f0e6-0000-7000-8000-0000000000cc',
  contact_role: 'dpo',
  contact_name: 'IOD',
  channel,
  to: channel === 'sms' ? '+48501234001' : 'iod@city-north.example',
  locale: 'en',
  kind: 'initial',
  escalated: false,
  attempts: 1,
  tenant_name: 'City North',
  tenant_timezone: 'Europe/Warsaw',
  tenant_country: 'PL',
  tenant_regimes: null,
  tenant_notice_deadline_hours: null,
  email_also: null,
  contact_told_before: null,
  webhook_secret: null,
  webhook_retired_at: null,
  tenant_facts: { systems: ['sms-gateway'], subProcessors: [], dataCategories: ['phone_number'], dataSubjects: 120000, records: 850000, periodFrom: '2019-03-01', periodTo: '2023-04-19', matchedBy: 'scope' } as unknown as ClaimedNotice['tenant_facts'],
  ...over,
});

/** The repository as DeliveryService uses it: notices to claim, and what it recorded. */
class FakeRepository implements Pick<DeliveryRepository, 'statusOf' | 'claim' | 'recordSent' | 'recordFailure' | 'versionBody' | 'earlierEmail'> {
  readonly notices = new Map<string, ClaimedNotice>();
  readonly claimed: string[] = [];
  readonly sent: SentRecord[] = [];
  /** When set, each recordSent statement waits until released here. */
  heldRecords: (() => void)[] | null = null;
  readonly failures: FailedAttempt[] = [];
  earlierEmailAsked = 0;

  async statusOf(noticeId: string): Promise<NoticeStatus | null> {
    return this.notices.has(noticeId) ? 'sent' : null;
  }
  async claim(ids: string[]): Promise<ClaimedNotice[]> {
    this.claimed.push(...ids);
    return ids.flatMap((id) => (this.notices.get(id)?.attempts === 1 ? [this.notices.get(id)!] : []));
  }
  async recordSent(records: SentRecord[]): Promise<void> {
    if (this.heldRecords) await new Promise<void>((resolve) => this.heldRecords!.push(resolve));
    this.sent.push(...records);
  }
  async recordFailure(attempt: FailedAttempt): Promise<void> {
    this.failures.push(attempt);
  }
  async versionBody(): Promise<{ body: unknown; change_summary: unknown }> {
    return { body, change_summary: null };
  }
  async earlierEmail(): Promise<string | null> {
    this.earlierEmailAsked++;
    return null;
  }
}

/** A driver that records what it was handed and answers as told. */
class RecordingDriver<C extends Channel> implements ChannelDriver<C> {
  readonly label: string;
  readonly addressField;
  readonly sandboxed = true;
  readonly sandboxNotice = '';
  readonly sent: { notice: OutgoingNotice; rendered: RenderedContent }[] = [];
  failWith: ChannelError | null = null;
  /** When set, each send waits until its answer is released here, in order. */
  held: (() => void)[] | null = null;

  constructor(
    readonly channel: C,
    readonly render: RenderTarget,
    readonly ratePerSec: number,
    readonly escalatesWhenDead: boolean,
  ) {
    this.label = channel;
    this.addressField = channel === 'sms' ? ('phone' as const) : ('email' as const);
  }
  isAddress(): boolean {
    return true;
  }
  maskAddress(to: string): string {
    return `masked(${to.length})`;
  }
  async send(notice: OutgoingNotice, rendered: RenderedContent): Promise<SendResult> {
    this.sent.push({ notice, rendered });
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    if (this.failWith) throw this.failWith;
    return { providerMessageId: `${this.channel}-1`, messageId: this.channel === 'email' ? '<id@bounces>' : undefined, response: 'ok', sandboxed: true };
  }
  async close(): Promise<void> {}
}

describe(DeliveryService.name, () => {
  let repository: FakeRepository;
  let email: RecordingDriver<'email'>;
  let sms: RecordingDriver<'sms'>;
  let gate: { channel: Channel; rate: number }[];
  let escalated: string[];
  let sut: DeliveryService;
  let composer: NoticeComposer;
  /** A service over these fakes with this configuration. */
  let service: (config: AppConfig) => DeliveryService;

  beforeEach(() => {
    repository = new FakeRepository();
    email = new RecordingDriver('email', { format: 'email', part: 'email' }, 50, true);
    sms = new RecordingDriver('sms', { format: 'segmented', part: 'sms', maxSegments: 2 }, 10, false);
    const others = CHANNELS.filter((c) => c !== 'email' && c !== 'sms').map((c) => new RecordingDriver(c, { format: 'text', part: c }, 0, false));
    gate = [];
    escalated = [];
    const tokens: Pick<AckTokensService, 'token' | 'url'> = { token: async () => 'tok', url: (t) => `https://notify.vendor.example/ack/${t}` };
    const escalation: Pick<EscalationService, 'escalateNowIfUnreachable'> = {
      escalateNowIfUnreachable: async (affectedId) => void escalated.push(affectedId),
    };
    const sendGate: Pick<SendGate, 'acquire'> = {
      acquire: async (channel, rate) => {
        gate.push({ channel, rate });
        return async () => undefined;
      },
    };
    service = (config) =>
      new DeliveryService(
      repository as unknown as DeliveryRepository,
      config,
      new ChannelRegistry([email, sms, ...others]),
      tokens as AckTokensService,
      escalation as EscalationService,
      (composer = new NoticeComposer(config, new NoticeRenderer())),
        sendGate as SendGate,
        { open: async () => null } as unknown as WebhookSecretsService,
      );
    sut = service(loadConfig({}));
  });

  it("hands an SMS notice to the SMS driver, rendered by its target, under its ceiling; no Message-ID is kept", async () => {
    repository.notices.set('n-sms', claimed('n-sms', 'sms'));
    expect(await sut.send('n-sms', { attempt: 1, last: false })).toEqual({ outcome: 'sent', providerMessageId: 'sms-1' });
    expect(email.sent).toHaveLength(0);
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0].notice).toMatchObject({ id: 'n-sms', to: '+48501234001', version: 1 });
    expect(sms.sent[0].rendered).toMatchObject({ subject: null, html: null });
    expect(sms.sent[0].rendered.text).toContain('INC-2023-0419');
    expect(gate).toEqual([{ channel: 'sms', rate: 10 }]);
    expect(repository.sent).toEqual([expect.objectContaining({ id: 'n-sms', provider_message_id: 'sms-1', message_id: null, subject: null })]);
  });

  it('hands an email notice to the email driver with subject and HTML, and keeps its Message-ID', async () => {
    repository.notices.set('n-email', claimed('n-email', 'email'));
    await sut.send('n-email', { attempt: 1, last: false });
    expect(sms.sent).toHaveLength(0);
    expect(email.sent[0].rendered.subject).toContain('INC-2023-0419');
    expect(email.sent[0].rendered.html).toContain('<');
    expect(gate).toEqual([{ channel: 'email', rate: 50 }]);
    expect(repository.sent[0]).toMatchObject({ message_id: '<id@bounces>' });
    // The thread lookup is the driver's to ask for: this one never did.
    expect(repository.earlierEmailAsked).toBe(0);
    await email.sent[0].notice.earlierEmail();
    expect(repository.earlierEmailAsked).toBe(1);
  });

  it("shows the tenant's own regimes' deadlines in the email sent, else those of its country", async () => {
    repository.notices.set('n-nis2', claimed('n-nis2', 'email', { tenant_regimes: ['nis2'] }));
    repository.notices.set('n-pl', claimed('n-pl', 'email'));
    await sut.send('n-nis2', { attempt: 1, last: false });
    await sut.send('n-pl', { attempt: 1, last: false });
    const [nis2, pl] = email.sent.map((s) => s.rendered.text);
    expect(nis2).toContain('Early warning to the CSIRT or competent authority (NIS2 Directive Art. 23(4)(a)): 24 hours');
    expect(nis2).not.toContain('GDPR Art. 33(1)');
    expect(pl).toContain('Reporting the breach to the supervisory authority (GDPR Art. 33(1)): 72 hours');
    expect(pl).not.toContain('NIS2');
  });

  it("composes with the tenant's own notice deadline and regimes", async () => {
    const compose = jest.spyOn(composer, 'compose');
    repository.notices.set('n-own', claimed('n-own', 'email', { tenant_regimes: ['dora', 'gdpr'], tenant_notice_deadline_hours: 4 }));
    await sut.send('n-own', { attempt: 1, last: false });
    expect(compose).toHaveBeenCalledWith(expect.objectContaining({ tenant: expect.objectContaining({ regimes: ['dora', 'gdpr'], noticeDeadlineHours: 4, country: 'PL' }) }));
    expect(compose.mock.results[0].value).toMatchObject({ regimes: ['gdpr', 'dora'], noticeDueAt: '2023-04-19T18:00:00.000Z' });
  });

  it('escalates at once only where the driver says a dead notice may leave the tenant unreachable', async () => {
    repository.notices.set('n-email', claimed('n-email', 'email'));
    repository.notices.set('n-sms', claimed('n-sms', 'sms'));
    email.failWith = new ChannelError('550 no such user', true, 550, '550 no such user');
    sms.failWith = new ChannelError('400 code 21211', true, 21211, null);
    expect(await sut.send('n-email', { attempt: 1, last: false })).toEqual({ outcome: 'failed', error: '550 no such user' });
    expect(await sut.send('n-sms', { attempt: 1, last: false })).toEqual({ outcome: 'failed', error: '400 code 21211' });
    expect(escalated).toEqual(['0190f0e6-0000-7000-8000-0000000000bb']);
    expect(repository.failures.map((f) => [f.noticeId, f.final])).toEqual([
      ['n-email', true],
      ['n-sms', true],
    ]);
  });

  it('skips a notice that is not open, and says whether it exists', async () => {
    repository.notices.set('n-done', claimed('n-done', 'sms', { attempts: 2 }));
    expect(await sut.send('n-done', { attempt: 1, last: false })).toEqual({ outcome: 'skipped', reason: 'already past queued' });
    expect(await sut.send('n-none', { attempt: 1, last: false })).toEqual({ outcome: 'skipped', reason: 'unknown notice' });
  });

  it('claims and renders the next notices while SEND_CONCURRENCY sends per channel are with the provider, a slot held until the outcome is recorded', async () => {
    sut = service(loadConfig({ SEND_CONCURRENCY: '2' }));
    for (let i = 1; i <= 4; i++) repository.notices.set(`n-sms-${i}`, claimed(`n-sms-${i}`, 'sms'));
    repository.notices.set('n-email', claimed('n-email', 'email'));
    sms.held = [];
    const outcomes = [1, 2, 3, 4].map((i) => sut.send(`n-sms-${i}`, { attempt: 1, last: false }));
    // Every job is claimed; two SMS are with the provider, the others wait for a slot, rendered.
    await waitFor(() => sms.held!.length === 2 && repository.claimed.length === 4);
    expect(sms.sent.map((s) => s.notice.id)).toEqual(['n-sms-1', 'n-sms-2']);
    // Another channel has slots of its own.
    expect(await sut.send('n-email', { attempt: 1, last: false })).toMatchObject({ outcome: 'sent' });
    // An answered send keeps its slot until its outcome is recorded.
    repository.heldRecords = [];
    sms.held.shift()!();
    await waitFor(() => repository.heldRecords!.length === 1);
    expect(sms.sent).toHaveLength(2);
    repository.heldRecords.shift()!();
    await waitFor(() => sms.sent.length === 3);
    expect(sms.held).toHaveLength(2);
    // The rest go through as slots free.
    repository.heldRecords = null;
    const held = sms.held.splice(0);
    sms.held = null;
    held.forEach((release) => release());
    expect((await Promise.all(outcomes)).map((o) => o.outcome)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(sms.sent.map((s) => s.notice.id)).toEqual(['n-sms-1', 'n-sms-2', 'n-sms-3', 'n-sms-4']);
    expect(repository.sent.map((r) => r.id).sort()).toEqual(['n-email', 'n-sms-1', 'n-sms-2', 'n-sms-3', 'n-sms-4']);
  });
});

/** Waits, turn by turn of the event loop, until the condition holds (the fakes answer without I/O). */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 2_000 && !condition(); turn++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(condition()).toBe(true);
}
