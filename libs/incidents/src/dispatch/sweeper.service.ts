import { APP_CONFIG, AppConfig } from '@app/config';
import { QueueProducer } from '@app/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Redis holds only work to do. Anything lost there (a crash, a flush) is rebuilt from PostgreSQL:
 * notices still open with no live job are queued again, and fan-outs with no live job restart from their cursor.
 */
@Injectable()
export class SweeperService {
  private readonly logger = new Logger('Sweeper');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: QueueProducer,
  ) {}

  async sweep(): Promise<{ notices: number; fanouts: number }> {
    const staleMs = this.config.sweepIntervalMs;
    let notices = 0;
    let after = '0';
    for (;;) {
      const rows: { id: string; channel: 'email' | 'sms'; seq: string }[] = await this.dataSource.query(
        `SELECT id, channel, seq FROM notice
          WHERE status IN ('pending', 'queued', 'sending') AND updated_at <= now() - ($1::bigint * interval '1 millisecond') AND seq > $2
          ORDER BY seq LIMIT 1000`,
        [staleMs, after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].seq;
      const live = new Set<string>();
      for (const channel of ['email', 'sms'] as const) {
        for (const id of await this.queue.liveSendJobs(channel, rows.filter((r) => r.channel === channel).map((r) => r.id))) live.add(id);
      }
      const lost = rows.filter((r) => !live.has(r.id));
      if (lost.length > 0) {
        await this.queue.requeueSends(lost.map((r) => ({ noticeId: r.id, channel: r.channel })));
        await this.dataSource.query(`UPDATE notice SET status = 'queued', queued_at = now(), updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [
          lost.map((r) => r.id),
        ]);
        await this.dataSource.query(`UPDATE notice SET updated_at = now() WHERE id = ANY($1::uuid[])`, [lost.map((r) => r.id)]);
        notices += lost.length;
      }
    }
    let fanouts = 0;
    const versions: { incident_id: string; version: number }[] = await this.dataSource.query(
      `SELECT incident_id, version FROM incident_version WHERE status = 'dispatching' AND planned_at IS NULL AND dispatched_at <= now() - ($1::bigint * interval '1 millisecond')`,
      [staleMs],
    );
    for (const v of versions) {
      const job = { incidentId: v.incident_id, version: v.version };
      if (!(await this.queue.hasFanoutJob(job))) {
        await this.queue.restartFanout(job);
        fanouts++;
      }
    }
    if (notices || fanouts) this.logger.warn(`re-queued ${notices} notices and ${fanouts} fan-outs that had no live job`);
    return { notices, fanouts };
  }
}
