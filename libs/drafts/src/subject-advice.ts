import * as fs from 'fs';
import * as path from 'path';
import { DATA_CATEGORIES, DataCategory, isLocale, Locale, LOCALES, SubjectCategory } from '@app/kernel';

/** The national help lines a draft may point to (see help-lines.ts for who runs them and where). */
export const HELP_LINE_IDS = [
  'authority',
  'cert_pl',
  'pesel',
  'fraudehelpdesk',
  'bsi',
  'cybermalveillance',
  'spam_33700',
  'incibe',
  'action_fraud',
  'safeonweb',
  'ncsc_ch',
] as const;
export type HelpLineId = (typeof HELP_LINE_IDS)[number];

/**
 * The words of a tenant's own notice to its data subjects (Art. 34) in one language, apart from the
 * prose of its template: what each data category is called in everyday speech and what people can do
 * about it, the salutation for each group of people, what each help line is for, and the bracketed
 * placeholders the tenant fills in. One JSON file per locale (`templates/advice/<locale>.json`).
 */
export interface SubjectNoticeWords {
  categories: Record<DataCategory, { label: string; advice: string }>;
  /** For one group of people; `generic` when there are several groups or none is known. */
  greeting: Record<SubjectCategory | 'generic', string>;
  help: Record<HelpLineId, string>;
  /** Where a country has several authorities (DE): named to the public, and to the controller itself. */
  authorityOfLand: { public: string; controller: string };
  placeholders: { contact: string; ourMeasures: string };
}

/** `templates/advice/` beside this file, in src (ts-jest) and in dist (copied by the build). */
export const ADVICE_DIR = path.join(__dirname, 'templates', 'advice');

export const SUBJECT_NOTICE_WORDS: Record<Locale, SubjectNoticeWords> = Object.fromEntries(
  LOCALES.map((locale) => [locale, JSON.parse(fs.readFileSync(path.join(ADVICE_DIR, `${locale}.json`), 'utf8')) as SubjectNoticeWords]),
) as Record<Locale, SubjectNoticeWords>;

export function subjectNoticeWords(locale: string): SubjectNoticeWords {
  return SUBJECT_NOTICE_WORDS[isLocale(locale) ? locale : 'en'];
}

export interface CategoryAdvice {
  category: DataCategory;
  /** The category as people call it, starting with a capital (a bullet's lead). */
  label: string;
  advice: string;
}

/** What people can do, one entry per data category concerned (in the vocabulary's order, each once), in the reader's language. */
export function adviceFor(categories: readonly DataCategory[], locale: string): CategoryAdvice[] {
  const words = subjectNoticeWords(locale);
  return DATA_CATEGORIES.filter((category) => categories.includes(category)).map((category) => ({
    category,
    label: capitalize(words.categories[category].label),
    advice: words.categories[category].advice,
  }));
}

export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
