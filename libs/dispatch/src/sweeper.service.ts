import { Channel, CHANNELS } from '@app/kernel';
import { APP_CONFIG, AppConfig } from '@app/config';
import { QueueProducer, SendWindow } from '@app/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { NoticeQueueRepository } from './notice-queue.repository';

/**
 * Redis holds only work to do. Anything lost there (a crash, a flush) is rebuilt from PostgreSQL:
 * notices handed to Bull and still open with no live job are queued again, and fan-outs with no live job restart from their cursor.
 */
@Injectable()
export class SweeperService {
  private readonly logger = new Logger('Sweeper');

  constructor(
    private readonly repository: NoticeQueueRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: QueueProducer,
    private readonly window: SendWindow,
  ) {}

  async sweep(): Promise<{ notices: number; fanouts: number }> {
    let notices = 0;
    for (const channel of CHANNELS) notices += await this.sweepChannel(channel);
    let fanouts = 0;
    const versions = await this.repository.unplannedFanouts(this.config.sweepIntervalMs);
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

  /**
   * Open notices the feeder has already handed to Bull (seq up to its cursor) whose job is gone. Those past
   * the cursor are still waiting their turn in PostgreSQL; with no cursor (Redis lost it) the feeder starts
   * again from the oldest open notice, so there is nothing to sweep.
   */
  private async sweepChannel(channel: Channel): Promise<number> {
    const fedUpTo = await this.window.cursor(channel);
    if (fedUpTo === null) return 0;
    let notices = 0;
    let after = '0';
    for (;;) {
      const rows = await this.repository.idleOpenNotices(channel, this.config.sweepIntervalMs, after, fedUpTo);
      if (rows.length === 0) return notices;
      after = rows[rows.length - 1].seq;
      const live = await this.queue.liveSendJobs(channel, rows.map((r) => r.id));
      const gone = rows.filter((r) => !live.has(r.id)).map((r) => r.id);
      if (gone.length === 0) continue;
      // A send job settles its notice before it completes: one that finished since the SELECT above left its
      // notice settled, and queuing it again would only push Redis past SEND_QUEUE_WINDOW. Lost are those still open.
      const lost = await this.repository.stillOpen(gone);
      if (lost.length === 0) continue;
      await this.queue.requeueSends(lost.map((noticeId) => ({ noticeId, channel })));
      await this.repository.markRequeued(lost);
      notices += lost.length;
    }
  }
}
