import { APP_CONFIG, AppConfig } from '@app/config';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { QueueName, SendJob } from './queue.constants';

export type SendChannel = 'email' | 'sms';

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
    @InjectQueue(QueueName.Email) private readonly email: Queue<SendJob>,
    @InjectQueue(QueueName.Sms) private readonly sms: Queue<SendJob>,
  ) {}

  private queue(channel: SendChannel): Queue<SendJob> {
    return channel === 'email' ? this.email : this.sms;
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
    const value = await this.email.client.get(this.key(`cursor:${channel}`));
    return value === null ? null : BigInt(value);
  }

  async setCursor(channel: SendChannel, seq: bigint): Promise<void> {
    await this.email.client.set(this.key(`cursor:${channel}`), seq.toString());
  }

  /**
   * Runs `work` while holding the feeder's lock (one feeder at a time across workers), or returns
   * null at once when another holds it. The lock is renewed while `work` runs, and frees itself
   * `ttlMs` after its holder died.
   */
  async exclusively<T>(ttlMs: number, work: () => Promise<T>): Promise<T | null> {
    const client = this.email.client;
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
