import { LABELS, LocaleLabels, fill } from './labels';
import { DataCategory, Locale, Nature, isLocale } from '@app/kernel';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Labels of a locale, falling back to English for anything that is not one of LOCALES. */
export function labelsFor(locale: string): LocaleLabels {
  return isLocale(locale) ? LABELS[locale] : LABELS.en;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Most entries a memo below keeps; past it, it starts again empty (tenants' zones and an incident's instants are few). */
const MEMO_LIMIT = 10_000;
const zones = new Map<string, boolean>();
const memos = { dateTime: new Map<string, string>(), date: new Map<string, string>(), zoneName: new Map<string, string>(), phone: new Map<string, string>() };

/**
 * What a memo of a shown instant is keyed by: its minute, since a notice shows hours and minutes (and the zone then
 * in force), never seconds. So the `issuedAt` of every notice sent within one minute is formatted once. An instant
 * before 1970 (zones then changed on odd seconds, since then on whole minutes) or that does not parse keeps its own text as its key.
 */
function instantKey(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) || ms < 0 ? iso : `m${Math.floor(ms / 60_000)}`;
}

/** Answers a pure function's result from a bounded memo: a notice formats the incident's same few instants for each reader. */
function memo(cache: Map<string, string>, key: string, compute: () => string): string {
  let found = cache.get(key);
  if (found === undefined) {
    found = compute();
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, found);
  }
  return found;
}

/** Whether Intl knows the zone; asked once per zone (building a formatter to find out costs about 20 µs). */
function isValidTimeZone(timeZone: string): boolean {
  let valid = zones.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    if (zones.size >= MEMO_LIMIT) zones.clear();
    zones.set(timeZone, valid);
  }
  return valid;
}

/** Intl formatters are costly to build: one per language tag, zone and shape, kept for the process. */
function format(intl: string, timeZone: string, shape: 'day' | 'time' | 'zone' | 'zoneLong'): Intl.DateTimeFormat {
  const key = `${intl}|${timeZone}|${shape}`;
  let found = formats.get(key);
  if (!found) {
    const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
    const options: Intl.DateTimeFormatOptions =
      shape === 'day'
        ? { year: 'numeric', month: 'long', day: 'numeric' }
        : shape === 'time'
          ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
          : { year: 'numeric', timeZoneName: shape === 'zone' ? 'short' : 'long' };
    found = new Intl.DateTimeFormat(intl, { timeZone: zone, ...options });
    formats.set(key, found);
  }
  return found;
}

function toDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${JSON.stringify(value)}`);
  return date;
}

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** The day an instant falls on in `timeZone`, written with the locale's pattern (pl: `19 kwietnia 2023 r.`). */
function dayIn(date: Date, locale: Locale | string, timeZone: string): string {
  const labels = labelsFor(locale);
  const parts = format(labels.intl, timeZone, 'day').formatToParts(date);
  const day = part(parts, 'day');
  return fill(labels.date, { day: day === '1' && labels.firstDay ? labels.firstDay : day, month: part(parts, 'month'), year: part(parts, 'year') });
}

/**
 * The zone's abbreviation at that instant, as the language writes it (BST, CEST, MESZ). A language that names
 * zones by their offset (fr: `zoneOffsets`) gets the offset from UTC (UTC+2); another where its own data has no
 * abbreviation takes the English one (EDT), else the offset. One notice thus names a zone one way throughout.
 */
function zoneAbbreviation(date: Date, locale: Locale | string, timeZone: string): string {
  const offsetOnly = (name: string) => /^(GMT|UTC)[+\u2212-]/.test(name);
  const asUtc = (name: string) => name.replace(/^GMT(?=[+\u2212-])/, 'UTC');
  const labels = labelsFor(locale);
  const own = part(format(labels.intl, timeZone, 'zone').formatToParts(date), 'timeZoneName');
  if (!offsetOnly(own) || labels.zoneOffsets) return asUtc(own);
  for (const intl of ['en-GB', 'en-US']) {
    const name = part(format(intl, timeZone, 'zone').formatToParts(date), 'timeZoneName');
    if (name && !offsetOnly(name)) return name;
  }
  return asUtc(own);
}

/**
 * A point in time in the reader's zone and language, with UTC beside it:
 * `19 April 2023, 16:00 CEST (14:00 UTC)`, `19 kwietnia 2023 r., godz. 16:00 CEST (14:00 UTC)`.
 * In UTC itself, no second time. An unknown IANA zone falls back to UTC (and says so).
 */
export function formatDateTime(iso: string, locale: Locale | string, timeZone: string): string {
  return memo(memos.dateTime, `${instantKey(iso)}|${locale}|${timeZone}`, () => dateTimeOf(iso, locale, timeZone));
}

function dateTimeOf(iso: string, locale: Locale | string, timeZone: string): string {
  const labels = labelsFor(locale);
  const date = toDate(iso);
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const local = fill(labels.dateTime, {
    date: dayIn(date, locale, zone),
    time: format(labels.intl, zone, 'time').format(date),
    zone: zoneAbbreviation(date, locale, zone),
  });
  if (zone === 'UTC' || zone === 'Etc/UTC') return local;
  const utcTime = format(labels.intl, 'UTC', 'time').format(date);
  const sameDay = dayIn(date, locale, zone) === dayIn(date, locale, 'UTC');
  return sameDay
    ? fill(labels.utcBeside, { local, utc: utcTime })
    : fill(labels.utcBesideOtherDay, { local, utc: utcTime, utcDate: dayIn(date, locale, 'UTC') });
}

/**
 * A calendar day. A bare `YYYY-MM-DD` is that day wherever the reader is; a full timestamp is the
 * day it falls on in `timeZone`.
 */
export function formatDate(value: string, locale: Locale | string, timeZone: string): string {
  return memo(memos.date, `${value}|${locale}|${timeZone}`, () => dateOf(value, locale, timeZone));
}

function dateOf(value: string, locale: Locale | string, timeZone: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return dayIn(toDate(dateOnly ? `${value}T00:00:00Z` : value), locale, dateOnly || !isValidTimeZone(timeZone) ? 'UTC' : timeZone);
}

/**
 * The zone as a reader names it, for the instants a notice shows: its identifier, then the name and abbreviation
 * of each of its times that occur (summer or winter), first that of `at[0]`:
 * `Europe/Warsaw (Central European Summer Time, CEST)`; both when the instants fall on either side of a change.
 */
export function formatZoneName(timeZone: string, locale: Locale | string, at: string | readonly string[]): string {
  const instants = typeof at === 'string' ? instantKey(at) : at.map(instantKey).join(',');
  return memo(memos.zoneName, `${timeZone}|${locale}|${instants}`, () => zoneNameOf(timeZone, locale, at));
}

function zoneNameOf(timeZone: string, locale: Locale | string, at: string | readonly string[]): string {
  const labels = labelsFor(locale);
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const variants = new Map<string, string>();
  for (const iso of typeof at === 'string' ? [at] : at) {
    const date = toDate(iso);
    const abbreviation = zoneAbbreviation(date, locale, zone);
    if (variants.has(abbreviation)) continue;
    const name = part(format(labels.intl, zone, 'zoneLong').formatToParts(date), 'timeZoneName');
    variants.set(abbreviation, !name || /^(GMT|UTC)/.test(name) ? abbreviation : fill(labels.zoneVariant, { name, abbreviation }));
  }
  if (variants.size === 0) return 'UTC';
  return fill(labels.zoneName, { name: [...variants.values()].join('; '), id: zone });
}

/** A phone number grouped the way its country writes it, in international form (+48 22 123 45 67); anything else as given. */
export function formatPhone(value: string): string {
  return memo(memos.phone, value, () => {
    const parsed = parsePhoneNumberFromString(value.trim());
    return parsed?.isPossible() ? parsed.formatInternational() : value.trim();
  });
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

/** Everything above in one object, for callers that want to format like the notices do. */
export const formatters = {
  dateTime: formatDateTime,
  date: formatDate,
  number: formatNumber,
  phone: formatPhone,
  list: formatList,
  dataCategory: dataCategoryLabel,
  nature: natureLabel,
  phase: phaseLabel,
  zoneName: formatZoneName,
  labels: labelsFor,
} as const;
