import { APP_CONFIG, AppConfig } from '@app/config';
import { DATA_CATEGORIES, DataCategory, isLocale, Locale, NoticeRenderer, NoticeView, RenderedContent, RenderedEmail } from '@app/templates';
import type { RenderTarget } from '@app/kernel';
import { IncidentBody, localize, TenantFacts } from '@app/incidents';
import { Inject, Injectable } from '@nestjs/common';
import { authorityDeadline } from './deadlines';

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
}

export interface ComposeInput {
  version: NoticeVersion;
  tenant: NoticeTenant;
  contact: NoticeContact;
  /** The tenant's acknowledgement link, or its redacted stand-in wherever staff read the message. */
  ackUrl: string;
  /** Sent to an escalation contact because nobody acknowledged in time. */
  escalated?: boolean;
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

const NO_FACTS: NoticeView['facts'] = { systems: [], subProcessors: [], dataCategories: [], dataSubjects: 0, records: 0, periodFrom: null, periodTo: null };

/**
 * The one place a notice is composed: preview, send and the tenant's ack page (and its JSON summary)
 * all build the NoticeView here and render it here, so what a preview shows is what is sent.
 * Pure apart from the renderer: the same input composes the same notice.
 */
@Injectable()
export class NoticeComposer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'vendorName'>,
    private readonly renderer: NoticeRenderer,
  ) {}

  /** Everything a notice shows, resolved for one tenant and one contact. */
  compose(input: ComposeInput): NoticeView {
    const { version, tenant, contact } = input;
    const body = version.body;
    const locale = noticeLocale(contact, tenant);
    const text = (value: unknown) => localize(value as never, locale);
    const facts = (version.kind === 'withdrawn' ? null : tenant.facts) ?? NO_FACTS;
    return {
      kind: version.kind,
      updateNumber: version.version - 1,
      final: body.final === true,
      escalated: input.escalated === true,
      locale,
      timeZone: tenant.timezone,
      vendor: { name: this.config.vendorName },
      contactPoint: { name: text(body.contact.name) ?? '', email: body.contact.email ?? null, phone: body.contact.phone ?? null },
      tenant: { name: tenant.name, externalId: tenant.externalId },
      recipient: { name: contact.name, role: contact.role },
      incident: {
        reference: body.reference,
        title: text(body.title) ?? body.reference,
        version: version.version,
        awareAt: new Date(body.awareAt).toISOString(),
        occurredFrom: body.occurredFrom ? new Date(body.occurredFrom).toISOString() : null,
        occurredTo: body.occurredTo ? new Date(body.occurredTo).toISOString() : null,
        contained: body.contained ?? null,
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
        nextUpdateAt: body.nextUpdateAt ? new Date(body.nextUpdateAt).toISOString() : null,
      },
      facts: {
        systems: facts.systems,
        subProcessors: facts.subProcessors,
        dataCategories: inVocabularyOrder(facts.dataCategories),
        dataSubjects: facts.dataSubjects,
        records: facts.records,
        periodFrom: facts.periodFrom,
        periodTo: facts.periodTo,
      },
      deadlineAt: authorityDeadline(body.awareAt),
      ackUrl: input.ackUrl,
    };
  }

  /** The message for a channel's render target, exactly as it goes out; a template or length problem is a TemplateRenderError. */
  render(view: NoticeView, target: RenderTarget): RenderedContent {
    return this.renderer.render(view, target);
  }

  /** The notice as the tenant's email shows it (the ack page shows it so). */
  renderEmail(view: NoticeView): RenderedEmail {
    return this.renderer.renderEmail(view);
  }
}
