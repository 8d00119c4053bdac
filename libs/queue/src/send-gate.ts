import { APP_CONFIG, AppConfig } from '@app/config';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { QueueName, SendJob } from './queue.constants';

export const GATE_WINDOW_MS = 1000;
/** A slot whose worker died mid-send frees itself after this (the SMTP socket timeout is 60 s). */
const HOLD_MS = 60_000;
/** Longest pause between two looks while every slot is held by a send in flight. */
const POLL_MS = 25;

/**
 * One sorted set per channel, on the Redis clock (all workers share it). A send in flight holds its
 * slot (scored at its hold deadline); a finished one is re-scored at the time it finished and
 * counts for one window after that. A new send is admitted while fewer than `max` entries remain.
 * Returns 0 when admitted, else how long to wait before looking again.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window, hold = tonumber(ARGV[1]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + hold, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window + hold)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.min(tonumber(oldest[2]) + window - now, tonumber(ARGV[5])))
`;

const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

type GateClient = Queue['client'] & {
  breachcastGateAcquire?: (key: string, window: number, max: number, member: string, hold: number, poll: number) => Promise<number>;
  breachcastGateRelease?: (key: string, member: string, window: number) => Promise<number>;
};

/** Call once the provider has answered (or the send failed): the slot then counts for one more window. */
export type ReleaseSlot = () => Promise<void>;

/**
 * The last check before a message leaves: at most EMAIL_RATE_PER_SEC / SMS_RATE_PER_SEC sends in any
 * sliding second, across every worker. A send counts from the moment it is admitted until one second
 * after its answer came back, and the provider received it in between; so no second at the provider
 * holds more than the ceiling, however long a request takes to get there. Bull's limiter already
 * spaces the jobs, so this seldom waits.
 */
@Injectable()
export class SendGate {
  private readonly logger = new Logger('SendGate');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Email) private readonly email: Queue<SendJob>,
  ) {}

  /** Resolves when this send may go, with the function that gives the slot back. */
  async acquire(channel: 'email' | 'sms'): Promise<ReleaseSlot> {
    const rate = channel === 'email' ? this.config.emailRatePerSec : this.config.smsRatePerSec;
    if (rate <= 0) return async () => undefined;
    const client = this.email.client as GateClient;
    if (!client.breachcastGateAcquire) {
      client.defineCommand('breachcastGateAcquire', { numberOfKeys: 1, lua: ACQUIRE });
      client.defineCommand('breachcastGateRelease', { numberOfKeys: 1, lua: RELEASE });
    }
    const key = `${this.config.queuePrefix}:gate:${channel}`;
    const member = randomUUID();
    for (;;) {
      const wait = Number(await client.breachcastGateAcquire!(key, GATE_WINDOW_MS, rate, member, HOLD_MS, POLL_MS));
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return async () => {
      try {
        await client.breachcastGateRelease!(key, member, GATE_WINDOW_MS);
      } catch (error) {
        // the slot frees itself when its hold lapses
        this.logger.warn(`could not give back a ${channel} send slot: ${(error as Error).message}`);
      }
    };
  }
}
