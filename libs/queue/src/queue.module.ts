import { APP_CONFIG, AppConfig } from '@app/config';
import { Channel, CHANNELS } from '@app/kernel';
import { BullModule, getQueueToken } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import type { Queue, QueueOptions } from 'bull';
import { BACKOFF_STRATEGY, backoffAfter } from './backoff';
import { QUEUE_NAMES, SEND_QUEUES, SendJob, SendQueues, sendQueueName } from './queue.constants';
import { QueueProducer } from './queue.producer';
import { RedisClient } from './redis-client';
import { SendGate } from './send-gate';
import { SendWindow } from './send-window';
import { WorkerHeartbeat } from './worker-heartbeat';

/** Bull keeps finished jobs only for a while, so Redis stays small; PostgreSQL keeps the history. */
const KEEP = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 24 * 3600, count: 5000 } };

/**
 * Options of every queue. A worker renews its job locks every half JOB_LOCK_TIMEOUT; a job whose
 * lock lapsed (its worker died) is taken back by the next stalled-job check. The send queues have no
 * Bull limiter: the SendGate holds the ceiling exactly, right before each send. A limiter in front of
 * it only slowed the approach to the ceiling (Bull parks a limited job in the delayed set and adds
 * 10 % to each wait) and kept the workers moving jobs between sets while they waited.
 */
export function queueOptions(config: AppConfig): QueueOptions {
  return {
    settings: {
      lockDuration: config.jobLockMs,
      lockRenewTime: Math.round(config.jobLockMs / 2),
      stalledInterval: Math.max(1000, Math.round(config.jobLockMs / 2)),
      backoffStrategies: { [BACKOFF_STRATEGY]: (attempts: number, error?: unknown) => backoffAfter(config.sendBackoffMs, attempts, error) },
    },
  };
}

const register = (name: string) =>
  BullModule.registerQueueAsync({ name, inject: [APP_CONFIG], useFactory: (config: AppConfig) => queueOptions(config) });

@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ url: config.redisUrl, prefix: config.queuePrefix, defaultJobOptions: KEEP }),
        }),
        ...QUEUE_NAMES.map(register),
      ],
      providers: [
        {
          provide: SEND_QUEUES,
          inject: CHANNELS.map((channel) => getQueueToken(sendQueueName(channel))),
          useFactory: (...queues: Queue<SendJob>[]): SendQueues => Object.fromEntries(CHANNELS.map((c, i) => [c, queues[i]])) as Record<Channel, Queue<SendJob>>,
        },
        QueueProducer,
        SendGate,
        SendWindow,
        RedisClient,
        WorkerHeartbeat,
      ],
      exports: [BullModule, SEND_QUEUES, QueueProducer, SendGate, SendWindow, RedisClient, WorkerHeartbeat],
    };
  }
}
