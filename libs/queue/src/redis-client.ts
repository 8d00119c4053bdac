import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * The process's one Redis connection for its own keys (sign-in attempts and the like), apart from
 * the connections Bull opens for its queues: a blocked or reconnecting queue never holds it up.
 */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectionName: 'breachcast' });
    this.redis.on('error', () => undefined); // each command that fails reports it
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
