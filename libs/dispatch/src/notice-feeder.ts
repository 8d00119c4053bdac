import { CHANNELS } from '@app/kernel';
import { QueueProducer, SendChannel, SendWindow } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { NoticeQueueRepository } from './notice-queue.repository';

/** Jobs added per round trip. */
const BATCH = 5000;
/** The lock (renewed while a feed runs) frees itself this long after its holder died mid-feed. */
const LOCK_TTL_MS = 3_000;
/** When another process holds the lock, look again this much later (its feed may have started before our notices committed). */
const RETRY_MS = 200;

/**
 * Hands queued notices to Bull in `seq` order while their channel's queue has room (SEND_QUEUE_WINDOW),
 * so Redis holds a window of the work and PostgreSQL the rest, however many tenants an incident reaches.
 * Every transaction that inserts notices takes NOTICE_SEQ_LOCK first, so seqs become visible in order
 * and the feed cursor never passes a notice still being written.
 */
@Injectable()
export class NoticeFeeder {
  private readonly logger = new Logger('NoticeFeeder');
  private running: Promise<number> | null = null;
  private again = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: NoticeQueueRepository,
    private readonly window: SendWindow,
    private readonly queue: QueueProducer,
  ) {}

  /** Feeds now, or once more after the feed already running in this process; resolves with the jobs added. */
  feed(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let added = 0;
      try {
        do {
          this.again = false;
          const fed = await this.window.exclusively(LOCK_TTL_MS, () => this.feedAll());
          if (fed === null) this.retryLater();
          added += fed ?? 0;
        } while (this.again);
      } finally {
        this.running = null;
      }
      return added;
    })();
    return this.running;
  }

  /** Starts a feed without waiting for it; a failure is logged, and the next feed picks up where this one stopped. */
  nudge(): void {
    this.feed().catch((error: Error) => this.logger.warn(`could not queue sends: ${error.message}`));
  }

  /** Stops retrying and waits for a feed in flight, so a shutting-down process closes its pools after it. */
  async stop(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.running?.catch(() => undefined);
  }

  private retryLater(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.nudge();
    }, RETRY_MS);
    this.retry.unref();
  }

  private async feedAll(): Promise<number> {
    const started = Date.now();
    let added = 0;
    for (const channel of CHANNELS) added += await this.feedChannel(channel);
    if (added > 0) this.logger.debug(`queued ${added} sends in ${Date.now() - started} ms`);
    return added;
  }

  private async feedChannel(channel: SendChannel): Promise<number> {
    let added = 0;
    let cursor = await this.window.cursor(channel);
    if (cursor === null) {
      cursor = await this.startingPoint(channel);
      await this.window.setCursor(channel, cursor);
    }
    for (;;) {
      const room = await this.window.room(channel);
      if (room === 0) return added;
      const limit = Math.min(room, BATCH);
      const rows = await this.repository.nextToFeed(channel, cursor, limit);
      if (rows.length === 0) return added;
      await this.queue.enqueueSends(rows.map((r) => ({ noticeId: r.id, channel })));
      cursor = BigInt(rows[rows.length - 1].seq);
      await this.window.setCursor(channel, cursor);
      added += rows.length;
      if (rows.length < limit) return added;
    }
  }

  /** With no cursor in Redis (a new or emptied Redis), start before the oldest notice not yet settled. */
  private async startingPoint(channel: SendChannel): Promise<bigint> {
    const oldest = await this.repository.oldestOpenSeq(channel);
    if (oldest != null) return BigInt(oldest) - 1n;
    return BigInt(await this.repository.lastSeq());
  }
}

/** Taken (for the transaction) by every transaction that inserts notices, before it draws seqs. */
export const NOTICE_SEQ_LOCK = 0x62636e71;
