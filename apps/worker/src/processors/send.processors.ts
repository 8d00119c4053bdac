import { DeliveryService } from '@app/incidents';
import { InvalidJobError, parseSendJob, QueueName, SendJob } from '@app/queue';
import { OnQueueFailed, OnQueueStalled, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { attemptOf } from './attempt';

const CONCURRENCY = Number(process.env.SEND_CONCURRENCY ?? 10) || 10;

async function handle(delivery: DeliveryService, job: Job<SendJob>) {
  let payload: SendJob;
  try {
    payload = parseSendJob(job.data);
  } catch (error) {
    await job.discard();
    throw error as InvalidJobError;
  }
  return delivery.send(payload.noticeId, attemptOf(job));
}

/** Thin: validate the payload, hand it to the delivery service, let Bull retry what it throws. */
@Processor(QueueName.Email)
export class EmailProcessor {
  private readonly logger = new Logger('EmailProcessor');
  constructor(private readonly delivery: DeliveryService) {}

  @Process({ concurrency: CONCURRENCY })
  send(job: Job<SendJob>) {
    return handle(this.delivery, job);
  }

  @OnQueueStalled()
  stalled(job: Job<SendJob>) {
    this.logger.warn(`email job ${job.id} stalled; it will run again`);
  }

  @OnQueueFailed()
  failed(job: Job<SendJob>, error: Error) {
    this.logger.warn(`email job ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`);
  }
}

@Processor(QueueName.Sms)
export class SmsProcessor {
  private readonly logger = new Logger('SmsProcessor');
  constructor(private readonly delivery: DeliveryService) {}

  @Process({ concurrency: CONCURRENCY })
  send(job: Job<SendJob>) {
    return handle(this.delivery, job);
  }

  @OnQueueStalled()
  stalled(job: Job<SendJob>) {
    this.logger.warn(`sms job ${job.id} stalled; it will run again`);
  }

  @OnQueueFailed()
  failed(job: Job<SendJob>, error: Error) {
    this.logger.warn(`sms job ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`);
  }
}
