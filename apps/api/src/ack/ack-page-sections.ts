import { FilingField, FilingFieldName, LocalizedAckSummary } from '@app/ack';
import { inVocabularyOrder } from '@app/notices';
import { Regime } from '@app/regimes';
import { Locale, Nature } from '@app/templates';
import { dataCategoryLabel, formatDateTime, formatList, formatNumber, LABELS, natureLabel } from '@app/wording';
import { FILING_LABELS } from './ack-filing-labels';
import { ACK_PAGE_LABELS } from './ack-page-labels';

/** One onward deadline as the page lists it: what, by when in the tenant's zone, on which basis. */
export interface DeadlineRow {
  what: string;
  due: string;
  basis: string;
  note: string | null;
}

/** One of the tenant's reports: its fields, each with its value or what is missing. */
export interface FilingBlock {
  title: string;
  basis: string;
  rows: { label: string; value: string; pending: boolean }[];
}

/** Fields only the tenant can give: its DPO, its own measures and its own assessments. */
const THE_TENANTS_OWN: ReadonlySet<FilingFieldName> = new Set(['contactPoint', 'controllerMeasures', 'classificationCriteria', 'crossBorderImpact']);
const TIMES: ReadonlySet<FilingFieldName> = new Set(['occurredFrom', 'occurredTo', 'detectedAt']);

/** The tenant's deadlines in its zone and language, in the order of the obligations table. */
export function deadlineRows(summary: LocalizedAckSummary): DeadlineRow[] {
  const { locale, timeZone } = summary;
  const words = FILING_LABELS[locale];
  return summary.deadlines.map((d) => ({
    what: `${words.regimes[d.regime]} · ${words.obligations[d.obligation]}`,
    due: d.dueAt === null ? ACK_PAGE_LABELS[locale].asSoonAsPossible : formatDateTime(d.dueAt, locale, timeZone),
    basis: d.basis,
    note: d.note === 'dora_classification' ? words.doraClassification : null,
  }));
}

/** A field's value as the reader reads it: categories and natures by name, counts, yes or no, times in the tenant's zone. */
function valueText(field: FilingField, locale: Locale, timeZone: string): string {
  const { name, value } = field;
  if (value === null) return THE_TENANTS_OWN.has(name) ? ACK_PAGE_LABELS[locale].pendingYours : ACK_PAGE_LABELS[locale].pendingUnknown;
  if (typeof value === 'boolean') return value ? ACK_PAGE_LABELS[locale].yes : ACK_PAGE_LABELS[locale].no;
  if (typeof value === 'number') return formatNumber(value, locale);
  if (Array.isArray(value)) {
    const names =
      name === 'dataCategories'
        ? inVocabularyOrder(value).map((c) => dataCategoryLabel(c, locale))
        : name === 'subjectCategories'
          ? value.map((c) => LABELS[locale].subjectCategories[c as keyof (typeof LABELS)['en']['subjectCategories']] ?? c)
          : name === 'nature'
            ? value.map((n) => natureLabel(n as Nature, locale))
            : value;
    return formatList(names, locale);
  }
  return TIMES.has(name) ? formatDateTime(value, locale, timeZone) : value;
}

/** Each of the tenant's reports, its fields prefilled from the notice and what is still missing marked. */
export function filingBlocks(summary: LocalizedAckSummary): FilingBlock[] {
  const { locale, timeZone } = summary;
  const words = FILING_LABELS[locale];
  return summary.filing.map((filing) => ({
    title: `${words.regimes[filing.regime]}: ${words.reports[filing.regime]}`,
    basis: filing.basis,
    rows: filing.fields.map((field) => ({ label: words.fields[field.name], value: valueText(field, locale, timeZone), pending: field.pending })),
  }));
}

/** The article on informing data subjects that applies to the tenant, as the notices cite it. */
export function subjectsArticle(regimes: readonly Regime[], locale: Locale): string {
  const law = regimes.includes('gdpr') ? 'gdpr' : regimes.includes('uk_gdpr') ? 'uk_gdpr' : regimes.includes('ch_fadp') ? 'ch_fadp' : 'gdpr';
  return LABELS[locale].law[law].subjects;
}
