import { NoticeStatus } from '@app/database';

/** The states a notice may be in before moving to `next`: a state never goes back. */
export function allowedPredecessors(next: NoticeStatus): NoticeStatus[] {
  switch (next) {
    case 'queued':
      return ['pending'];
    case 'sending':
      return ['pending', 'queued'];
    case 'sent':
      return ['pending', 'queued', 'sending'];
    case 'delivered':
    case 'undelivered':
    case 'failed':
    case 'bounced':
      return ['pending', 'queued', 'sending', 'sent'];
    default:
      return [];
  }
}

/** Twilio's message statuses mapped onto ours; null for statuses that say nothing new. */
export function twilioStatusToNotice(status: string): NoticeStatus | null {
  switch (status) {
    case 'queued':
    case 'accepted':
    case 'scheduled':
    case 'sending':
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}
