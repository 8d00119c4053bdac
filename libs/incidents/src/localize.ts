import { Locale } from '@app/templates';
import { LocalizedText } from '@app/kernel';

/**
 * The text a reader of `locale` sees: its own language, else the language the incident is written in
 * (`language`, the incident's `language` field), else English, else the first language given; null
 * when absent. A plain string is returned as it is: it is written in `language`.
 */
export function localize(text: LocalizedText | null | undefined, locale: Locale, language: Locale | string | null = 'en'): string | null {
  if (text === null || text === undefined) return null;
  if (typeof text === 'string') return text;
  return text[locale] ?? text[(language ?? 'en') as Locale] ?? text.en ?? Object.values(text)[0] ?? null;
}
