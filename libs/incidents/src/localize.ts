import { Locale } from '@app/templates';
import { LocalizedText } from '@app/kernel';

/** The text in the notice's locale, else English, else the first language given; null when absent. */
export function localize(text: LocalizedText | null | undefined, locale: Locale): string | null {
  if (text === null || text === undefined) return null;
  if (typeof text === 'string') return text;
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? null;
}
