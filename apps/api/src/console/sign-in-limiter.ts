import { APP_CONFIG, AppConfig } from '@app/config';
import { RedisClient } from '@app/queue';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

/** Failed console sign-ins one client address may make per window, counted in Redis for every API process together. */
export const SIGN_IN_FAILURES = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/**
 * API keys are long random strings, so guessing one is hopeless; this keeps a client that keeps trying
 * from trying quickly. The client address is stored hashed.
 */
@Injectable()
export class SignInLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: RedisClient,
  ) {}

  private key(ip: string): string {
    return `${this.config.queuePrefix}:console-sign-in:${createHash('sha256').update(ip).digest('hex').slice(0, 32)}`;
  }

  /** Milliseconds until this client may try again, or 0 when it may try now. */
  async blockedFor(ip: string): Promise<number> {
    const key = this.key(ip);
    const [[, count], [, ttl]] = ((await this.client.redis.pipeline().get(key).pttl(key).exec()) ?? []) as [unknown, unknown][];
    return Number(count ?? 0) >= SIGN_IN_FAILURES ? Math.max(1000, Number(ttl)) : 0;
  }

  async failed(ip: string): Promise<void> {
    const key = this.key(ip);
    // The window starts at the first failure; INCR keeps the expiry SET gave the key.
    await this.client.redis.pipeline().set(key, '0', 'PX', SIGN_IN_WINDOW_MS, 'NX').incr(key).exec();
  }

  async succeeded(ip: string): Promise<void> {
    await this.client.redis.del(this.key(ip));
  }
}
