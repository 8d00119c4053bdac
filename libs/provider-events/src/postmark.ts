import { POSTMARK_NOTICE_METADATA_KEY } from '@app/channels';
import { createHash, timingSafeEqual } from 'node:crypto';
import { EmailEvent, EmailOutcome, isRecord, noticeIdOf, textOf } from './email-event';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Whether an Authorization header carries our Postmark webhook user and password (HTTP Basic), compared in constant time. */
export function verifyPostmark(user: string, password: string, authorization: string | undefined): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1], 'base64').toString('utf8');
  // Both sides hashed to the same length first, so the comparison takes as long whatever was sent.
  return timingSafeEqual(digest(given), digest(`${user}:${password}`));
}

/** Bounce types after which Postmark will not deliver to the address: the notice bounced. */
const PERMANENT = new Set(['HardBounce', 'BadEmailAddress', 'ManuallyDeactivated', 'SpamNotification', 'Blocked', 'DMARCPolicy']);
/** Bounce types where Postmark could not send the message at all: the notice failed. */
const NOT_SENT = new Set(['SMTPApiError', 'TemplateRenderingFailed']);
/** Bounce types that are a delay: the message may still arrive. */
const TEMPORARY = new Set(['SoftBounce', 'Transient', 'DnsError']);

/** Postmark's records in our terms; a bounce that left the address inactive at Postmark bounces the notice whatever its type. */
export function postmarkOutcome(recordType: string, type: unknown, inactive: unknown): EmailOutcome {
  if (recordType === 'Delivery') return 'delivered';
  if (recordType !== 'Bounce' || typeof type !== 'string') return 'other';
  if (PERMANENT.has(type) || inactive === true) return 'bounced';
  if (NOT_SENT.has(type)) return 'failed';
  return TEMPORARY.has(type) ? 'delayed' : 'other';
}

/** The record of one Postmark webhook request; its identity is MessageID + RecordType + the time it reports. */
export function readPostmark(body: unknown): EmailEvent[] {
  if (!isRecord(body)) return [];
  const recordType = textOf(body.RecordType) ?? '';
  const messageId = textOf(body.MessageID);
  if (!messageId) return [];
  const at = textOf(body.DeliveredAt) ?? textOf(body.BouncedAt) ?? textOf(body.ReceivedAt) ?? '';
  const metadata = isRecord(body.Metadata) ? body.Metadata : {};
  return [
    {
      provider: 'postmark',
      eventId: [messageId, recordType, at, textOf(body.ID) ?? ''].join('|'),
      providerEvent: recordType === 'Bounce' ? (textOf(body.Type) ?? recordType) : recordType,
      outcome: postmarkOutcome(recordType, body.Type, body.Inactive),
      noticeId: noticeIdOf(metadata[POSTMARK_NOTICE_METADATA_KEY]),
      diagnostic: textOf(body.Details) ?? textOf(body.Description),
    },
  ];
}
