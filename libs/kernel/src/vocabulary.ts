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

export const CHANNELS = ['email', 'sms', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Groups of people whose data an exposure holds (Art. 33(3)(a) "categories of data subjects"). */
export const SUBJECT_CATEGORIES = [
  'customers',
  'end_users',
  'employees',
  'patients',
  'children',
  'citizens',
  'subscribers',
  'members',
  'students',
  'applicants',
  'other',
] as const;
export type SubjectCategory = (typeof SUBJECT_CATEGORIES)[number];

/** What is known of one thing that may have happened to the data: reachable is not taken. */
export const FINDING_VALUES = ['yes', 'no', 'unknown'] as const;
export type FindingValue = (typeof FINDING_VALUES)[number];
export const FINDINGS = ['accessed', 'exfiltrated', 'published', 'misused'] as const;
export type Finding = (typeof FINDINGS)[number];

/** Whether the data concerned was protected by encryption. */
export const ENCRYPTION_STATES = ['none', 'encrypted', 'encrypted_key_compromised', 'partly', 'unknown'] as const;
export type EncryptionState = (typeof ENCRYPTION_STATES)[number];

/** Whom else the vendor notified of the breach. */
export const NOTIFICATION_TARGETS = ['authority', 'police', 'csirt', 'other'] as const;
export type NotificationTarget = (typeof NOTIFICATION_TARGETS)[number];
