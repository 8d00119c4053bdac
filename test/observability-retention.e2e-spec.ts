import { QueueProducer } from '@app/queue';
import { waitUntil } from '@app/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Harness, REDIS_URL, scenario } from './support/harness';

const EXTRA_JOBS = 1_100;

/**
 * PostgreSQL keeps every notice, event and audit entry; Redis keeps only a bounded tail of
 * finished jobs. After a dispatch, more send jobs than Bull keeps completed (for notices that
 * no longer exist: each ends as skipped, quickly) run through the same queue and worker.
 */
describe('retention', () => {
  const sms = scenario('sms-gateway-archive');
  let h: Harness;
  let redis: Redis;
  let incidentId: string;

  beforeAll(async () => {
    h = await Harness.start();
    redis = new Redis(REDIS_URL);
    await h.admin.post('/v1/tenants/import', { tenants: sms.tenants }).expect(200);
    incidentId = await h.fileAndDispatch(sms.incident);
    await h.waitForCompletion(incidentId);
    await h.api.get(QueueProducer, { strict: false }).enqueueSends(Array.from({ length: EXTRA_JOBS }, () => ({ noticeId: randomUUID(), channel: 'email' as const })));
    await waitUntil(
      async () => {
        const { email } = await h.api.get(QueueProducer, { strict: false }).depths();
        return email.waiting + email.active + email.delayed === 0;
      },
    );
  });

  afterAll(async () => {
    redis?.disconnect();
    await h?.close();
  });

  it('keeps every notice and its events in PostgreSQL', async () => {
    const [row] = await h.db.query(
      `SELECT count(*)::int AS notices, count(*) FILTER (WHERE status IN ('sent', 'delivered'))::int AS sent,
              (SELECT count(*)::int FROM notice_event e JOIN notice n ON n.id = e.notice_id WHERE n.incident_id = $1 AND e.type = 'sent') AS events
         FROM notice WHERE incident_id = $1`,
      [incidentId],
    );
    expect(row.notices).toBe(8);
    expect(row).toEqual({ notices: row.notices, sent: row.notices, events: row.notices });
    expect((await h.auditor.get('/v1/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it('keeps no more than 1,000 completed send jobs in Redis, each set to be removed', async () => {
    const prefix = h.env.QUEUE_PREFIX!;
    const completed = await redis.zcard(`${prefix}:email:completed`);
    expect(completed).toBeGreaterThan(0);
    expect(completed).toBeLessThanOrEqual(1_000);
    // The trimmed jobs are gone with their data, not just out of the set.
    const jobKeys: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:email:*`, 'COUNT', 1000);
      jobKeys.push(...keys.filter((k) => /:[0-9a-f-]{36}$/.test(k)));
      cursor = next;
    } while (cursor !== '0');
    expect(jobKeys.length).toBeLessThanOrEqual(1_000);
    const [newest] = await redis.zrevrange(`${prefix}:email:completed`, 0, 0);
    const opts = JSON.parse((await redis.hget(`${prefix}:email:${newest}`, 'opts'))!);
    expect(opts.removeOnComplete).toEqual({ age: expect.any(Number), count: 1_000 });
    expect(opts.removeOnComplete.age).toBeLessThanOrEqual(24 * 3600);
    expect(opts.removeOnFail).toEqual({ age: expect.any(Number), count: expect.any(Number) });
  });
});
