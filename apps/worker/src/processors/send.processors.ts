import { APP_CONFIG, AppConfig } from '@app/config';
import { DeliveryService, JOBS_PER_SEND_SLOT } from '@app/delivery';
import { CHANNELS } from '@app/kernel';
import { parseSendJob, SEND_QUEUES, SendJob, SendQueues } from '@app/queue';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { attemptOf, payloadOf } from './attempt';

/**
 * Thin: validate the payload, hand it to the delivery service, let Bull retry what it throws.
 * Registered with `queue.process` rather than a decorator, so that SEND_CONCURRENCY comes from the
 * validated configuration instead of being read from the environment when the file loads. Each consumer holds
 * JOBS_PER_SEND_SLOT jobs per send slot; the delivery service keeps the sends themselves to SEND_CONCURRENCY.
 */
@Injectable()
export class SendProcessors implements OnModuleInit {
  constructor(
    private readonly delivery: DeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SEND_QUEUES) private readonly queues: SendQueues,
  ) {}

  /** One consumer per channel's queue (`EmailProcessor`, `SmsProcessor`, ...). */
  onModuleInit(): void {
    for (const channel of CHANNELS) this.consume(this.queues[channel], new Logger(`${channel[0].toUpperCase()}${channel.slice(1)}Processor`));
  }

  private consume(queue: Queue<SendJob>, logger: Logger): void {
    void queue.process(JOBS_PER_SEND_SLOT * this.config.sendConcurrency, (job) => this.send(job));
    queue.on('stalled', (job: Job<SendJob>) => logger.warn(`job ${job.id} stalled; it will run again`));
    queue.on('failed', (job: Job<SendJob>, error: Error) => logger.warn(`job ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`));
  }

  async send(job: Job<SendJob>) {
    const { noticeId } = await payloadOf(job, parseSendJob);
    return this.delivery.send(noticeId, attemptOf(job));
  }
}
