import { EventWebhook } from '@sendgrid/eventwebhook';
import { createHash } from 'node:crypto';
import { EmailEvent, EmailOutcome, firstNoticeId, isRecord, NOTICE_METADATA_KEY, noticeIdOf, noticeIdOfMessageId, textOf } from './email-event';

export const SENDGRID_SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const SENDGRID_TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

/**
 * Whether a SendGrid Event Webhook request carries a valid signature: ECDSA (P-256, SHA-256) by
 * SendGrid's key over the timestamp header followed by the raw body, checked with SendGrid's own library.
 */
export function verifySendgrid(publicKey: string, rawBody: Buffer | undefined, signature: string | undefined, timestamp: string | undefined): boolean {
  if (!rawBody || !signature || !timestamp) return false;
  try {
    const webhook = new EventWebhook();
    return webhook.verifySignature(webhook.convertPublicKeyToECDSA(publicKey), rawBody, signature, timestamp) === true;
  } catch {
    return false; // a signature that is not even base64 DER
  }
}

/**
 * SendGrid's delivery events in our terms. `bounce` of type `blocked` (the receiving server blocked the
 * message; SendGrid does not try again) fails the notice; a `bounce` proper bounces it.
 */
export function sendgridOutcome(event: string, type: unknown): EmailOutcome {
  switch (event) {
    case 'delivered':
      return 'delivered';
    case 'bounce':
      return type === 'blocked' ? 'failed' : 'bounced';
    case 'dropped':
      return 'failed';
    case 'deferred':
      return 'delayed';
    default:
      return 'other';
  }
}

/** The events of one Event Webhook request (a JSON array); entries that are not events are skipped. */
export function readSendgrid(body: unknown, bounceDomain: string): EmailEvent[] {
  if (!Array.isArray(body)) return [];
  return body.filter(isRecord).map((e) => {
    const event = textOf(e.event) ?? '';
    // Custom args (X-SMTPAPI unique_args) arrive as top-level fields of each event; smtp-id is our Message-ID.
    const noticeId = firstNoticeId(noticeIdOf(e[NOTICE_METADATA_KEY]), noticeIdOfMessageId(e['smtp-id'], bounceDomain));
    const eventId = textOf(e.sg_event_id) ?? createHash('sha256').update(JSON.stringify(e)).digest('hex');
    return { provider: 'sendgrid', eventId, providerEvent: event, outcome: sendgridOutcome(event, e.type), noticeId, diagnostic: textOf(e.reason) ?? textOf(e.response) };
  });
}
