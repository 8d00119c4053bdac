import { ChannelDriver } from '@app/channels';
import { NoticeStatus } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DeliveryRepository } from './delivery.repository';
import { allowedPredecessors } from './status-rules';

/** A provider's status callback as posted (form fields). */
export interface ProviderCallback {
  [key: string]: string | undefined;
}
/** Twilio's status callback fields (MessageSid, MessageStatus or SmsStatus, ErrorCode, To). */
export type TwilioCallback = ProviderCallback;

/** The dedupe key of a provider report: a hash of the provider and what identifies the report there. */
export function reportKey(provider: string, ...identity: string[]): string {
  return createHash('sha256').update(JSON.stringify([provider, ...identity])).digest('hex');
}

/** Applies provider reports to notices, forward only, and keeps each report as an event. */
@Injectable()
export class TrackingService {
  private readonly logger = new Logger('Tracking');

  constructor(private readonly repository: DeliveryRepository) {}

  /**
   * Moves the notice on if the rules allow; returns whether the status changed. The report is kept as
   * an event either way, once: a report with a `dedupeKey` (see {@link reportKey}) that was kept
   * before — a provider retry, a replay, the same report arriving twice at once — changes nothing and
   * comes back as `duplicate`. The unique key on the event table decides, so this holds across processes.
   */
  async apply(
    where: { noticeId?: string; providerMessageId?: string },
    next: NoticeStatus,
    detail: Record<string, unknown>,
    dedupeKey: string | null = null,
  ): Promise<{ found: boolean; changed: boolean; duplicate: boolean }> {
    return this.repository.transaction(async (manager) => {
      const notice = await this.repository.lockForReport(manager, where);
      if (!notice) return { found: false, changed: false, duplicate: false };
      // The notice row is locked, so whether the rules allow the move is known before the event is written.
      const allowed = allowedPredecessors(next).includes(notice.status);
      const kept = await this.keep(manager, notice.id, next, { ...detail, from: notice.status, applied: allowed }, dedupeKey);
      if (!kept) return { found: true, changed: false, duplicate: true };
      if (!allowed) return { found: true, changed: false, duplicate: false };
      const changed = await this.repository.moveStatus(manager, notice.id, next, allowedPredecessors(next), (detail.error as string | undefined) ?? `${next}`);
      return { found: true, changed, duplicate: false };
    });
  }

  /** Keeps a provider report that moves nothing (a delay notice, say) as an event, once per `dedupeKey`; false for a repeat. */
  async note(noticeId: string, type: string, detail: Record<string, unknown>, dedupeKey: string | null = null): Promise<boolean> {
    return this.keep(this.repository.manager, noticeId, type, detail, dedupeKey);
  }

  private async keep(manager: EntityManager, noticeId: string, type: string, detail: Record<string, unknown>, dedupeKey: string | null): Promise<boolean> {
    return this.repository.keepEvent(manager, noticeId, type, detail, dedupeKey);
  }

  /**
   * A provider's status callback, already authenticated by the channel's driver, read and mapped by it.
   * Unknown message ids are retried briefly (the send may not have committed yet).
   */
  async providerCallback(driver: ChannelDriver, params: ProviderCallback): Promise<'applied' | 'duplicate' | 'ignored' | 'unknown'> {
    const report = driver.inbound?.read(params);
    if (!report || !driver.statusOf) return 'ignored';
    const { providerMessageId: sid, providerStatus: status, errorCode } = report;
    const next = driver.statusOf(status);
    if (!next) return 'ignored';
    const provider = driver.inbound!.provider;
    const detail = { provider, providerStatus: status, errorCode, error: errorCode ? `${provider} ${status} ${errorCode}` : undefined };
    // A provider reports each status of a message once; the same message and status again is a retry or a replay.
    const key = reportKey(provider, sid, status);
    const result = await this.apply({ providerMessageId: sid }, next, detail, key);
    if (result.found) return result.duplicate ? 'duplicate' : 'applied';
    this.logger.warn(`status callback for unknown MessageSid ${sid} (${status}) to ${report.to ? driver.maskAddress(report.to) : ''}; will look again shortly`);
    this.retryLater(sid, next, detail, key, [1000, 3000, 10000]);
    return 'unknown';
  }

  private retryLater(sid: string, next: NoticeStatus, detail: Record<string, unknown>, key: string, delays: number[]): void {
    const [delay, ...rest] = delays;
    if (delay === undefined) {
      this.logger.warn(`status callback for MessageSid ${sid} matched no notice; dropped`);
      return;
    }
    const timer = setTimeout(() => {
      this.apply({ providerMessageId: sid }, next, detail, key)
        .then((r) => (r.found ? undefined : this.retryLater(sid, next, detail, key, rest)))
        .catch((error: Error) => this.logger.error(`late status callback for ${sid} failed: ${error.message}`));
    }, delay);
    timer.unref();
  }
}
