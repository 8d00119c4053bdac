import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { RedisClient } from './redis-client';

/** A consuming worker beats this often. */
export const HEARTBEAT_EVERY_MS = 5_000;
/** A worker whose last beat is older than this no longer counts as consuming (it died, or stopped). */
export const HEARTBEAT_STALE_MS = 15_000;

/** Scores the member at the Redis clock (every process shares it) and drops beats gone stale. */
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 1
`;
const COUNT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[1]), '+inf')
`;

/**
 * Workers that consume the queues say so every HEARTBEAT_EVERY_MS in one sorted set per QUEUE_PREFIX
 * (member: the worker's id, score: the time of its last beat). `/health` and progress read how many beat
 * within HEARTBEAT_STALE_MS; a worker that stops draining removes itself at once.
 */
@Injectable()
export class WorkerHeartbeat {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: RedisClient,
  ) {}

  private get key(): string {
    return `${this.config.queuePrefix}:workers`;
  }

  async beat(workerId: string): Promise<void> {
    await this.client.redis.eval(BEAT, 1, this.key, workerId, HEARTBEAT_STALE_MS);
  }

  async stop(workerId: string): Promise<void> {
    await this.client.redis.zrem(this.key, workerId);
  }

  /** Workers consuming now. */
  async consuming(): Promise<number> {
    return Number(await this.client.redis.eval(COUNT, 1, this.key, HEARTBEAT_STALE_MS));
  }
}
