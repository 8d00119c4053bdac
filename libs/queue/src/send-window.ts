import { APP_CONFIG, AppConfig } from '@app/config';
import { Channel, CHANNELS } from '@app/kernel';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { SEND_QUEUES, SendJob, SendQueues } from './queue.constants';

export type SendChannel = Channel;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * Redis holds at most SEND_QUEUE_WINDOW unfinished send jobs per channel; the other queued notices wait
 * in PostgreSQL. The feed cursor says how far (by notice seq) a channel's notices have been handed to
 * Bull. It lives beside the jobs it describes: if Redis loses them, it loses the cursor too, and the
 * feeder starts again from the oldest open notice.
 */
@Injectable()
export class SendWindow {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SEND_QUEUES) private readonly sends: SendQueues,
  ) {}

  private queue(channel: SendChannel): Queue<SendJob> {
    return this.sends[channel];
  }

  /** The window's own keys (cursors, lock) go over the first channel's queue connection. */
  private get redis(): Queue<SendJob>['client'] {
    return this.sends[CHANNELS[0]].client;
  }

  private key(name: string): string {
    return `${this.config.queuePrefix}:feed:${name}`;
  }

  /** How many more jobs the channel's queue may take now (waiting, active, delayed and paused jobs count). */
  async room(channel: SendChannel): Promise<number> {
    const queue = this.queue(channel);
    const replies =
      (await queue.client
        .pipeline()
        .llen(queue.toKey('wait'))
        .llen(queue.toKey('active'))
        .zcard(queue.toKey('delayed'))
        .llen(queue.toKey('paused'))
        .exec()) ?? [];
    let held = 0;
    for (const [error, count] of replies) {
      if (error) throw error;
      held += Number(count);
    }
    return Math.max(0, this.config.sendQueueWindow - held);
  }

  /** The highest notice seq of this channel handed to Bull, or null when Redis has no record (new, or lost). */
  async cursor(channel: SendChannel): Promise<bigint | null> {
    const value = await this.redis.get(this.key(`cursor:${channel}`));
    return value === null ? null : BigInt(value);
  }

  async setCursor(channel: SendChannel, seq: bigint): Promise<void> {
    await this.redis.set(this.key(`cursor:${channel}`), seq.toString());
  }

  /**
   * Runs `work` while holding the feeder's lock (one feeder at a time across workers), or returns
   * null at once when another holds it. The lock is renewed while `work` runs, and frees itself
   * `ttlMs` after its holder died.
   */
  async exclusively<T>(ttlMs: number, work: () => Promise<T>): Promise<T | null> {
    const client = this.redis;
    const key = this.key('lock');
    const token = randomUUID();
    if ((await client.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return null;
    const renew = setInterval(() => {
      client.eval(RENEW, 1, key, token, ttlMs).catch(() => undefined);
    }, Math.max(100, Math.floor(ttlMs / 3)));
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await client.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }
}
