import { APP_CONFIG, AppConfig } from '@app/config';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { QueueName, SendJob } from './queue.constants';

/**
 * The window a ceiling is counted over, a little longer than a second: the time between taking a
 * slot and the request reaching the provider varies by a few milliseconds, and a ceiling counted
 * over exactly one second here could show one send too many in some second there.
 */
export const GATE_WINDOW_MS = 1050;

/**
 * Sliding-window log in one sorted set, on the Redis clock (all workers share it): returns 0 and
 * takes a slot, or the milliseconds until the oldest slot in the window frees up.
 */
const GATE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

type GateClient = Queue['client'] & { breachcastSendGate?: (key: string, window: number, max: number, member: string) => Promise<number> };

/**
 * The last check before a message leaves: at most EMAIL_RATE_PER_SEC / SMS_RATE_PER_SEC sends in any
 * sliding second, across every worker. Bull's limiter already spaces the jobs, so this seldom waits;
 * it catches what the time between a job's start and its send lets through.
 */
@Injectable()
export class SendGate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Email) private readonly email: Queue<SendJob>,
  ) {}

  /** Resolves when this send may go; returns how long it waited (ms). */
  async acquire(channel: 'email' | 'sms'): Promise<number> {
    const rate = channel === 'email' ? this.config.emailRatePerSec : this.config.smsRatePerSec;
    if (rate <= 0) return 0;
    const client = this.email.client as GateClient;
    if (!client.breachcastSendGate) client.defineCommand('breachcastSendGate', { numberOfKeys: 1, lua: GATE_SCRIPT });
    const key = `${this.config.queuePrefix}:gate:${channel}`;
    const member = randomUUID();
    let waited = 0;
    for (;;) {
      const wait = Number(await client.breachcastSendGate!(key, GATE_WINDOW_MS, rate, member));
      if (wait <= 0) return waited;
      waited += wait;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
