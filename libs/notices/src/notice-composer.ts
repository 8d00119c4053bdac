import { APP_CONFIG, AppConfig } from '@app/config';
import { DATA_CATEGORIES, DataCategory, isLocale, Locale, NoticeDeadline, NoticeRenderer, NoticeView, RenderedContent, RenderedEmail } from '@app/templates';
import { SubjectNoticeRenderer } from '@app/drafts';
import { ackSummary, LocalizedAckSummary, StoredNotice } from '@app/ack';
import type { RenderTarget } from '@app/kernel';
import { IncidentBody, localize } from '@app/incidents';
import { TenantFacts } from '@app/scope';
import { authorityDeadline, authorityFor, deadlinesFrom, effectiveRegimes, noticeDeadlineMs, OBLIGATIONS, Regime, REGIMES } from '@app/regimes';
import { Inject, Injectable, Optional } from '@nestjs/common';

type VendorConfig = Pick<AppConfig, 'vendorName' | 'vendorLegalName' | 'vendorAddress' | 'vendorRegistration' | 'noticeDeadlineDefaultMs'>;

/** The data of a notice's machine-readable event: `GET /ack/{token}.json` with the links to the notice and its CSAF document. */
export type NoticeEventData = LocalizedAckSummary & { ackUrl: string; csafUrl: string };

/** The incident version a notice tells of, and what it is to this tenant. */
export interface NoticeVersion {
  body: IncidentBody;
  version: number;
  changeSummary: unknown;
  kind: NoticeView['kind'];
}

/** The tenant told, with its own facts of this version (a withdrawn notice shows none, whatever is passed). */
export interface NoticeTenant {
  name: string;
  externalId: string;
  timezone: string;
  /** ISO 3166-1 alpha-2: picks the supervisory authority the notice names. */
  country?: string | null;
  /** The legal regimes the tenant is under; null, empty or none known: those of its country. */
  regimes?: readonly string[] | null;
  /** What the vendor's agreement promises: hours from awareAt to the first notice (else the configured default). */
  noticeDeadlineHours?: number | null;
  /** The tenant's language, used when the contact has none of its own. */
  locale?: string | null;
  facts: TenantFacts | null;
}

/** Who reads it. */
export interface NoticeContact {
  name: string | null;
  role: string;
  /** The contact's own language, if any. */
  locale?: string | null;
  /** This contact was sent a notice of an earlier version of the incident. */
  toldBefore?: boolean;
  /** This contact has an email notice of the same version. */
  emailAlso?: boolean;
}

export interface ComposeInput {
  version: NoticeVersion;
  tenant: NoticeTenant;
  contact: NoticeContact;
  /** The tenant's acknowledgement link, or its redacted stand-in wherever staff read the message. */
  ackUrl: string;
  /** Sent to an escalation contact because nobody acknowledged in time. */
  escalated?: boolean;
  /** When the notice is issued (sent); default now. */
  issuedAt?: string | Date;
}

/** Categories in the order of the contract's list (identity and contact data first, special categories last), whatever order the facts hold. */
export function inVocabularyOrder(categories: readonly string[]): DataCategory[] {
  const rank = (c: string) => (DATA_CATEGORIES as readonly string[]).indexOf(c);
  return [...categories].sort((a, b) => rank(a) - rank(b)) as DataCategory[];
}

/** The notice's language: the contact's, else the tenant's, else English. */
export function noticeLocale(contact: Pick<NoticeContact, 'locale'>, tenant: Pick<NoticeTenant, 'locale'>): Locale {
  return isLocale(contact.locale) ? contact.locale : isLocale(tenant.locale) ? tenant.locale : 'en';
}

/** The regimes whose deadlines a tenant is shown: those in effect for it (effectiveRegimes), in table order. */
export function tenantRegimes(tenant: Pick<NoticeTenant, 'regimes' | 'country'>): Regime[] {
  const inEffect = effectiveRegimes(tenant.regimes, tenant.country);
  return REGIMES.filter((regime) => inEffect.includes(regime));
}

/**
 * Each onward deadline of the regimes, counted from the vendor's awareness (the conservative reading) and
 * from the notice (when the controller became aware), with how long its rule gives.
 */
export function noticeDeadlines(regimes: readonly Regime[], awareAt: string, issuedAt: string): NoticeDeadline[] {
  const fromNotice = deadlinesFrom(issuedAt, regimes);
  return deadlinesFrom(awareAt, regimes).map((deadline, i) => {
    const rule = OBLIGATIONS.find((o) => o.regime === deadline.regime && o.obligation === deadline.obligation)!;
    return {
      regime: deadline.regime,
      obligation: deadline.obligation,
      basis: deadline.basis,
      hours: rule.hours,
      ...(rule.months ? { months: rule.months } : {}),
      ...(rule.after ? { after: rule.after } : {}),
      fromAwareness: deadline.dueAt,
      fromNotice: fromNotice[i].dueAt,
      ...(deadline.note ? { note: deadline.note } : {}),
    };
  });
}

const NO_FACTS: Omit<TenantFacts, 'matchedBy'> = { systems: [], subProcessors: [], dataCategories: [], dataSubjects: 0, subjectCategories: [], dataSubjectsByGroup: [], records: 0, periodFrom: null, periodTo: null };

const iso = (value: string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);

/**
 * The one place a notice is composed: preview, send and the tenant's ack page (and its JSON summary)
 * all build the NoticeView here and render it here, so what a preview shows is what is sent.
 * Pure apart from the renderer: the same input composes the same notice.
 */
