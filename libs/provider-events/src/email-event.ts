import { isUuid } from '@app/kernel';
import { NOTICE_HEADER, NOTICE_METADATA_KEY } from '@app/channels';

/** The email services whose delivery events move notices on. */
export const EMAIL_PROVIDERS = ['sendgrid', 'mailgun', 'postmark', 'ses'] as const;
export type EmailProvider = (typeof EMAIL_PROVIDERS)[number];

/**
 * What an event means for its notice: `delivered`, `bounced` and `failed` move it on (forward only),
 * `delayed` (a deferral, a soft bounce) is only kept as an event, `other` (opens, clicks, "processed")
 * changes nothing and is not kept.
 */
export type EmailOutcome = 'delivered' | 'bounced' | 'failed' | 'delayed' | 'other';

/** One delivery event of an email service, read from its webhook and already authenticated. */
export interface EmailEvent {
  provider: EmailProvider;
  /** What identifies this event at the service; the same event again (a retry, a replay) is kept once. */
  eventId: string;
  /** The service's own name for it (`bounce`, `failed`, `HardBounce`, `Delivery` …). */
  providerEvent: string;
  outcome: EmailOutcome;
  /** The notice the email carried in the service's metadata, else in its headers; null when it names none. */
  noticeId: string | null;
  /** What the service says happened (the remote server's answer, the bounce reason). */
  diagnostic: string | null;
}

/** A notice id as the email carried it, or null for anything that is not one. */
export function noticeIdOf(value: unknown): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && isUuid(text.trim()) ? text.trim().toLowerCase() : null;
}

/** The notice id in our own Message-ID, `<noticeId@BOUNCE_DOMAIN>` (angle brackets optional), or null. */
export function noticeIdOfMessageId(messageId: unknown, bounceDomain: string): string | null {
  if (typeof messageId !== 'string') return null;
  const match = /^<?([^@<>\s]+)@([^@<>\s]+)>?$/.exec(messageId.trim());
  return match && match[2].toLowerCase() === bounceDomain.toLowerCase() ? noticeIdOf(match[1]) : null;
}

/** The first of the candidates that names a notice. */
export const firstNoticeId = (...candidates: (string | null)[]): string | null => candidates.find((c) => c !== null) ?? null;

/** A value of a parsed body as text (for diagnostics), or null; NUL, which PostgreSQL cannot store, is dropped. */
export function textOf(value: unknown, max = 500): string | null {
  if (typeof value === 'string') return value.replace(/\u0000/g, '').slice(0, max) || null;
  if (typeof value === 'number') return String(value);
  return null;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export { NOTICE_HEADER, NOTICE_METADATA_KEY };
