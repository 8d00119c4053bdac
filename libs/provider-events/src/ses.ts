import { EmailEvent, EmailOutcome, firstNoticeId, isRecord, NOTICE_HEADER, NOTICE_METADATA_KEY, noticeIdOf, noticeIdOfMessageId, textOf } from './email-event';
import type { SnsMessage } from './sns';

/**
 * Amazon SES's events in our terms (event publishing's `eventType`, or `notificationType` of the
 * identity's notifications): a permanent bounce bounces the notice, a transient or undetermined one
 * and a delivery delay are delays, a reject or a rendering failure (SES did not send) fails it.
 */
export function sesOutcome(type: string, bounceType: unknown): EmailOutcome {
  switch (type) {
    case 'Delivery':
      return 'delivered';
    case 'Bounce':
      return bounceType === 'Permanent' ? 'bounced' : 'delayed';
    case 'Reject':
    case 'Rendering Failure':
      return 'failed';
    case 'DeliveryDelay':
      return 'delayed';
    default:
      return 'other';
  }
}

/** The SES event in an SNS Notification; its identity is the SNS MessageId. */
export function readSes(message: SnsMessage, bounceDomain: string): EmailEvent[] {
  let event: unknown;
  try {
    event = JSON.parse(message.Message);
  } catch {
    return [];
  }
  if (!isRecord(event)) return [];
  const type = textOf(event.eventType) ?? textOf(event.notificationType) ?? '';
  const mail = isRecord(event.mail) ? event.mail : {};
  const tags = isRecord(mail.tags) ? mail.tags : {};
  const headers = Array.isArray(mail.headers) ? mail.headers.filter(isRecord) : [];
  const header = headers.find((h) => typeof h.name === 'string' && h.name.toLowerCase() === NOTICE_HEADER.toLowerCase());
  const common = isRecord(mail.commonHeaders) ? mail.commonHeaders : {};
  const bounce = isRecord(event.bounce) ? event.bounce : {};
  const bounced = Array.isArray(bounce.bouncedRecipients) && isRecord(bounce.bouncedRecipients[0]) ? bounce.bouncedRecipients[0] : {};
  const delivery = isRecord(event.delivery) ? event.delivery : {};
  const reject = isRecord(event.reject) ? event.reject : {};
  const delay = isRecord(event.deliveryDelay) ? event.deliveryDelay : {};
  return [
    {
      provider: 'ses',
      eventId: textOf(message.MessageId) ?? '',
      providerEvent: type === 'Bounce' ? `Bounce/${textOf(bounce.bounceType) ?? ''}` : type,
      outcome: sesOutcome(type, bounce.bounceType),
      noticeId: firstNoticeId(noticeIdOf(tags[NOTICE_METADATA_KEY]), noticeIdOf(header?.value), noticeIdOfMessageId(common.messageId, bounceDomain)),
      diagnostic: textOf(bounced.diagnosticCode) ?? textOf(delivery.smtpResponse) ?? textOf(reject.reason) ?? textOf(delay.delayType),
    },
  ];
}