@Injectable()
export class NoticeComposer {
  private readonly subjectNotices: SubjectNoticeRenderer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: VendorConfig,
    private readonly renderer: NoticeRenderer,
    @Optional() subjectNotices?: SubjectNoticeRenderer,
  ) {
    this.subjectNotices = subjectNotices ?? new SubjectNoticeRenderer();
  }

  /** Everything a notice shows, resolved for one tenant and one contact. */
  compose(input: ComposeInput): NoticeView {
    const { version, tenant, contact } = input;
    const body = version.body;
    const locale = noticeLocale(contact, tenant);
    const text = (value: unknown) => localize(value as never, locale, body.language ?? 'en');
    const facts = (version.kind === 'withdrawn' ? null : tenant.facts) ?? NO_FACTS;
    const point = body.contact;
    const authority = authorityFor(tenant.country);
    const awareMs = Date.parse(body.awareAt);
    const dueMs = noticeDeadlineMs(tenant, this.config.noticeDeadlineDefaultMs);
    const findings = body.findings ?? {};
    const issuedAt = new Date(input.issuedAt ?? Date.now()).toISOString();
    const regimes = tenantRegimes(tenant);
    return {
      kind: version.kind,
      updateNumber: version.version - 1,
      final: body.final === true,
      escalated: input.escalated === true,
      locale,
      timeZone: tenant.timezone,
      issuedAt,
      vendor: {
        name: this.config.vendorName,
        legalName: this.config.vendorLegalName,
        address: this.config.vendorAddress,
        registration: this.config.vendorRegistration,
      },
      contactPoint: {
        name: text(point.name) ?? '',
        email: point.email ?? null,
        phone: point.phone ?? null,
        availability: text(point.availability),
        dpo: point.dpo ? { name: point.dpo.name ?? null, email: point.dpo.email ?? null, phone: point.dpo.phone ?? null } : null,
      },
      tenant: { name: tenant.name, externalId: tenant.externalId, country: tenant.country ?? null },
      authority: authority && { name: authority.name, url: authority.url, law: authority.law, several: authority.several },
      recipient: { name: contact.name, role: contact.role, toldBefore: contact.toldBefore === true, emailAlso: contact.emailAlso === true },
      incident: {
        reference: body.reference,
        title: text(body.title) ?? body.reference,
        version: version.version,
        awareAt: new Date(body.awareAt).toISOString(),
        occurredFrom: iso(body.occurredFrom),
        occurredTo: iso(body.occurredTo),
        contained: body.containedAt ? true : (body.contained ?? null),
        containedAt: iso(body.containedAt),
        service: text(body.service),
        findings: {
          accessed: findings.accessed ?? null,
          exfiltrated: findings.exfiltrated ?? null,
          published: findings.published ?? null,
          misused: findings.misused ?? null,
        },
        encryption: body.encryption ?? null,
        notAffected: text(body.notAffected),
        ruledOutCategories: inVocabularyOrder(body.ruledOutCategories ?? []),
        notifications: body.notifications
          ? body.notifications.map((n) => ({ to: n.to, name: n.name, at: iso(n.at), reference: n.reference ?? null }))
          : null,
        delayReason: text(body.delayReason),
        nature: body.nature,
        source: body.source ?? null,
        cause: text(body.cause),
        description: text(body.description),
        consequences: text(body.consequences),
        measuresTaken: text(body.measuresTaken),
        measuresPlanned: text(body.measuresPlanned),
        recommendedActions: text(body.recommendedActions),
        subjectActions: text(body.subjectActions),
        changeSummary: version.version > 1 ? text(version.changeSummary) : null,
        nextUpdateAt: iso(body.nextUpdateAt),
      },
      facts: {
        // Readable names only: a system the vendor named no name for shows as pending, never as its identifier.
        systems: facts.systems.map((system) => text(body.systemNames?.[system])),
        subProcessors: facts.subProcessors,
        dataCategories: inVocabularyOrder(facts.dataCategories),
        dataSubjects: facts.dataSubjects,
        subjectCategories: facts.subjectCategories ?? [],
        dataSubjectsByGroup: facts.dataSubjectsByGroup ?? [],
        records: facts.records,
        periodFrom: facts.periodFrom,
        periodTo: facts.periodTo,
      },
      deadlineAt: authorityDeadline(body.awareAt),
      regimes,
      deadlines: noticeDeadlines(regimes, body.awareAt, issuedAt),
      noticeDueAt: new Date(awareMs + dueMs).toISOString(),
      ackUrl: input.ackUrl,
    };
  }

  /**
   * The message for a channel's render target, exactly as it goes out; a template or length problem is a
   * TemplateRenderError. The `event` target needs what the notice was composed from as stored (`stored`): its
   * text is the event's data as JSON (see `event`).
   */
  render(view: NoticeView, target: RenderTarget, stored?: StoredNotice): RenderedContent {
    if (target.format === 'event') {
      if (!stored) throw new Error('an event is rendered from the stored notice: pass it');
      return { subject: null, text: JSON.stringify(this.event(view, stored)), html: null };
    }
    return this.renderer.render(view, target);
  }

  /**
   * The facts of `GET /ack/{token}.json` for this notice, with its ack link and the CSAF document beside it
   * (`<ack link>.csaf.json`; a redacted link stays redacted).
   */
  event(view: NoticeView, stored: StoredNotice): NoticeEventData {
    return { ...ackSummary(view, stored, this.subjectNotices), ackUrl: view.ackUrl, csafUrl: `${view.ackUrl}.csaf.json` };
  }

  /** The notice as the tenant's email shows it (the ack page shows it so). */
  renderEmail(view: NoticeView): RenderedEmail {
    return this.renderer.renderEmail(view);
  }
}
