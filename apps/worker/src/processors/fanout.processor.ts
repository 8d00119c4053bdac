import { FanoutService } from '@app/dispatch';
import { FanoutJob, parseFanoutJob, QueueName } from '@app/queue';
import { OnQueueStalled, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { payloadOf } from './attempt';

@Processor(QueueName.Fanout)
export class FanoutProcessor {
  private readonly logger = new Logger('FanoutProcessor');
  constructor(private readonly fanout: FanoutService) {}

  @Process()
  async run(job: Job<FanoutJob>) {
    return this.fanout.run(await payloadOf(job, parseFanoutJob));
  }

  @OnQueueStalled()
  stalled(job: Job<FanoutJob>) {
    this.logger.warn(`fan-out job ${job.id} stalled; it resumes from its saved cursor`);
  }
}
