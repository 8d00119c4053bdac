import { Locale, NoticeView, RenderedEmail } from '@app/templates';
import { SubjectNotice, SubjectNoticeRenderer } from '@app/drafts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { LocalizedText, NotFoundError } from '@app/kernel';
import { IncidentBody, localize } from '@app/incidents';
import { TenantFacts } from '@app/scope';
import { AckTokensService } from './ack-tokens.service';
import { AckRepository } from './ack.repository';
import { OwnFiling, ownFiling } from './own-filing';
import { CsafDocument, csafDocument, csafFileName } from '@app/csaf';

export interface AckSummary {
  reference: string;
  title: string | null;
  version: number;
  kind: 'initial' | 'update' | 'withdrawn';
  final: boolean;
  tenant: { externalId: string; name: string };
  vendor: { name: string; contact: IncidentBody['contact'] };
  acknowledgedAt: string | null;
  /** Art. 33(3) GDPR, as this tenant's own filing needs it. */
  art33: {
    a_nature: {
      nature: string[];
      description: string | null;
      cause: string | null;
      dataCategories: string[];
      approximateDataSubjects: number;
      approximateRecords: number;
      systems: string[];
      subProcessors: string[];
      period: { from: string | null; to: string | null };
    };
    b_contactPoint: IncidentBody['contact'];
    c_likelyConsequences: string | null;
    d_measures: { taken: string | null; planned: string | null; recommendedForController: string | null; recommendedForDataSubjects: string | null };
  };
  timeline: { awareAt: string; occurredFrom: string | null; occurredTo: string | null; deadlineAt: string; nextUpdateAt: string | null };
}

/**
 * The summary in the notice's language and zone, with what the tenant needs for its own filings and its own
 * people: regimes, authority, deadlines, the fields of each report and a draft of its notice to its data subjects.
 */
export type LocalizedAckSummary = AckSummary & OwnFiling & { locale: Locale; timeZone: string };

/**
 * What the ack page needs of the notice composer (`NoticeComposer` of notices, which sits above this lib):
 * `NoticesModule` registers it with `AckService.useComposer` when it starts.
 */
export interface AckComposer {
  compose(input: {
    version: { body: IncidentBody; version: number; changeSummary: unknown; kind: NoticeView['kind'] };
    tenant: {
      name: string;
      externalId: string;
      timezone: string;
      country?: string | null;
      regimes?: string[] | null;
      noticeDeadlineHours?: number | null;
      locale?: string | null;
      facts: TenantFacts | null;
    };
    contact: { name: string | null; role: string; locale?: string | null };
    ackUrl: string;
    issuedAt?: string | Date;
  }): NoticeView;
  renderEmail(view: NoticeView): RenderedEmail;
}

const UNGUESSABLE = /^[A-Za-z0-9_-]{22}$/;

@Injectable()
export class AckService {
  private noticeComposer: AckComposer | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly tokens: AckTokensService,
    private readonly repository: AckRepository,
    private readonly subjectNotices: SubjectNoticeRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  useComposer(composer: AckComposer): void {
    this.noticeComposer = composer;
  }

  private get composer(): AckComposer {
    if (!this.noticeComposer) throw new Error('No notice composer is registered: import NoticesModule where the ack page is served');
    return this.noticeComposer;
  }

  private async load(token: string) {
    if (!UNGUESSABLE.test(token)) throw new NotFoundError('This acknowledgement link is not valid');
    const row = await this.repository.findByTokenHash(AckTokensService.hash(token));
    if (!row) throw new NotFoundError('This acknowledgement link is not valid');
    return row;
  }

  /** Read only: mail scanners open links, so a GET never records anything. */
  async summary(token: string, locale?: string): Promise<LocalizedAckSummary> {
    const row = await this.load(token);
    return this.summarize(this.view(row, token, locale), row);
  }

  /** The summary and the notice itself, rendered as the tenant's email in its (or the asked) language. Read only. */
  async notice(token: string, locale?: string): Promise<{ summary: LocalizedAckSummary; email: RenderedEmail }> {
    const row = await this.load(token);
    const view = this.view(row, token, locale);
    return { summary: this.summarize(view, row), email: this.composer.renderEmail(view) };
  }

  /** The draft of the tenant's own notice to its data subjects, in the asked language, else the tenant's; null for a withdrawal. Read only. */
  async subjectNotice(token: string, locale?: string): Promise<{ reference: string; locale: Locale; notice: SubjectNotice | null }> {
    const row = await this.load(token);
    const view = this.view(row, token, locale);
    return { reference: view.incident.reference, locale: view.locale, notice: view.kind === 'withdrawn' ? null : this.subjectNotices.render(view) };
  }

  /**
   * The notice as a CSAF 2.0 document (TLP:AMBER) in the asked language, else the notice's, with one revision per
   * version of the incident up to this one, and the file name CSAF derives from its tracking id. Read only.
   */
  async csaf(token: string, locale?: string): Promise<{ fileName: string; document: CsafDocument }> {
    const row = await this.load(token);
    const view = this.view(row, token, locale);
    const earlier = await this.repository.earlierVersions(row.incident_id, row.tenant_id, row.version);
    const document = csafDocument({
      view,
      closed: row.incident_closed_at !== null,
      namespace: this.config.publicBaseUrl,
      earlier: earlier.map((v) => ({
        version: v.version,
        kind: v.kind,
        final: v.body.final === true,
        changeSummary: localize(v.change_summary as LocalizedText | null, view.locale, (v.body.language as string | undefined) ?? 'en'),
        issuedAt: new Date(v.issued_at).toISOString(),
      })),
    });
    return { fileName: csafFileName(document.document.tracking.id), document };
  }

