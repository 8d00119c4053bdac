import { sendConcurrencyFromProcess } from '@app/config';
import { DeliveryService } from '@app/delivery';
import { parseSendJob, QueueName, SendJob } from '@app/queue';
import { OnQueueFailed, OnQueueStalled, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { attemptOf, payloadOf } from './attempt';

const CONCURRENCY = sendConcurrencyFromProcess();

/**
 * Thin: validate the payload, hand it to the delivery service, let Bull retry what it throws.
 * `@Injectable()` makes TypeScript record the constructor's parameter types here, where the subclasses find them.
 */
@Injectable()
abstract class SendProcessor {
  protected abstract readonly logger: Logger;

  constructor(private readonly delivery: DeliveryService) {}

  @Process({ concurrency: CONCURRENCY })
  async send(job: Job<SendJob>) {
    const { noticeId } = await payloadOf(job, parseSendJob);
    return this.delivery.send(noticeId, attemptOf(job));
  }

  @OnQueueStalled()
  stalled(job: Job<SendJob>) {
    this.logger.warn(`job ${job.id} stalled; it will run again`);
  }

  @OnQueueFailed()
  failed(job: Job<SendJob>, error: Error) {
    this.logger.warn(`job ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`);
  }
}

@Processor(QueueName.Email)
export class EmailProcessor extends SendProcessor {
  protected readonly logger = new Logger('EmailProcessor');
}

@Processor(QueueName.Sms)
export class SmsProcessor extends SendProcessor {
  protected readonly logger = new Logger('SmsProcessor');
}
