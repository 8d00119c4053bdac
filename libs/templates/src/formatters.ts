import { LABELS, LocaleLabels, fill } from './labels';
import { DataCategory, Locale, Nature, isLocale } from '@app/kernel';

/** Labels of a locale, falling back to English for anything that is not one of LOCALES. */
export function labelsFor(locale: string): LocaleLabels {
  return isLocale(locale) ? LABELS[locale] : LABELS.en;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Intl formatters are costly to build: one per locale, zone and shape, kept for the process. */
function dateTimeFormat(locale: string, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(labelsFor(locale).intl, {
      timeZone: isValidTimeZone(timeZone) ? timeZone : 'UTC',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : {}),
    });
    dateFormats.set(key, format);
  }
  return format;
}

function toDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${JSON.stringify(value)}`);
  return date;
}

/**
 * A point in time in the reader's zone and language, with the zone abbreviation or offset,
 * e.g. `22 kwietnia 2023 16:00 CEST`, `22 April 2023 at 16:00 CEST`, `22 avril 2023 à 16:00 UTC+2`.
 * An unknown IANA zone falls back to UTC (and says so).
 */
export function formatDateTime(iso: string, locale: Locale | string, timeZone: string): string {
  return dateTimeFormat(locale, timeZone, true).format(toDate(iso));
}

/**
 * A calendar day. A bare `YYYY-MM-DD` is that day wherever the reader is; a full timestamp is the
 * day it falls on in `timeZone`.
 */
export function formatDate(value: string, locale: Locale | string, timeZone: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return dateTimeFormat(locale, dateOnly ? 'UTC' : timeZone, false).format(toDate(dateOnly ? `${value}T00:00:00Z` : value));
}

/** A count in the reader's conventions: 120,000 (en), 120 000 (pl, fr), 120.000 (nl, es, de). */
export function formatNumber(value: number, locale: Locale | string): string {
  const intl = labelsFor(locale).intl;
  let format = numberFormats.get(intl);
  if (!format) {
    format = new Intl.NumberFormat(intl, { maximumFractionDigits: 0 });
    numberFormats.set(intl, format);
  }
  return format.format(value);
}

export function dataCategoryLabel(category: DataCategory, locale: Locale | string): string {
  return labelsFor(locale).dataCategories[category] ?? category;
}

export function natureLabel(nature: Nature, locale: Locale | string): string {
  return labelsFor(locale).natures[nature] ?? nature;
}

/** Joins labels for running text; the list is short and the order is the incident's. */
export function formatList(items: readonly string[], locale: Locale | string): string {
  return items.length === 0 ? labelsFor(locale).none : items.join(', ');
}

export interface PhaseInput {
  kind: 'initial' | 'update' | 'withdrawn';
  updateNumber: number;
  final: boolean;
}

/** initial notice / update 2 / final update (update 3) / withdrawal, in the reader's language. */
export function phaseLabel(phase: PhaseInput, locale: Locale | string): string {
  const labels = labelsFor(locale).phase;
  if (phase.kind === 'withdrawn') return labels.withdrawn;
  if (phase.kind === 'initial') return phase.final ? labels.initialFinal : labels.initial;
  return fill(phase.final ? labels.final : labels.update, { n: phase.updateNumber });
}

/** The marker a null field shows: "pending — expected with the next update (<when>)". */
export function pendingLabel(nextUpdateAt: string | null, locale: Locale | string, timeZone: string): string {
  const labels = labelsFor(locale);
  const when = nextUpdateAt ? formatDateTime(nextUpdateAt, locale, timeZone) : labels.asSoonAsKnown;
  return fill(labels.pending, { when });
}

/** Everything above in one object, for callers that want to format like the notices do. */
export const formatters = {
  dateTime: formatDateTime,
  date: formatDate,
  number: formatNumber,
  list: formatList,
  dataCategory: dataCategoryLabel,
  nature: natureLabel,
  phase: phaseLabel,
  pending: pendingLabel,
  labels: labelsFor,
} as const;
