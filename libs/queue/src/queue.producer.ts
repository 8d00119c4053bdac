import { APP_CONFIG, AppConfig } from '@app/config';
import { Channel, CHANNELS } from '@app/kernel';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { BACKOFF_STRATEGY } from './backoff';
import { FanoutJob, fanoutJobId, FOLD_INTERVAL_MS, MaintenanceJob, MaintenanceTask, QueueName, SEND_QUEUES, SendQueues, sendQueueName } from './queue.constants';

export interface SendRequest {
  noticeId: string;
  channel: Channel;
}

@Injectable()
export class QueueProducer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Fanout) private readonly fanout: Queue<FanoutJob>,
    @Inject(SEND_QUEUES) private readonly sends: SendQueues,
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue<MaintenanceJob>,
  ) {}

  /** One fan-out per version: the job id makes a second dispatch a no-op while the job exists. */
  async enqueueFanout(job: FanoutJob): Promise<void> {
    await this.fanout.add(job, { jobId: fanoutJobId(job), attempts: 20, backoff: { type: 'exponential', delay: 2000 } });
  }

  /** The job id is the notice id: a retried page or a sweeper pass cannot queue a notice twice. */
  async enqueueSends(requests: SendRequest[]): Promise<void> {
    const options = (noticeId: string): JobOptions => ({
      jobId: noticeId,
      attempts: this.config.sendAttempts,
      backoff: { type: BACKOFF_STRATEGY },
    });
    await Promise.all(
      CHANNELS.map((channel) => {
        const mine = requests.filter((r) => r.channel === channel);
        return mine.length ? this.sends[channel].addBulk(mine.map((r) => ({ data: { noticeId: r.noticeId }, opts: options(r.noticeId) }))) : null;
      }),
    );
  }

  /** Queues sends again after their jobs were lost or finished without settling the notice. */
  async requeueSends(requests: SendRequest[]): Promise<void> {
    for (const r of requests) {
      const job = await this.sends[r.channel].getJob(r.noticeId);
      if (job) await job.remove().catch(() => undefined);
    }
    await this.enqueueSends(requests);
  }

  /**
   * Of these notices, the ones Bull still holds an unfinished job for, in one round trip: a job hash
   * that is in neither the completed nor the failed set is waiting, delayed or active.
   */
  async liveSendJobs(channel: Channel, noticeIds: string[]): Promise<Set<string>> {
    const queue = this.sends[channel];
    if (noticeIds.length === 0) return new Set();
    const pipeline = queue.client.pipeline();
    for (const id of noticeIds) pipeline.exists(queue.toKey(id)).zscore(queue.toKey('completed'), id).zscore(queue.toKey('failed'), id);
    const replies = (await pipeline.exec()) ?? [];
    const live = new Set<string>();
    noticeIds.forEach((id, i) => {
      const [[existsError, exists], [, completed], [, failed]] = replies.slice(i * 3, i * 3 + 3);
      if (existsError) throw existsError;
      if (exists === 1 && completed === null && failed === null) live.add(id);
    });
    return live;
  }

  async hasFanoutJob(job: FanoutJob): Promise<boolean> {
    const found = await this.fanout.getJob(fanoutJobId(job));
    if (!found) return false;
    const state = await found.getState();
    return state !== 'completed' && state !== 'failed';
  }

  /** Removes a finished fan-out job so the same id can run again (used by the sweeper to resume). */
  async restartFanout(job: FanoutJob): Promise<void> {
    const found = await this.fanout.getJob(fanoutJobId(job));
    if (found) await found.remove().catch(() => undefined);
    await this.enqueueFanout(job);
  }

  /**
   * Repeatable maintenance: one schedule per task however many workers start; adding it again is a no-op, so it
   * may be re-asserted after Redis lost it. The sweep and escalations every `everyMs`, the fold every
   * FOLD_INTERVAL_MS at most.
   */
  async scheduleMaintenance(everyMs: number): Promise<void> {
    for (const task of Object.values(MaintenanceTask)) {
      const every = task === MaintenanceTask.Fold ? Math.min(everyMs, FOLD_INTERVAL_MS) : everyMs;
      await this.maintenance.add({ task }, { repeat: { every }, jobId: `maintenance:${task}`, removeOnComplete: true, removeOnFail: true });
    }
  }

  /** Stops this process taking new jobs and resolves once the jobs it is running have finished. */
  async stopConsuming(): Promise<void> {
    await Promise.all([this.fanout, ...CHANNELS.map((c) => this.sends[c]), this.maintenance].map((queue: Queue) => queue.pause(true)));
  }

  async runMaintenanceNow(task: MaintenanceTask): Promise<void> {
    await this.maintenance.add({ task }, { removeOnComplete: true, removeOnFail: true });
  }

  async depths(): Promise<Record<string, Record<string, number>>> {
    const result: Record<string, Record<string, number>> = {};
    for (const [name, queue] of [[QueueName.Fanout, this.fanout] as const, ...CHANNELS.map((c) => [sendQueueName(c), this.sends[c]] as const)]) {
      result[name] = (await (queue as Queue).getJobCounts()) as unknown as Record<string, number>;
    }
    return result;
  }

  async ping(): Promise<void> {
    const client = await this.fanout.client;
    await client.ping();
  }
}
