import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The SQL of moving work between PostgreSQL and Bull: notices to feed or to sweep, fan-outs to restart. */
@Injectable()
export class NoticeQueueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` open notices of the channel after `cursor`, in seq order. */
  nextToFeed(channel: string, cursor: bigint, limit: number): Promise<{ id: string; seq: string }[]> {
    return this.dataSource.query(`SELECT id, seq FROM notice WHERE seq > $2 AND channel = $1 AND status IN ('pending', 'queued') ORDER BY seq LIMIT $3`, [
      channel,
      cursor.toString(),
      limit,
    ]);
  }

  /** The lowest seq of the channel's notices not yet settled, or null. */
  async oldestOpenSeq(channel: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT min(seq) AS seq FROM notice WHERE channel = $1 AND status IN ('pending', 'queued', 'sending')`, [channel]);
    return row?.seq ?? null;
  }

  /** The highest seq of any notice (0 with none). */
  async lastSeq(): Promise<string> {
    const [last] = await this.dataSource.query(`SELECT coalesce(max(seq), 0) AS seq FROM notice`);
    return last.seq;
  }

  /** Versions dispatching for `olderThanMs` or longer and not yet planned. */
  unplannedFanouts(olderThanMs: number): Promise<{ incident_id: string; version: number }[]> {
    return this.dataSource.query(
      `SELECT incident_id, version FROM incident_version WHERE status = 'dispatching' AND planned_at IS NULL AND dispatched_at <= now() - ($1::bigint * interval '1 millisecond')`,
      [olderThanMs],
    );
  }

  /** Up to 1,000 open notices of the channel untouched for `idleMs`, with seq in (after, upTo], in seq order. */
  idleOpenNotices(channel: string, idleMs: number, after: string, upTo: bigint): Promise<{ id: string; seq: string }[]> {
    return this.dataSource.query(
      `SELECT id, seq FROM notice
          WHERE status IN ('pending', 'queued', 'sending') AND updated_at <= now() - ($1::bigint * interval '1 millisecond')
            AND channel = $2 AND seq > $3 AND seq <= $4
          ORDER BY seq LIMIT 1000`,
      [idleMs, channel, after, upTo.toString()],
    );
  }

  /** Records notices handed to Bull again: pending ones become queued. */
  /** Of these notices, those not settled yet. */
  async stillOpen(noticeIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM notice WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'queued', 'sending')`, [noticeIds]);
    return rows.map((r) => r.id);
  }

  async markRequeued(noticeIds: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE notice SET status = CASE WHEN status = 'pending' THEN 'queued' ELSE status END,
                queued_at = CASE WHEN status = 'pending' THEN now() ELSE queued_at END, updated_at = now()
          WHERE id = ANY($1::uuid[])`,
      [noticeIds],
    );
  }
}
