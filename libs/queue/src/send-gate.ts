import { APP_CONFIG, AppConfig } from '@app/config';
import { Channel, CHANNELS } from '@app/kernel';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { SendJob, sendQueueName } from './queue.constants';

export const GATE_WINDOW_MS = 1000;
/** A slot whose worker died mid-send frees itself after this (the SMTP socket timeout is 60 s). */
const HOLD_MS = 60_000;

/**
 * One sorted set per channel, scored in ms (to the microsecond, written out in full: Lua would round a
 * bare number to 14 digits) on the Redis clock, which every worker shares.
 * A send in flight holds its slot (scored at its hold deadline); an answered one is scored at the
 * time of its answer and counts until a window after it. Admits, in order, as many of the given
 * members as there are free slots. Returns {admitted, wait}: when some were left waiting, `wait` is
 * the number of ms until the next slot can free — the oldest answer plus a window, or a whole window
 * when every slot is still in flight (none of those can free sooner) — so a waiter sleeps until then
 * instead of polling.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local window, max, hold = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.3f', now - window))
local want = #ARGV - 3
local admitted = math.max(0, math.min(want, max - redis.call('ZCARD', KEYS[1])))
for i = 1, admitted do redis.call('ZADD', KEYS[1], string.format('%.3f', now + hold), ARGV[3 + i]) end
if admitted > 0 then redis.call('PEXPIRE', KEYS[1], window + hold) end
if admitted == want then return {admitted, 0} end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
return {admitted, math.max(1, math.ceil(math.min(oldest, now) + window - now))}
`;

/** Scores the answered send at the time of its answer; a send whose hold lapsed is counted again from now. */
const RELEASE = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], string.format('%.3f', tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

type GateClient = Queue['client'] & {
  breachcastGateAcquire?: (key: string, windowMs: number, max: number, holdMs: number, ...members: string[]) => Promise<[number, number]>;
  breachcastGateRelease?: (key: string, member: string, windowMs: number) => Promise<number>;
};

/** Call once the provider has answered (or the send failed): the slot then counts for one more window. */
export type ReleaseSlot = () => Promise<void>;

interface Waiter {
  member: string;
  resolve: (release: ReleaseSlot) => void;
  reject: (error: Error) => void;
}

/** The sends of one channel in this process that wait for a slot, first come first served. */
interface Lane {
  waiters: Waiter[];
  asking: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The ceiling: at most EMAIL_RATE_PER_SEC / SMS_RATE_PER_SEC sends in any sliding 1,000 ms at the
 * provider, across every worker. A send counts from the moment it is admitted (just before its
 * request leaves) until one window after its answer came back, and the provider received it in
 * between; so no window at the provider holds more than the ceiling, however long a request takes
 * to get there or a worker stalls. Nothing else paces the sends, so the provider sees the ceiling
 * less only the time each answer takes.
 *
 * The sends waiting in one process queue up here and one of them at a time asks Redis for as many
 * slots as are free; when none is, it sleeps until the moment the next one can free. So waiting
 * costs one round trip per freed slot, not a poll loop.
 */
@Injectable()
export class SendGate {
  private readonly logger = new Logger('SendGate');
  private readonly lanes = new Map<string, Lane>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** The gate's keys go over the first channel's queue connection. */
    @InjectQueue(sendQueueName(CHANNELS[0])) private readonly email: Queue<SendJob>,
  ) {}

  /** Resolves when this send may go, with the function that gives the slot back; `rate` is the channel's ceiling (0: none). */
  acquire(channel: Channel, rate: number): Promise<ReleaseSlot> {
    if (rate <= 0) return Promise.resolve(async () => undefined);
    const key = `${this.config.queuePrefix}:gate:${channel}`;
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { waiters: [], asking: false }));
    const admitted = new Promise<ReleaseSlot>((resolve, reject) => lane.waiters.push({ member: randomUUID(), resolve, reject }));
    if (!lane.asking) void this.ask(channel, key, rate, lane);
    return admitted;
  }

  /** Admits the lane's waiters in order as slots free, until none is left. */
  private async ask(channel: string, key: string, rate: number, lane: Lane): Promise<void> {
    lane.asking = true;
    try {
      const client = this.client();
      while (lane.waiters.length > 0) {
        const members = lane.waiters.slice(0, rate).map((w) => w.member);
        const [admitted, wait] = (await client.breachcastGateAcquire!(key, GATE_WINDOW_MS, rate, HOLD_MS, ...members)).map(Number);
        for (const waiter of lane.waiters.splice(0, admitted)) waiter.resolve(this.releaser(client, channel, key, waiter.member));
        if (lane.waiters.length > 0 && wait > 0) await sleep(wait);
      }
    } catch (error) {
      // Redis cannot be asked: the sends waiting here fail (and are retried) rather than hang
      for (const waiter of lane.waiters.splice(0)) waiter.reject(error as Error);
    } finally {
      lane.asking = false;
    }
  }

  private releaser(client: GateClient, channel: string, key: string, member: string): ReleaseSlot {
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      try {
        await client.breachcastGateRelease!(key, member, GATE_WINDOW_MS);
      } catch (error) {
        // the slot frees itself when its hold lapses
        this.logger.warn(`could not give back a ${channel} send slot: ${(error as Error).message}`);
      }
    };
  }

  private client(): GateClient {
    const client = this.email.client as GateClient;
    if (!client.breachcastGateAcquire) {
      client.defineCommand('breachcastGateAcquire', { numberOfKeys: 1, lua: ACQUIRE });
      client.defineCommand('breachcastGateRelease', { numberOfKeys: 1, lua: RELEASE });
    }
    return client;
  }
}
