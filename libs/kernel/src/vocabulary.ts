/** The closed lists of the contract. Other libs import them from here; labels per locale live in the templates. */
export const LOCALES = ['en', 'pl', 'nl', 'fr', 'es', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

export const DATA_CATEGORIES = [
  'name',
  'email',
  'phone_number',
  'postal_address',
  'message_content',
  'order_history',
  'invoice_data',
  'credentials',
  'payment_data',
  'national_id',
  'health_data',
  'ip_address',
  'contact_history',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const NATURES = ['confidentiality', 'integrity', 'availability'] as const;
export type Nature = (typeof NATURES)[number];

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
