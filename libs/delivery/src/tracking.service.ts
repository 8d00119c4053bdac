import { maskPhone } from '@app/channels';
import { NoticeStatus } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

/** Applies provider reports to notices, forward only, and keeps each report as an event. */
@Injectable()
export class TrackingService {
  private readonly logger = new Logger('Tracking');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Moves the notice on if the rules allow; returns whether the status changed. The report is kept as an event either way. */
  async apply(where: { noticeId?: string; providerMessageId?: string }, next: NoticeStatus, detail: Record<string, unknown>): Promise<{ found: boolean; changed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const [notice] = where.noticeId
        ? await manager.query('SELECT id, status FROM notice WHERE id = $1 FOR UPDATE', [where.noticeId])
        : await manager.query('SELECT id, status FROM notice WHERE provider_message_id = $1 FOR UPDATE', [where.providerMessageId]);
      if (!notice) return { found: false, changed: false };
      const updated = rowsOf(
        await manager.query(
          `UPDATE notice SET status = $2, updated_at = now(),
                  delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
                  last_error = CASE WHEN $2 IN ('failed', 'bounced', 'undelivered') THEN $4 ELSE last_error END
            WHERE id = $1 AND status = ANY($3::text[]) RETURNING id`,
          [notice.id, next, allowedPredecessors(next), (detail.error as string | undefined) ?? `${next}`],
        ),
      );
      const changed = updated.length > 0;
      await manager.query('INSERT INTO notice_event (notice_id, type, detail) VALUES ($1, $2, $3)', [
        notice.id,
        next,
        { ...detail, from: notice.status, applied: changed },
      ]);
      return { found: true, changed };
    });
  }

  /** Keeps a provider report that moves nothing (a delay notice, say) as an event. */
  async note(noticeId: string, type: string, detail: Record<string, unknown>): Promise<void> {
    await this.dataSource.query('INSERT INTO notice_event (notice_id, type, detail) VALUES ($1, $2, $3)', [noticeId, type, detail]);
  }

  /** A Twilio status callback, already authenticated. Unknown sids are retried briefly (the send may not have committed yet). */
  async twilioCallback(params: TwilioCallback): Promise<'applied' | 'ignored' | 'unknown'> {
    const sid = params.MessageSid ?? params.SmsSid;
    const status = params.MessageStatus ?? params.SmsStatus;
    if (!sid || !status) return 'ignored';
    const next = twilioStatusToNotice(status);
    if (!next) return 'ignored';
    const detail = { provider: 'twilio', providerStatus: status, errorCode: params.ErrorCode ?? null, error: params.ErrorCode ? `twilio ${status} ${params.ErrorCode}` : undefined };
    const result = await this.apply({ providerMessageId: sid }, next, detail);
    if (result.found) return 'applied';
    this.logger.warn(`status callback for unknown MessageSid ${sid} (${status}) to ${maskPhone(params.To)}; will look again shortly`);
    this.retryLater(sid, next, detail, [1000, 3000, 10000]);
    return 'unknown';
  }

  private retryLater(sid: string, next: NoticeStatus, detail: Record<string, unknown>, delays: number[]): void {
    const [delay, ...rest] = delays;
    if (delay === undefined) {
      this.logger.warn(`status callback for MessageSid ${sid} matched no notice; dropped`);
      return;
    }
    const timer = setTimeout(() => {
      this.apply({ providerMessageId: sid }, next, detail)
        .then((r) => (r.found ? undefined : this.retryLater(sid, next, detail, rest)))
        .catch((error: Error) => this.logger.error(`late status callback for ${sid} failed: ${error.message}`));
    }, delay);
    timer.unref();
  }
}
