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

/** A calendar date `YYYY-MM-DD` that exists. */
export const IsDay = decorator(
  'isDay',
  (value) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  },
  '$property must be a date YYYY-MM-DD',
);

/** ISO 8601 date-time with an explicit zone (`Z` or `+02:00`). */
export const IsZonedDateTime = decorator(
  'isZonedDateTime',
  (value) =>
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value)),
  '$property must be an ISO 8601 date-time with a zone, e.g. 2023-04-19T14:00:00Z',
);

const MAX_TEXT = 20_000;

/** A string, or a map from locale to string (`{"en": "...", "pl": "..."}`). */
export const IsLocalizedText = decorator(
  'isLocalizedText',
  (value) => {
    if (typeof value === 'string') return value.trim().length > 0 && value.length <= MAX_TEXT;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const entries = Object.entries(value);
    return (
      entries.length > 0 &&
      entries.every(([locale, text]) => (LOCALES as readonly string[]).includes(locale) && typeof text === 'string' && text.trim().length > 0 && text.length <= MAX_TEXT)
    );
  },
  `$property must be a non-empty string or an object mapping locales (${LOCALES.join(', ')}) to non-empty strings`,
);

export type LocalizedText = string | Partial<Record<(typeof LOCALES)[number], string>>;
