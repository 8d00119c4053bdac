import { APP_CONFIG, AppConfig } from '@app/config';
import { DeliveryService } from '@app/delivery';
import { parseSendJob, QueueName, SendJob } from '@app/queue';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { attemptOf, payloadOf } from './attempt';

/**
 * Thin: validate the payload, hand it to the delivery service, let Bull retry what it throws.
 * Registered with `queue.process` rather than a decorator, so that SEND_CONCURRENCY comes from the
 * validated configuration instead of being read from the environment when the file loads.
 */
@Injectable()
export class SendProcessors implements OnModuleInit {
  constructor(
    private readonly delivery: DeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Email) private readonly email: Queue<SendJob>,
    @InjectQueue(QueueName.Sms) private readonly sms: Queue<SendJob>,
  ) {}

  onModuleInit(): void {
    this.consume(this.email, new Logger('EmailProcessor'));
    this.consume(this.sms, new Logger('SmsProcessor'));
  }

  private consume(queue: Queue<SendJob>, logger: Logger): void {
    void queue.process(this.config.sendConcurrency, (job) => this.send(job));
    queue.on('stalled', (job: Job<SendJob>) => logger.warn(`job ${job.id} stalled; it will run again`));
    queue.on('failed', (job: Job<SendJob>, error: Error) => logger.warn(`job ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`));
  }

  async send(job: Job<SendJob>) {
    const { noticeId } = await payloadOf(job, parseSendJob);
    return this.delivery.send(noticeId, attemptOf(job));
  }
}
