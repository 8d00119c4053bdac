import { isUuid } from '@app/kernel';
import { maskEmail } from '@app/channels';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EscalationService } from '@app/escalation';
import { DeliveryRepository } from './delivery.repository';
import { DsnRecipient, parseDsn } from './dsn-report';
import { reportKey, TrackingService } from './tracking.service';

export type BounceOutcome =
  | { outcome: 'bounced' | 'delayed'; noticeId: string; changed: boolean }
  | { outcome: 'ignored'; reason: string; noticeId?: string };

/**
 * Applies delivery-status reports that came back to the VERP return path (only the envelope recipient
 * names the notice), each report once. A failed recipient
 * bounces its notice (forward only) and may make the tenant unreachable by email, which escalates
 * it at once; a delay is only noted. Anything else is dropped with a log line.
 */
@Injectable()
export class BounceService {
  private readonly logger = new Logger('Bounces');

  constructor(
    private readonly repository: DeliveryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tracking: TrackingService,
    private readonly escalation: EscalationService,
  ) {}

  /** The notice id in `bounce+<id>@BOUNCE_DOMAIN`, or null for any other address. */
  noticeIdOf(address: string): string | null {
    const match = /^bounce\+([^@]+)@(.+)$/i.exec(address.trim());
    if (!match || match[2].toLowerCase() !== this.config.bounceDomain.toLowerCase() || !isUuid(match[1])) return null;
    return match[1].toLowerCase();
  }

  async handle(envelopeTo: string[], raw: Buffer): Promise<BounceOutcome> {
    const result = await this.apply(envelopeTo, raw);
    if (result.outcome === 'ignored') this.logger.warn(`inbound mail to ${envelopeTo.length} recipient(s) dropped: ${result.reason}`);
    return result;
  }

  private async apply(envelopeTo: string[], raw: Buffer): Promise<BounceOutcome> {
    let report;
    try {
      report = await parseDsn(raw);
    } catch (error) {
      return { outcome: 'ignored', reason: `unreadable message (${(error as Error).message})` };
    }
    if (!report) return { outcome: 'ignored', reason: 'not a delivery-status report' };
    // Only the envelope recipient counts: a report bounces a notice when it came back to that notice's own
    // VERP address. Original-Envelope-Id and the headers are the sender's to write, so they name nothing.
    const noticeId = envelopeTo.map((a) => this.noticeIdOf(a)).find((id): id is string => id !== null);
    if (!noticeId) return { outcome: 'ignored', reason: 'not sent to a VERP address bounce+<notice>@BOUNCE_DOMAIN' };
    const notice = await this.repository.emailNotice(noticeId);
    if (!notice) return { outcome: 'ignored', reason: `no email notice ${noticeId}`, noticeId };
    const to = notice.to.toLowerCase();
    const about = (r: DsnRecipient) => r.finalRecipient === to || r.originalRecipient === to;
    const recipient =
      report.recipients.find((r) => about(r) && r.action === 'failed') ??
      report.recipients.find((r) => r.action === 'failed') ??
      report.recipients.find(about) ??
      report.recipients[0];
    const detail = {
      source: 'dsn',
      action: recipient.action,
      dsnStatus: recipient.status,
      diagnostic: recipient.diagnostic,
      reportingMta: report.reportingMta,
      remoteMta: recipient.remoteMta,
    };
    const masked = maskEmail(notice.to);
    // The same report delivered again (an MTA retrying after a lost answer, a replay) is kept once.
    const key = reportKey('dsn', notice.id, report.identity);
    if (recipient.action === 'failed') {
      const error = recipient.diagnostic ?? `delivery failed with status ${recipient.status ?? 'unknown'}`;
      const { changed, duplicate } = await this.tracking.apply({ noticeId: notice.id }, 'bounced', { ...detail, error }, key);
      if (duplicate) return { outcome: 'ignored', reason: `report about notice ${notice.id} taken before`, noticeId: notice.id };
      this.logger.log(`notice ${notice.id} to ${masked} bounced${changed ? '' : ' (already settled; kept as an event)'}: ${recipient.status ?? ''}`);
      if (changed) await this.escalation.escalateNowIfUnreachable(notice.affected_id);
      return { outcome: 'bounced', noticeId: notice.id, changed };
    }
    if (recipient.action === 'delayed') {
      if (!(await this.tracking.note(notice.id, 'delayed', detail, key))) {
        return { outcome: 'ignored', reason: `report about notice ${notice.id} taken before`, noticeId: notice.id };
      }
      this.logger.log(`notice ${notice.id} to ${masked} delayed: ${recipient.status ?? ''}`);
      return { outcome: 'delayed', noticeId: notice.id, changed: false };
    }
    return { outcome: 'ignored', reason: `report action ${recipient.action} changes nothing`, noticeId: notice.id };
  }
}
