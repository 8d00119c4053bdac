import { createHmac, timingSafeEqual } from 'node:crypto';
import { EmailEvent, EmailOutcome, firstNoticeId, isRecord, NOTICE_METADATA_KEY, noticeIdOf, noticeIdOfMessageId, textOf } from './email-event';

/** How far a Mailgun signature's timestamp may be from our clock; older ones are refused as replays. */
export const MAILGUN_MAX_SKEW_SEC = 15 * 60;

/**
 * Whether a Mailgun webhook (JSON format) is signed with our signing key: HMAC-SHA256 over
 * `timestamp + token`, hex, compared in constant time, with a timestamp no further than
 * MAILGUN_MAX_SKEW_SEC from now.
 */
export function verifyMailgun(signingKey: string, body: unknown, nowMs = Date.now()): boolean {
  const signature = isRecord(body) && isRecord(body.signature) ? body.signature : null;
  if (!signature) return false;
  const timestamp = textOf(signature.timestamp);
  const token = textOf(signature.token);
  const given = textOf(signature.signature);
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !token || !given || !/^[0-9a-f]{64}$/i.test(given)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAILGUN_MAX_SKEW_SEC) return false;
  const expected = createHmac('sha256', signingKey).update(timestamp + token).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/**
 * Mailgun's events in our terms: a permanent failure bounces the notice unless Mailgun itself dropped
 * the message (reason `suppress-*`: the address is on a suppression list), which fails it; a
 * temporary failure is a delay; `rejected` (Mailgun refused to send) fails it.
 */
export function mailgunOutcome(event: string, severity: unknown, reason: unknown): EmailOutcome {
  switch (event) {
    case 'delivered':
      return 'delivered';
    case 'failed':
      if (severity === 'temporary') return 'delayed';
      return typeof reason === 'string' && reason.startsWith('suppress') ? 'failed' : 'bounced';
    case 'rejected':
      return 'failed';
    default:
      return 'other';
  }
}

/** The event of one Mailgun webhook request (`event-data`), or none. */
export function readMailgun(body: unknown, bounceDomain: string): EmailEvent[] {
  const data = isRecord(body) && isRecord(body['event-data']) ? body['event-data'] : null;
  if (!data) return [];
  const event = textOf(data.event) ?? '';
  const variables = isRecord(data['user-variables']) ? data['user-variables'] : {};
  const headers = isRecord(data.message) && isRecord(data.message.headers) ? data.message.headers : {};
  const status = isRecord(data['delivery-status']) ? data['delivery-status'] : {};
  const eventId = textOf(data.id);
  if (!eventId) return [];
  return [
    {
      provider: 'mailgun',
      eventId,
      providerEvent: event,
      outcome: mailgunOutcome(event, data.severity, data.reason),
      noticeId: firstNoticeId(noticeIdOf(variables[NOTICE_METADATA_KEY]), noticeIdOfMessageId(headers['message-id'], bounceDomain)),
      diagnostic: textOf(status.description) || textOf(status.message) || textOf(data.reason),
    },
  ];
}
