import { APP_CONFIG, AppConfig } from '@app/config';
import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { BACKOFF_STRATEGY, jitteredBackoff } from './backoff';
import { QueueName } from './queue.constants';
import { QueueProducer } from './queue.producer';

/** Bull keeps finished jobs only for a while, so Redis stays small; PostgreSQL keeps the history. */
const KEEP = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 24 * 3600, count: 5000 } };

function channelQueue(name: QueueName.Email | QueueName.Sms) {
  return BullModule.registerQueueAsync({
    name,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => {
      const rate = name === QueueName.Email ? config.emailRatePerSec : config.smsRatePerSec;
      return {
        // Bull's limiter lives in Redis, so the ceiling holds across every worker process together.
        limiter: rate > 0 ? { max: rate, duration: 1000 } : undefined,
        settings: { backoffStrategies: { [BACKOFF_STRATEGY]: (attempts: number) => jitteredBackoff(config.sendBackoffMs, attempts) } },
      };
    },
  });
}

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
        BullModule.registerQueue({ name: QueueName.Fanout }, { name: QueueName.Maintenance }),
        channelQueue(QueueName.Email),
        channelQueue(QueueName.Sms),
      ],
      providers: [QueueProducer],
      exports: [BullModule, QueueProducer],
    };
  }
}
