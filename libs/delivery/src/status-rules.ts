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

/** A provider's statuses are mapped onto ours by its channel's driver (e.g. twilioStatusToNotice in @app/channels). */
