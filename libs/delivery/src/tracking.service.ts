import { maskPhone } from '@app/channels';
import { NoticeStatus } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { rowsOf } from '@app/database';
import { allowedPredecessors, twilioStatusToNotice } from './status-rules';

export interface TwilioCallback {
  MessageSid?: string;
  MessageStatus?: string;
  SmsStatus?: string;
  ErrorCode?: string;
  To?: string;
  [key: string]: string | undefined;
}

/** The dedupe key of a provider report: a hash of the provider and what identifies the report there. */
export function reportKey(provider: string, ...identity: string[]): string {
  return createHash('sha256').update(JSON.stringify([provider, ...identity])).digest('hex');
}

/** Applies provider reports to notices, forward only, and keeps each report as an event. */
@Injectable()
export class TrackingService {
  private readonly logger = new Logger('Tracking');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    return this.dataSource.transaction(async (manager) => {
      const [notice] = where.noticeId
        ? await manager.query('SELECT id, status FROM notice WHERE id = $1 FOR UPDATE', [where.noticeId])
        : await manager.query('SELECT id, status FROM notice WHERE provider_message_id = $1 FOR UPDATE', [where.providerMessageId]);
      if (!notice) return { found: false, changed: false, duplicate: false };
      // The notice row is locked, so whether the rules allow the move is known before the event is written.
      const allowed = allowedPredecessors(next).includes(notice.status);
      const kept = await this.keep(manager, notice.id, next, { ...detail, from: notice.status, applied: allowed }, dedupeKey);
      if (!kept) return { found: true, changed: false, duplicate: true };
      if (!allowed) return { found: true, changed: false, duplicate: false };
      const updated = rowsOf(
        await manager.query(
          `UPDATE notice SET status = $2, updated_at = now(),
                  delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
                  last_error = CASE WHEN $2 IN ('failed', 'bounced', 'undelivered') THEN $4 ELSE last_error END
            WHERE id = $1 AND status = ANY($3::text[]) RETURNING id`,
          [notice.id, next, allowedPredecessors(next), (detail.error as string | undefined) ?? `${next}`],
        ),
      );
      return { found: true, changed: updated.length > 0, duplicate: false };
    });
  }

  /** Keeps a provider report that moves nothing (a delay notice, say) as an event, once per `dedupeKey`; false for a repeat. */
  async note(noticeId: string, type: string, detail: Record<string, unknown>, dedupeKey: string | null = null): Promise<boolean> {
    return this.keep(this.dataSource.manager, noticeId, type, detail, dedupeKey);
  }

  private async keep(manager: EntityManager, noticeId: string, type: string, detail: Record<string, unknown>, dedupeKey: string | null): Promise<boolean> {
    const inserted = rowsOf(
      await manager.query(
        `INSERT INTO notice_event (notice_id, type, detail, dedupe_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
        [noticeId, type, detail, dedupeKey],
      ),
    );
    return inserted.length > 0;
  }

  /** A Twilio status callback, already authenticated. Unknown sids are retried briefly (the send may not have committed yet). */
  async twilioCallback(params: TwilioCallback): Promise<'applied' | 'duplicate' | 'ignored' | 'unknown'> {
    const sid = params.MessageSid ?? params.SmsSid;
    const status = params.MessageStatus ?? params.SmsStatus;
    if (!sid || !status) return 'ignored';
    const next = twilioStatusToNotice(status);
    if (!next) return 'ignored';
    const detail = { provider: 'twilio', providerStatus: status, errorCode: params.ErrorCode ?? null, error: params.ErrorCode ? `twilio ${status} ${params.ErrorCode}` : undefined };
    // Twilio reports each status of a message once; the same sid and status again is a retry or a replay.
    const key = reportKey('twilio', sid, status);
    const result = await this.apply({ providerMessageId: sid }, next, detail, key);
    if (result.found) return result.duplicate ? 'duplicate' : 'applied';
    this.logger.warn(`status callback for unknown MessageSid ${sid} (${status}) to ${maskPhone(params.To)}; will look again shortly`);
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
