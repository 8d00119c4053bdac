import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Queue from 'bull';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import Redis from 'ioredis';
import { redisUsedMemory } from '../support/processes';

export interface BaselineResult {
  count: number;
  seconds: number;
  perSecond: number;
}

const COLUMNS = ['id', 'incident_id', 'version', 'affected_id', 'tenant_id', 'tenant_external_id', 'contact_id', 'contact_role', 'contact_name', 'contact_priority', 'channel', 'to', 'locale', 'kind', 'escalated', 'status'];

function* noticeLines(count: number): Generator<string> {
  const incidentId = randomUUID();
  const batch: string[] = [];
  for (let i = 1; i <= count; i++) {
    const sms = i % 13 < 3; // 0.6 of 2.6 notices per tenant are SMS in the mixed seed
    const to = sms ? `+4860${String(i % 10_000_000).padStart(7, '0')}` : `c1.t${i}@bench.example`;
    batch.push(
      [randomUUID(), incidentId, 1, randomUUID(), randomUUID(), `bench-${String(i).padStart(8, '0')}`, randomUUID(), 'dpo', 'Contact 1', 1, sms ? 'sms' : 'email', to, 'en', 'initial', 'f', 'pending'].join('\t'),
    );
    if (batch.length === 1000) yield batch.splice(0).join('\n') + '\n';
  }
  if (batch.length) yield batch.join('\n') + '\n';
}

/** Raw COPY of `count` notice-shaped rows into a scratch copy of the notice table (same columns, indexes and unique keys). */
export async function copyBaseline(databaseUrl: string, count: number): Promise<BaselineResult> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('DROP TABLE IF EXISTS bench_notice_copy; CREATE TABLE bench_notice_copy (LIKE notice INCLUDING ALL)');
    const started = performance.now();
    await pipeline(Readable.from(noticeLines(count)), db.query(copyFrom(`COPY bench_notice_copy (${COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)));
    const seconds = (performance.now() - started) / 1000;
    await db.query('DROP TABLE bench_notice_copy');
    return { count, seconds, perSecond: count / seconds };
  } finally {
    await db.end();
  }
}

/**
 * Raw Bull `addBulk` of `count` send jobs shaped like ours (job id, attempts, custom backoff, the
 * same keep-finished options), in batches the size of one fan-out page. Also reports the Redis
 * memory those waiting jobs take. Empties Redis afterwards.
 */
export async function bullBaseline(redisUrl: string, count: number, batch = 1300): Promise<BaselineResult & { redisBytes: number }> {
  const redis = new Redis(redisUrl);
  const queue = new Queue('email', redisUrl, { prefix: 'baseline' });
  try {
    await queue.isReady();
    const before = await redisUsedMemory(redis);
    const opts = () => ({
      jobId: randomUUID(),
      attempts: 8,
      backoff: { type: 'jittered' },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 86_400, count: 5000 },
    });
    const started = performance.now();
    for (let done = 0; done < count; done += batch) {
      const n = Math.min(batch, count - done);
      await queue.addBulk(Array.from({ length: n }, () => ({ data: { noticeId: randomUUID() }, opts: opts() })));
    }
    const seconds = (performance.now() - started) / 1000;
    const redisBytes = (await redisUsedMemory(redis)) - before;
    return { count, seconds, perSecond: count / seconds, redisBytes };
  } finally {
    await queue.close();
    await redis.flushall();
    redis.disconnect();
  }
}
