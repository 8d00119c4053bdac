import * as path from 'path';
import { Injectable } from '@nestjs/common';
import { isLocale, Locale } from '@app/kernel';
import { normalizeText, NoticeView, TemplateRegistry, TemplateRenderError } from '@app/templates';
import { multiLine, singleLine } from '@app/wording';
import { formatDate, LABELS } from '@app/wording';
import { helpFor, HelpRow } from './help-lines';
import { adviceFor, CategoryAdvice, subjectNoticeWords } from './subject-advice';

/** A draft of the tenant's own message to its data subjects: an email subject and a plain-text body. */
export interface SubjectNotice {
  subject: string;
  text: string;
}

/**
 * What a subject-notice template sees: the tenant's facts in everyday words and the reader's date format.
 * Every key is always present (null when not known), so strict templates can test any of them.
 */
export interface SubjectNoticeModel {
  locale: Locale;
  greeting: string;
  tenantName: string;
  vendorName: string;
  /** The provider's service concerned, in the reader's language; null: not known. */
  service: string | null;
  /** Where it happened, as far as the notice says: at a company working for the provider, or in the provider's own systems. */
  atSubProcessor: boolean;
  inOwnSystems: boolean;
  /** The day the tenant was told (the notice was sent). */
  toldOn: string;
  /** When it happened: `sameDay` when it began and ended on one calendar day; `to` null while the end is not known. */
  occurred: { from: string; to: string | null; sameDay: boolean } | null;
  /** The tenant's data categories as people call them, joined as the language joins a list; null: none known. */
  categoryList: string | null;
  /** The period the tenant's data concerned covers (its exposure), as days. */
  dataFrom: string | null;
  dataTo: string | null;
  /** What is known to have happened to the data: the strongest finding only. */
  finding: { misused: boolean; published: boolean; copied: boolean; seen: boolean; misuseUnknown: boolean; nothingKnown: boolean };
  changed: boolean;
  unavailable: boolean;
  /** The day it was contained, or contained with no day, or still going on. */
  containedOn: string | null;
  contained: boolean;
  ongoing: boolean;
  /** What the provider says it did, as written for the tenant. */
  measuresTaken: string | null;
  /** Whom the provider reported the incident to (authority, police, CSIRT), joined; null: nobody yet or not known. */
  reportedTo: string | null;
  advice: CategoryAdvice[];
  help: HelpRow[];
  placeholders: { contact: string; ourMeasures: string };
}

/** `templates/subject-notice/`: `subject.<locale>.hbs` and `text.<locale>.hbs`, both plain text (no escaping), strict. */
export const SUBJECT_NOTICE_TEMPLATES_DIR = path.join(__dirname, 'templates', 'subject-notice');

const lists = new Map<string, Intl.ListFormat>();

/** `a, b and c` as the reader's language joins a list. */
function joinList(items: readonly string[], locale: Locale): string {
  const intl = LABELS[locale].intl;
  let format = lists.get(intl);
  if (!format) {
    format = new Intl.ListFormat(intl, { style: 'long', type: 'conjunction' });
    lists.set(intl, format);
  }
  return format.format(items);
}

/** The draft's model, from the notice the tenant got (its facts only, never another tenant's). */
export function subjectNoticeModel(view: NoticeView): SubjectNoticeModel {
  const locale: Locale = isLocale(view.locale) ? view.locale : 'en';
  const words = subjectNoticeWords(locale);
  const { incident, facts } = view;
  const day = (value: string | null) => (value ? formatDate(value, locale, view.timeZone) : null);
  const groups = facts.subjectCategories;
  const categories = facts.dataCategories;
  const findings = incident.findings;
  const misused = findings.misused === 'yes';
  const published = !misused && findings.published === 'yes';
  const copied = !misused && !published && findings.exfiltrated === 'yes';
  const seen = !misused && !published && !copied && findings.accessed === 'yes';
  const known = misused || published || copied || seen;
  const from = day(incident.occurredFrom);
  const to = day(incident.occurredTo);
  const reported = (incident.notifications ?? []).filter((n) => n.to !== 'other').map((n) => singleLine(n.name));
  return {
    locale,
    greeting: groups.length === 1 ? words.greeting[groups[0]] : words.greeting.generic,
    tenantName: singleLine(view.tenant.name),
    vendorName: singleLine(view.vendor.name),
    service: incident.service === null ? null : singleLine(incident.service),
    atSubProcessor: incident.source?.kind === 'sub_processor',
    inOwnSystems: incident.source?.kind === 'internal',
    toldOn: day(view.issuedAt)!,
    occurred: from === null ? null : { from, to, sameDay: from === to },
    categoryList: categories.length ? joinList(adviceFor(categories, locale).map((a) => words.categories[a.category].label), locale) : null,
    dataFrom: day(facts.periodFrom),
    dataTo: day(facts.periodTo),
    finding: {
      misused,
      published,
      copied,
      seen,
      misuseUnknown: known && !misused && findings.misused !== 'no',
      nothingKnown: !known && Object.values(findings).some((value) => value !== 'no'),
    },
    changed: incident.nature.includes('integrity'),
    unavailable: incident.nature.includes('availability'),
    containedOn: day(incident.containedAt),
    contained: incident.contained === true,
    ongoing: incident.contained === false,
    measuresTaken: incident.measuresTaken === null ? null : multiLine(incident.measuresTaken).trim(),
    reportedTo: reported.length ? joinList(reported, locale) : null,
    advice: adviceFor(categories, locale),
    help: helpFor(view.tenant.country, view.authority, categories, locale),
    placeholders: words.placeholders,
  };
}

/**
 * Renders the draft of a tenant's own notice to its data subjects from the notice it got, in the notice's
 * language. Templates are compiled once per process; rendering keeps no state.
 */
@Injectable()
export class SubjectNoticeRenderer {
  private readonly registry = TemplateRegistry.load(SUBJECT_NOTICE_TEMPLATES_DIR);

  render(view: NoticeView): SubjectNotice {
    const model = subjectNoticeModel(view);
    return {
      subject: singleLine(this.run(`subject.${model.locale}`, model)),
      text: normalizeText(this.run(`text.${model.locale}`, model)),
    };
  }

  private run(name: string, model: SubjectNoticeModel): string {
    const template = this.registry.get(name);
    if (!template) throw new TemplateRenderError(`Template "subject-notice/${name}" does not exist`, name, name);
    try {
      return template(model);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TemplateRenderError(`Template "subject-notice/${name}" failed: ${message}`, name);
    }
  }
}
