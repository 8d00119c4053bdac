import { LOCALES } from './vocabulary';
import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

function decorator(name: string, validate: (value: unknown, args: ValidationArguments) => boolean, message: string) {
  return (options?: ValidationOptions) => (object: object, propertyName: string) =>
    registerDecorator({ name, target: object.constructor, propertyName, options: { message, ...options }, validator: { validate } });
}

/** E.164 as written (`+` then digits, no spaces) and a number that exists in its country's plan. */
export function isE164(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\+[1-9]\d{6,14}$/.test(value)) return false;
  try {
    const phone = parsePhoneNumberWithError(value);
    return phone.isValid() && phone.number === value;
  } catch {
    return false;
  }
}

export const IsE164 = decorator('isE164', isE164, '$property must be a valid phone number in E.164 form, e.g. +48612345678');

/** Building an Intl.DateTimeFormat costs ~0.1 ms: a 100,000-tenant import asks about a few dozen zones 100,000 times. */
const knownZones = new Map<string, boolean>();

export const IsTimeZone = decorator(
  'isTimeZone',
  (value) => {
    if (typeof value !== 'string' || value.length > 64) return false;
    let known = knownZones.get(value);
    if (known === undefined) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: value });
        known = true;
      } catch {
        known = false;
      }
      if (knownZones.size < 10_000) knownZones.set(value, known);
    }
    return known;
  },
  '$property must be an IANA time zone, e.g. Europe/Warsaw',
);

/** A calendar date `YYYY-MM-DD` that exists, from year 1 (PostgreSQL has no year 0). */
export const IsDay = decorator(
  'isDay',
  (value) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  },
  '$property must be a date YYYY-MM-DD',
);

/**
 * ISO 8601 date-time with an explicit zone (`Z` or `+02:00`), years 1 to 9999 and offsets up to
 * 14 hours: what both JavaScript and PostgreSQL read the same way. Query parameters (`from`, `to`) too.
 */
export function isZonedDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-](\d{2}):([0-5]\d))$/.exec(value);
  return match !== null && match[1] !== '0000' && (match[5] === undefined || Number(match[5]) <= 14) && !Number.isNaN(Date.parse(value));
}

export const IsZonedDateTime = decorator('isZonedDateTime', isZonedDateTime, '$property must be an ISO 8601 date-time with a zone, e.g. 2023-04-19T14:00:00Z');

/** C0 controls but tab, line feed and carriage return; DEL; the C1 controls. PostgreSQL cannot even store NUL. */
const TEXT_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** In names and other one-line values: every control character, and the bidi embeddings, overrides and isolates that make a name read as another. */
const NAME_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** Half of a surrogate pair without the other half: no character at all, and PostgreSQL's jsonb refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Anything the checks below look at: most text has none of it, and one scan says so. */
const SUSPECT = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/;

/**
 * Why `value` cannot be stored as text, or null: an unpaired surrogate, or a control character. Multi-line text (descriptions and the other
 * localized texts) may hold tabs and line breaks; one-line values (names, identifiers, query
 * parameters) may not, nor bidi controls.
 */
export function controlCharacterProblem(field: string, value: string, multiline: boolean): string | null {
  if (!SUSPECT.test(value)) return null;
  const code = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const lone = LONE_SURROGATE.exec(value);
  if (lone) return `${field} must be valid Unicode text (found an unpaired surrogate ${code(lone[0])})`;
  const found = (multiline ? TEXT_CONTROLS : NAME_CONTROLS).exec(value);
  if (!found) return null;
  return multiline
    ? `${field} must not contain control characters other than tabs and line breaks (found ${code(found[0])})`
    : `${field} must not contain control characters, line breaks or bidirectional formatting characters (found ${code(found[0])})`;
}

/** The properties, by class, that hold multi-line text (every IsLocalizedText field). */
const MULTILINE = new Map<Function, Set<string>>();

/** Whether `key` of an object of class `owner` (or of a class it extends) holds multi-line text. */
export function isMultilineField(owner: Function | undefined, key: string): boolean {
  for (let c = owner; c && c !== Object; c = Object.getPrototypeOf(c)) {
    if (MULTILINE.get(c)?.has(key)) return true;
  }
  return false;
}

const MAX_TEXT = 20_000;
/** Names (a contact point, a system): one line, like every other name. */
export const MAX_NAME = 200;

/** A non-blank string of at most `max` characters, or a non-empty map from locale to such strings. */
export function isLocalizedValue(value: unknown, max = MAX_TEXT): boolean {
  const fits = (text: unknown) => typeof text === 'string' && text.trim().length > 0 && text.length <= max;
  if (typeof value === 'string') return fits(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([locale, text]) => (LOCALES as readonly string[]).includes(locale) && fits(text));
}

/** A string, or a map from locale to string (`{"en": "...", "pl": "..."}`); multi-line text. */
const isLocalizedText = decorator(
  'isLocalizedText',
  (value) => isLocalizedValue(value),
  `$property must be a non-empty string or an object mapping locales (${LOCALES.join(', ')}) to non-empty strings`,
);

export const localizedNameMessage = (field: string) =>
  `${field} must be a non-empty string of at most ${MAX_NAME} characters or an object mapping locales (${LOCALES.join(', ')}) to such strings`;

/** A name in one language or several: a string of 1-200 characters, or a map from locale to such strings; one line (no line breaks). */
export const IsLocalizedName = decorator('isLocalizedName', (value) => isLocalizedValue(value, MAX_NAME), localizedNameMessage('$property'));

export const IsLocalizedText = (options?: ValidationOptions) => (object: object, propertyName: string) => {
  MULTILINE.set(object.constructor, (MULTILINE.get(object.constructor) ?? new Set()).add(propertyName));
  isLocalizedText(options)(object, propertyName);
};

export type LocalizedText = string | Partial<Record<(typeof LOCALES)[number], string>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID as PostgreSQL's uuid type reads it, hyphenated (any version): what an id of ours looks like. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
