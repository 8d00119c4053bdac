import { isLocale, Locale, LOCALES } from '@app/kernel';

/** The text fields of an incident body a notice shows, as dotted paths (`systemNames.<system>` are added per system). */
export const GAP_TEXT_FIELDS = [
  'title',
  'description',
  'cause',
  'consequences',
  'measuresTaken',
  'measuresPlanned',
  'recommendedActions',
  'subjectActions',
  'service',
  'notAffected',
  'delayReason',
] as const;

/** Fields of one locale that its readers would see in another language. */
export interface LanguageGap {
  locale: Locale;
  /** Dotted paths, e.g. `description`, `contact.name`, `systemNames.sms-gateway`; empty when the locale has no gap. */
  fields: string[];
  /** Affected tenants with at least one contact of the first notice reading this locale. */
  tenants: number;
}

/** What the gap rule reads of a version: its stored body (read loosely) and its change summary. */
export interface GapSource {
  body: Record<string, unknown>;
  version: number;
  changeSummary?: unknown;
}

/** The language plain-string text of this body is written in: its `language`, else English. */
export function bodyLanguage(body: Record<string, unknown>): Locale {
  return isLocale(body.language) ? body.language : 'en';
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/**
 * Whether a reader of `locale` would see this text in another language. A plain string is written in
 * `language`; a map by locale has the reader's own text or not. Missing, null or empty text is no gap
 * (the notice shows it as pending).
 */
export function isGap(text: unknown, locale: Locale, language: Locale): boolean {
  if (text === null || text === undefined) return false;
  if (typeof text === 'string') return isText(text) && locale !== language;
  if (typeof text !== 'object' || Array.isArray(text)) return false;
  const values = Object.values(text as Record<string, unknown>);
  if (!values.some(isText)) return false;
  return !isText((text as Record<string, unknown>)[locale]);
}

const objectOf = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The text fields of a version that a reader of `locale` would see in another language, in a fixed
 * order: the fields of GAP_TEXT_FIELDS, `changeSummary` (versions after the first), `contact.name`,
 * `contact.availability`, then `systemNames.<system>` by system.
 */
export function languageGapFields(source: GapSource, locale: Locale): string[] {
  const body = source.body;
  const language = bodyLanguage(body);
  const gap = (text: unknown) => isGap(text, locale, language);
  const fields: string[] = GAP_TEXT_FIELDS.filter((field) => gap(body[field]));
  if (source.version > 1 && gap(source.changeSummary)) fields.push('changeSummary');
  const contact = objectOf(body.contact);
  for (const field of ['name', 'availability']) if (gap(contact[field])) fields.push(`contact.${field}`);
  const systemNames = objectOf(body.systemNames);
  for (const system of Object.keys(systemNames).sort()) if (gap(systemNames[system])) fields.push(`systemNames.${system}`);
  return fields;
}

/** The locales that would have a gap if any tenant read them (no query needed when this is empty). */
export function localesWithGaps(source: GapSource): Locale[] {
  return LOCALES.filter((locale) => languageGapFields(source, locale).length > 0);
}
