import { loadConfig } from '@app/config';
import { FanoutJob, QueueProducer } from '@app/queue';
import { NoticeRenderer, NoticeView, RenderedContent, RenderedEmail, RenderedSms, RenderTarget, TemplateRenderError } from '@app/templates';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiKeysService, Principal } from '@app/access';
import { AckTokensService } from '@app/ack';
import { AuditService } from '@app/audit';
import { Channel, ChannelCatalog, CHANNELS, ConflictError } from '@app/kernel';
import { awareAtProblems, IncidentRepository, IncidentsService } from '@app/incidents';
import { AffectedTenantPage, AffectedTenantsRepository } from '@app/scope';
import { NoticeComposer } from './notice-composer';
import { PreviewService } from './preview.service';
import type { TenantHistoryRepository } from './tenant-history.repository';

/**
 * No valid API input makes a notice unrenderable (texts are validated, vendor names are cut to fit an SMS),
 * so the "render errors block dispatch" rule is held here with a renderer that fails on demand.
 */
const INCIDENT_ID = '6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f';

const body = {
  reference: 'INC-RENDER-1',
  title: 'Unreadable archive',
  awareAt: '2023-04-19T14:00:00Z',
  nature: ['confidentiality'],
  scope: { systems: ['sms-gateway'] },
  contact: { name: 'DPO', email: 'dpo@vendor.example' },
  channels: ['email', 'sms'],
};

const tenant = (externalId: string, locale: 'pl' | 'nl', n: number): AffectedTenantPage['tenants'][number] => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  externalId,
  name: `Tenant ${externalId}`,
  locale,
  timezone: 'Europe/Warsaw',
  country: 'PL',
  regimes: externalId === 'nl-one' ? ['gdpr', 'nis2'] : null,
  noticeDeadlineHours: externalId === 'nl-one' ? 4 : null,
  facts: { systems: ['sms-gateway'], subProcessors: [], dataCategories: ['phone_number'], dataSubjects: 10, subjectCategories: [], dataSubjectsByGroup: [{ subjectCategories: [], dataSubjects: 10 }], records: 20, periodFrom: null, periodTo: null, matchedBy: 'scope' },
  contacts: [{ id: `c-${externalId}`, tenantId: externalId, role: 'dpo', name: null, email: `dpo@${externalId}.example`, phone: '+48501000001', webhook: null, priority: 1, locale: null }],
});

/** A renderer whose SMS fails while `brokenSms` is set, as one would for an alert that cannot fit two segments. */
class FakeRenderer implements Pick<NoticeRenderer, 'render' | 'renderEmail' | 'renderSms'> {
  brokenSms = true;
  rendered: NoticeView[] = [];

  render(view: NoticeView, target: RenderTarget): RenderedContent {
    if (target.format === 'email') return this.renderEmail(view);
    return { subject: null, text: this.renderSms(view).text, html: null };
  }

  renderEmail(view: NoticeView): RenderedEmail {
    this.rendered.push(view);
    return { subject: `[${view.incident.reference}]`, text: 'text', html: '<p>html</p>' };
  }

  renderSms(view: NoticeView): RenderedSms {
    this.rendered.push(view);
    if (this.brokenSms) throw new TemplateRenderError(`Template "initial.sms.${view.locale}": the SMS needs 3 GSM-7 segments (at most 2 allowed)`, `initial.sms.${view.locale}`, 'sms length');
    return { text: `${view.incident.reference} alert`, encoding: 'GSM-7', segments: 1 };
  }
}

/** The incident as its repository holds it: the current version's row, and whether dispatch started. */
class FakeIncidents implements Pick<IncidentRepository, 'lockIncident' | 'findCurrentVersion' | 'startDispatch'> {
  status = 'approved';
  version = 1;
  started: { manager: EntityManager; versionId: string }[] = [];

  async lockIncident(id: string): Promise<boolean> {
    return id === INCIDENT_ID;
  }

  async findCurrentVersion(id: string): Promise<Record<string, unknown> | undefined> {
    if (id !== INCIDENT_ID) return undefined;
    return { id: 'version-1', incident_id: INCIDENT_ID, version: this.version, status: this.status, body, change_summary: null, created_by: 'key-a', incident_closed_at: null };
  }

  async startDispatch(manager: EntityManager, versionId: string): Promise<void> {
    this.started.push({ manager, versionId });
    this.status = 'dispatching';
  }
}

