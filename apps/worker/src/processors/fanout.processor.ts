import { FanoutService } from '@app/incidents';
import { FanoutJob, parseFanoutJob, QueueName } from '@app/queue';
import { OnQueueStalled, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';

@Processor(QueueName.Fanout)
export class FanoutProcessor {
  private readonly logger = new Logger('FanoutProcessor');
  constructor(private readonly fanout: FanoutService) {}

  @Process()
  async run(job: Job<FanoutJob>) {
    let payload: FanoutJob;
    try {
      payload = parseFanoutJob(job.data);
    } catch (error) {
      await job.discard();
      throw error;
    }
    return this.fanout.run(payload);
  }

  @OnQueueStalled()
  stalled(job: Job<FanoutJob>) {
    this.logger.warn(`fan-out job ${job.id} stalled; it resumes from its saved cursor`);
  }
}