  private summarize(view: NoticeView, row: Record<string, any>): LocalizedAckSummary {
    return ackSummary(view, { body: row.body, facts: row.facts, acknowledgedAt: row.acknowledged_at, regimes: row.regimes, country: row.country }, this.subjectNotices);
  }

  /** The tenant's notice of this version as its DPO reads it, in the asked language, else the tenant's. */
  private view(row: Record<string, any>, token: string, locale?: string): NoticeView {
    return this.composer.compose({
      version: { body: row.body as IncidentBody, version: row.version, changeSummary: row.change_summary, kind: row.kind },
      tenant: {
        name: row.name,
        externalId: row.external_id,
        timezone: row.timezone,
        country: row.country,
        regimes: row.regimes,
        noticeDeadlineHours: row.notice_deadline_hours,
        locale: row.locale,
        facts: row.facts,
      },
      contact: { name: null, role: 'dpo', locale },
      ackUrl: this.tokens.url(token),
      issuedAt: row.first_sent_at ?? undefined,
    });
  }

  /** Records the acknowledgement once; a second POST changes nothing and reports the first time. */
  async acknowledge(token: string, from: { ip: string | null; userAgent: string | null }): Promise<{ acknowledgedAt: string; first: boolean }> {
    const row = await this.load(token);
    return this.dataSource.transaction(async (manager) => {
      const acknowledgedAt = await this.repository.markAcknowledged(manager, row.id, from.ip, from.userAgent?.slice(0, 500) ?? null);
      if (acknowledgedAt === null) {
        return { acknowledgedAt: new Date(await this.repository.acknowledgedAt(manager, row.id)).toISOString(), first: false };
      }
      await this.audit.append(manager, {
        actor: `tenant:${row.external_id}`,
        action: 'notice.acknowledged',
        subject: `incident:${row.incident_id}`,
        details: { version: row.version, tenant: row.external_id },
      });
      return { acknowledgedAt: new Date(acknowledgedAt).toISOString(), first: true };
    });
  }
}

/** What the summary reads as stored rather than off the composed notice (see `summarize`). */
export interface StoredNotice {
  body: IncidentBody;
  /** The tenant's facts of this version as stored on its affected-tenant row. */
  facts: TenantFacts | null;
  acknowledgedAt: string | Date | null;
  regimes: string[] | null;
  country: string | null;
}

/**
 * The data of `GET /ack/{token}.json` for a composed notice: the filing summary and the tenant's own filing.
 * The ack page and the webhook event (NoticeComposer's `event` render target) both read it from here.
 */
export function ackSummary(view: NoticeView, stored: StoredNotice, subjectNotices: Pick<SubjectNoticeRenderer, 'render'>): LocalizedAckSummary {
  const row = { body: stored.body, facts: stored.facts, acknowledged_at: stored.acknowledgedAt };
  return { ...summarize(view, row), ...ownFiling(view, { regimes: stored.regimes, country: stored.country }, (v) => subjectNotices.render(v)) };
}

/**
 * The filing summary of `GET /ack/{token}.json`, read off the notice the tenant got. A few values are shown
 * as the vendor stated them rather than as the notice prints them: the contact point as given, the
 * occurrence and next-update times as entered, data categories in the order the tenant's facts hold them.
 */
function summarize(view: NoticeView, row: Record<string, any>): AckSummary & { locale: Locale; timeZone: string } {
  const body = row.body as IncidentBody;
  const { incident, facts } = view;
  const stored = view.kind === 'withdrawn' ? {} : (row.facts ?? {});
  return {
    locale: view.locale,
    timeZone: view.timeZone,
    reference: incident.reference,
    title: incident.title,
    version: incident.version,
    kind: view.kind,
    final: view.final,
    tenant: { externalId: view.tenant.externalId, name: view.tenant.name },
    vendor: { name: view.vendor.name, contact: body.contact },
    acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at).toISOString() : null,
    art33: {
      a_nature: {
        nature: incident.nature,
        description: incident.description,
        cause: incident.cause,
        dataCategories: stored.dataCategories ?? [],
        approximateDataSubjects: facts.dataSubjects ?? 0,
        approximateRecords: facts.records ?? 0,
        // Each system by its readable name, by its identifier where the vendor gave none.
        systems: (facts.systems ?? []).map((name, i) => name ?? stored.systems?.[i] ?? ''),
        subProcessors: facts.subProcessors ?? [],
        period: { from: facts.periodFrom ?? null, to: facts.periodTo ?? null },
      },
      b_contactPoint: body.contact,
      c_likelyConsequences: incident.consequences,
      d_measures: {
        taken: incident.measuresTaken,
        planned: incident.measuresPlanned,
        recommendedForController: incident.recommendedActions,
        recommendedForDataSubjects: incident.subjectActions,
      },
    },
    timeline: {
      awareAt: incident.awareAt,
      occurredFrom: body.occurredFrom ?? null,
      occurredTo: body.occurredTo ?? null,
      deadlineAt: view.deadlineAt,
      nextUpdateAt: body.nextUpdateAt ?? null,
    },
  };
}