/** The channel catalog as the registry answers it: email to the contact's email, SMS to its phone. */
const channels: ChannelCatalog = {
  addressField: (channel) => (channel === 'sms' ? 'phone' : 'email'),
  addressOf: (channel, contact) => contact[channel === 'sms' ? 'phone' : 'email'],
  maskAddress: (_channel, to) => to,
  renderTarget: (channel) => (channel === 'sms' ? { format: 'segmented', part: 'sms', maxSegments: 2 } : { format: 'email', part: 'email' }),
  refusal: async () => null,
  ratePerSec: () => 0,
};

describe(PreviewService.name, () => {
  let sut: PreviewService;
  let incidents: IncidentsService;
  let repository: FakeIncidents;
  /** Tenants told in an earlier version (their notices of this one are updates). */
  let toldBefore: Set<string>;
  const manager = { name: 'the transaction' } as unknown as EntityManager;
  let renderer: FakeRenderer;
  let fanouts: FanoutJob[];
  const actor: Principal = { id: 'key-b', name: 'dispatcher', role: 'admin' } as Principal;

  beforeEach(() => {
    repository = new FakeIncidents();
    toldBefore = new Set();
    const history: Pick<TenantHistoryRepository, 'toldBefore'> = { toldBefore: async (_incident, _version, tenantId) => toldBefore.has(tenantId) };
    const dataSource: Pick<DataSource, 'transaction'> = { transaction: ((work: (m: EntityManager) => Promise<unknown>) => work(manager)) as DataSource['transaction'] };
    renderer = new FakeRenderer();
    fanouts = [];
    const page: AffectedTenantPage = { tenants: [tenant('pl-one', 'pl', 1), tenant('nl-one', 'nl', 2), tenant('pl-two', 'pl', 3)], last: 'x' };
    const affected: Pick<AffectedTenantsRepository, 'page' | 'count' | 'plannedCounts' | 'readersByLocale'> = {
      page: async () => page,
      count: async () => page.tenants.length,
      plannedCounts: async () => Object.fromEntries(CHANNELS.map((c) => [c, 2])) as Record<Channel, number>,
      readersByLocale: async () => [
        { locale: 'pl', tenants: 2 },
        { locale: 'nl', tenants: 1 },
      ],
    };
    const tokens: Pick<AckTokensService, 'token' | 'url' | 'redactedUrl'> = {
      token: async (_incident, version, tenantId) => `tok-${version}-${tenantId.slice(-4)}`,
      url: (token) => `https://notify.vendor.example/ack/${token}`,
      redactedUrl: () => 'https://notify.vendor.example/ack/(redacted-tenant-link)',
    };
    const audit: Pick<AuditService, 'append'> = { append: async () => ({}) as Awaited<ReturnType<AuditService['append']>> };
    const queue: Pick<QueueProducer, 'enqueueFanout'> = {
      enqueueFanout: async (job) => {
        fanouts.push(job);
      },
    };
    const keys: Pick<ApiKeysService, 'ownerOf'> = { ownerOf: async () => null };
    const config = loadConfig({});
    incidents = new IncidentsService(
      dataSource as DataSource,
      config,
      audit as AuditService,
      affected as AffectedTenantsRepository,
      queue as QueueProducer,
      repository as unknown as IncidentRepository,
      keys as ApiKeysService,
    );
    sut = new PreviewService(
      history as TenantHistoryRepository,
      incidents,
      affected as AffectedTenantsRepository,
      new NoticeComposer(config, renderer as unknown as NoticeRenderer),
      tokens as AckTokensService,
      channels,
    );
    sut.onModuleInit();
  });

  it('lists render errors in the preview, per tenant and channel', async () => {
    const preview = await sut.preview(INCIDENT_ID, 5);
    expect(preview.renderErrors).toEqual([
      { tenant: 'pl-one', channel: 'sms', message: expect.stringContaining('at most 2 allowed') },
      { tenant: 'nl-one', channel: 'sms', message: expect.stringContaining('at most 2 allowed') },
      { tenant: 'pl-two', channel: 'sms', message: expect.stringContaining('at most 2 allowed') },
    ]);
  });

  it('refuses dispatch with a conflict listing the render errors, and changes nothing', async () => {
    const refused = incidents.dispatch(INCIDENT_ID, actor);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ details: { renderErrors: [{ tenant: 'pl-one', channel: 'sms' }, { tenant: 'nl-one', channel: 'sms' }] } });
    expect(repository.started).toEqual([]);
    expect(fanouts).toEqual([]);
  });

  it('dispatches once the notices render', async () => {
    await expect(incidents.dispatch(INCIDENT_ID, actor)).rejects.toBeInstanceOf(ConflictError);
    renderer.brokenSms = false;
    await expect(incidents.dispatch(INCIDENT_ID, actor)).resolves.toEqual({ id: INCIDENT_ID, version: 1, status: 'dispatching' });
    expect(repository.started).toEqual([{ manager, versionId: 'version-1' }]);
    expect(fanouts).toEqual([{ incidentId: INCIDENT_ID, version: 1 }]);
  });

  it('lists the language gaps of every locale read, with the tenants reading it', async () => {
    const preview = await sut.preview(INCIDENT_ID, 5);
    expect(preview.languageGaps).toEqual([
      { locale: 'pl', fields: ['title', 'contact.name'], tenants: 2 },
      { locale: 'nl', fields: ['title', 'contact.name'], tenants: 1 },
    ]);
  });

  it('previews every notice with the acknowledgement link redacted', async () => {
    await sut.preview(INCIDENT_ID, 5);
    expect(renderer.rendered.length).toBeGreaterThan(0);
    for (const view of renderer.rendered) expect(view.ackUrl).toBe('https://notify.vendor.example/ack/(redacted-tenant-link)');
  });

  it("previews each tenant's own deadlines and notice deadline", async () => {
    await sut.preview(INCIDENT_ID, 5);
    const byTenant = new Map(renderer.rendered.map((view) => [view.tenant.externalId, view]));
    expect(byTenant.get('nl-one')).toMatchObject({ regimes: ['gdpr', 'nis2'], noticeDueAt: '2023-04-19T18:00:00.000Z' });
    expect(byTenant.get('nl-one')!.deadlines.map((d) => d.obligation)).toEqual(['authority', 'early_warning', 'incident_notification', 'final_report']);
    expect(byTenant.get('pl-one')).toMatchObject({ regimes: ['gdpr'], noticeDueAt: '2023-04-20T14:00:00.000Z' });
    expect(byTenant.get('pl-one')!.deadlines).toEqual([expect.objectContaining({ obligation: 'authority', fromAwareness: '2023-04-22T14:00:00.000Z' })]);
  });

  it('checks one notice per language in use, with the link that will be sent', async () => {
    renderer.brokenSms = false;
    await expect(incidents.dispatch(INCIDENT_ID, actor)).resolves.toMatchObject({ status: 'dispatching' });
    expect(renderer.rendered.map((v) => `${v.locale}:${v.kind}`)).toEqual(['pl:initial', 'pl:initial', 'nl:initial', 'nl:initial']);
    expect(renderer.rendered[0].ackUrl).toBe('https://notify.vendor.example/ack/tok-1-0001');
  });

  it('checks updates and first notices apart when a version reaches both', async () => {
    renderer.brokenSms = false;
    repository.version = 2;
    toldBefore.add('00000000-0000-4000-8000-000000000001');
    await expect(incidents.dispatch(INCIDENT_ID, actor)).resolves.toMatchObject({ status: 'dispatching' });
    expect(renderer.rendered.map((v) => `${v.locale}:${v.kind}`)).toEqual(['pl:update', 'pl:update', 'nl:initial', 'nl:initial', 'pl:initial', 'pl:initial']);
  });
});

describe(awareAtProblems.name, () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it('allows the past, now and up to 5 minutes of clock skew, in any zone', () => {
    for (const awareAt of ['2023-04-19T14:00:00Z', '2026-12-01T12:00:00Z', '2026-12-01T12:05:00Z', '2026-12-01T14:05:00+02:00']) {
      expect(awareAtProblems(awareAt, [], now)).toEqual([]);
    }
  });

  it('refuses a time further ahead, naming awareAt', () => {
    for (const awareAt of ['2026-12-01T12:05:01Z', '2026-12-01T14:10:00+02:00', '2030-01-01T00:00:00Z']) {
      expect(awareAtProblems(awareAt, [], now)).toEqual([{ field: 'awareAt', message: expect.stringContaining('future') }]);
    }
  });

  it('adds nothing to a time already refused as malformed, or to none', () => {
    expect(awareAtProblems('2030-01-01T00:00:00', [{ field: 'awareAt', message: 'awareAt must be ISO 8601 with a zone' }], now)).toEqual([]);
    expect(awareAtProblems(undefined, [], now)).toEqual([]);
  });
});
