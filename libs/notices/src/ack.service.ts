import { APP_CONFIG, AppConfig } from '@app/config';
import { isLocale, Locale, NoticeRenderer, RenderedEmail } from '@app/templates';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { NotFoundError } from '@app/kernel';
import { IncidentBody } from '@app/incidents';
import { localize } from '@app/incidents';
import { buildNoticeView } from './notice-view.builder';
import { AckTokensService } from './ack-tokens.service';
import { AckRepository } from './ack.repository';

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

export type LocalizedAckSummary = AckSummary & { locale: Locale; timeZone: string };

const UNGUESSABLE = /^[A-Za-z0-9_-]{22}$/;

@Injectable()
export class AckService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly renderer: NoticeRenderer,
    private readonly tokens: AckTokensService,
    private readonly repository: AckRepository,
  ) {}

  private async load(token: string) {
    if (!UNGUESSABLE.test(token)) throw new NotFoundError('This acknowledgement link is not valid');
    const row = await this.repository.findByTokenHash(AckTokensService.hash(token));
    if (!row) throw new NotFoundError('This acknowledgement link is not valid');
    return row;
  }

  /** Read only: mail scanners open links, so a GET never records anything. */
  async summary(token: string, locale?: string): Promise<LocalizedAckSummary> {
    return this.summarize(await this.load(token), locale);
  }

  /** The summary and the notice itself, rendered as the tenant's email in its (or the asked) language. Read only. */
  async notice(token: string, locale?: string): Promise<{ summary: LocalizedAckSummary; email: RenderedEmail }> {
    const row = await this.load(token);
    const summary = this.summarize(row, locale);
    const view = buildNoticeView(
      {
        body: row.body as IncidentBody,
        version: row.version,
        kind: row.kind,
        changeSummary: row.change_summary,
        facts: row.kind === 'withdrawn' ? null : row.facts,
        tenant: { name: row.name, externalId: row.external_id, timezone: row.timezone },
        recipient: { name: null, role: 'dpo' },
        locale: summary.locale,
        escalated: false,
        ackUrl: this.tokens.url(token),
      },
      this.config,
    );
    return { summary, email: this.renderer.renderEmail(view) };
  }

  private summarize(row: Record<string, any>, locale?: string): LocalizedAckSummary {
    const body = row.body as IncidentBody;
    const lang: Locale = isLocale(locale) ? locale : isLocale(row.locale) ? row.locale : 'en';
    const text = (v: unknown) => localize(v as never, lang);
    const facts = row.facts ?? {};
    return {
      locale: lang,
      timeZone: row.timezone,
      reference: body.reference,
      title: text(body.title),
      version: row.version,
      kind: row.kind,
      final: body.final === true,
      tenant: { externalId: row.external_id, name: row.name },
      vendor: { name: this.config.vendorName, contact: body.contact },
      acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at).toISOString() : null,
      art33: {
        a_nature: {
          nature: body.nature,
          description: text(body.description),
          cause: text(body.cause),
          dataCategories: facts.dataCategories ?? [],
          approximateDataSubjects: facts.dataSubjects ?? 0,
          approximateRecords: facts.records ?? 0,
          systems: facts.systems ?? [],
          subProcessors: facts.subProcessors ?? [],
          period: { from: facts.periodFrom ?? null, to: facts.periodTo ?? null },
        },
        b_contactPoint: body.contact,
        c_likelyConsequences: text(body.consequences),
        d_measures: {
          taken: text(body.measuresTaken),
          planned: text(body.measuresPlanned),
          recommendedForController: text(body.recommendedActions),
          recommendedForDataSubjects: text(body.subjectActions),
        },
      },
      timeline: {
        awareAt: new Date(body.awareAt).toISOString(),
        occurredFrom: body.occurredFrom ?? null,
        occurredTo: body.occurredTo ?? null,
        deadlineAt: new Date(Date.parse(body.awareAt) + 72 * 3600 * 1000).toISOString(),
        nextUpdateAt: body.nextUpdateAt ?? null,
      },
    };
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
