import Redis from 'ioredis';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';

export type Snapshot = MetricObjectWithValues<MetricValue<string>>[];

/**
 * Each process's counters and histograms, kept in Redis for a short while. `/metrics` on any API
 * process sums them, so one scrape sees every worker without each worker opening a port.
 * A process that stops publishing drops out when its key expires.
 */
export class MetricSnapshots {
  private readonly redis: Redis;
  private readonly pattern: string;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: 'breachcast-metrics' });
    this.redis.on('error', () => undefined); // reported by the calls that fail
    this.pattern = `${prefix}:metrics:*`;
  }

  private key(instanceId: string): string {
    return `${this.prefix}:metrics:${instanceId}`;
  }

  async publish(instanceId: string, snapshot: Snapshot, ttlMs: number): Promise<void> {
    await this.redis.set(this.key(instanceId), JSON.stringify(snapshot), 'PX', ttlMs);
  }

  async all(): Promise<Snapshot[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', this.pattern, 'COUNT', 200);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const values = await this.redis.mget(...keys);
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as Snapshot);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
