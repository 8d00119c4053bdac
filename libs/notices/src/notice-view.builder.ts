import { AppConfig } from '@app/config';
import { DATA_CATEGORIES, DataCategory, Locale, NoticeView } from '@app/templates';
import { TenantFacts } from '@app/incidents';
import { IncidentBody } from '@app/incidents';
import { localize } from '@app/incidents';

export interface ViewInput {
  body: IncidentBody;
  version: number;
  kind: NoticeView['kind'];
  changeSummary: unknown;
  facts: TenantFacts | null;
  tenant: { name: string; externalId: string; timezone: string };
  recipient: { name: string | null; role: string };
  locale: Locale;
  escalated: boolean;
  ackUrl: string;
}

const HOURS_72 = 72 * 3600 * 1000;

/** Categories in the order of the contract's list (identity and contact data first, special categories last), whatever order the facts hold. */
export function inVocabularyOrder(categories: readonly string[]): DataCategory[] {
  const rank = (c: string) => (DATA_CATEGORIES as readonly string[]).indexOf(c);
  return [...categories].sort((a, b) => rank(a) - rank(b)) as DataCategory[];
}

/** Everything a notice shows, resolved for one tenant and one contact. Pure: the same input renders the same notice. */
export function buildNoticeView(input: ViewInput, config: Pick<AppConfig, 'vendorName'>): NoticeView {
  const { body, locale } = input;
  const text = (value: unknown) => localize(value as never, locale);
  const facts = input.facts ?? { systems: [], subProcessors: [], dataCategories: [], dataSubjects: 0, records: 0, periodFrom: null, periodTo: null };
  return {
    kind: input.kind,
    updateNumber: input.version - 1,
    final: body.final === true,
    escalated: input.escalated,
    locale,
    timeZone: input.tenant.timezone,
    vendor: { name: config.vendorName },
    contactPoint: { name: body.contact.name, email: body.contact.email ?? null, phone: body.contact.phone ?? null },
    tenant: { name: input.tenant.name, externalId: input.tenant.externalId },
    recipient: input.recipient,
    incident: {
      reference: body.reference,
      title: text(body.title) ?? body.reference,
      version: input.version,
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
      changeSummary: input.version > 1 ? text(input.changeSummary) : null,
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
    deadlineAt: new Date(new Date(body.awareAt).getTime() + HOURS_72).toISOString(),
    ackUrl: input.ackUrl,
  };
}
