import type { Role } from '@app/database';

/**
 * What stands in for a token wherever staff read a message: 22 characters like a token, all from the
 * GSM-7 basic alphabet (one septet, one UTF-16 unit each), so a redacted SMS counts the same segments
 * and is cut the same way as the one sent; the parentheses make it no token at all (a POST of it is a 404).
 */
export const REDACTED_ACK_TOKEN = '(redacted-tenant-link)';

/** A token as AckTokensService makes it: 16 bytes, base64url, after `/ack/`. */
const ACK_LINK = /(\/ack\/)[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g;

/** The text with every acknowledgement token in it replaced: whoever holds a token acknowledges in the tenant's name. */
export function redactAckLinks(text: string): string {
  return text.replace(ACK_LINK, `$1${REDACTED_ACK_TOKEN}`);
}

/** Every string inside a JSON-like value, redacted (a copy; the value itself is left alone). */
export function redactAckLinksIn<T>(value: T): T {
  if (typeof value === 'string') return redactAckLinks(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactAckLinksIn(item)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAckLinksIn(v)])) as T;
  }
  return value;
}

/**
 * Only an admin sees a working link, and only where the message itself is shown as it went out (the
 * sandbox mailbox, which is how an admin sees what demo mode "sent"). Read-only roles never do.
 */
export const seesAckLinks = (role: Role | undefined): boolean => role === 'admin';
