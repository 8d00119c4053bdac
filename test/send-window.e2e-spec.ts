import { waitUntil } from '@app/testing';
import Redis from 'ioredis';
import { arrivals } from './support/arrivals';
import { incident, manyTenants } from './support/delivery-fixtures';
import { Harness, REDIS_URL } from './support/harness';

/**
 * However many notices an incident plans, Redis holds at most SEND_QUEUE_WINDOW unfinished send jobs
 * per channel; the rest wait in PostgreSQL as `queued` and are added as the queues drain. Sampled from
 * Redis itself while 800 notices go out through a window of 100.
 */
describe('send queue window', () => {
  const TENANTS = 400;
  const WINDOW = 100;
  let h: Harness;
  let redis: Redis;

  beforeAll(async () => {
    h = await Harness.start({ smtp: { parse: false }, env: { SEND_QUEUE_WINDOW: String(WINDOW), EMAIL_RATE_PER_SEC: '150', SMS_RATE_PER_SEC: '150' } });
    redis = new Redis(REDIS_URL);
    await h.admin.post('/v1/tenants/import', { tenants: manyTenants(TENANTS) }).expect(200);
  });

  afterAll(async () => {
    redis?.disconnect();
    await h?.close();
  });

  /**
   * Unfinished jobs of one send queue, as Bull keeps them: read in one MULTI, since a job a worker takes
   * between two separate reads would be counted both in `wait` and in `active`.
   */
  async function held(channel: 'email' | 'sms'): Promise<number> {
    const key = (name: string) => `${h.env.QUEUE_PREFIX}:${channel}:${name}`;
    const replies = (await redis.multi().llen(key('wait')).llen(key('active')).zcard(key('delayed')).llen(key('paused')).exec()) ?? [];
    return replies.reduce((sum, [, count]) => sum + Number(count), 0);
  }

  it('keeps at most the window in Redis and still sends every notice once', async () => {
    const expected = TENANTS * 2;
    const incidentId = await h.fileAndDispatch(incident('INC-WINDOW-1'));
    let mostHeld = 0;
    let mostWaitingInPostgres = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [email, sms] = await Promise.all([held('email'), held('sms')]);
        mostHeld = Math.max(mostHeld, email, sms);
        const [row] = await h.db.query(`SELECT count(*)::int AS n FROM notice WHERE incident_id = $1 AND status = 'queued'`, [incidentId]);
        mostWaitingInPostgres = Math.max(mostWaitingInPostgres, row.n);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const progress = await h.waitForCompletion(incidentId);
    sampling = false;
    await sampler;
    const result = await arrivals(h, incidentId);
    console.log(`window ${WINDOW}: at most ${mostHeld} jobs held per queue while up to ${mostWaitingInPostgres} notices were queued; duplicates ${result.duplicates}`);

    expect(progress.notices).toMatchObject({ total: expected, sent: expected, failed: 0 });
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(mostHeld).toBeLessThanOrEqual(WINDOW);
    expect(mostHeld).toBeGreaterThan(WINDOW / 2);
    // The window bit: more notices were queued at once than Redis was allowed to hold.
    expect(mostWaitingInPostgres).toBeGreaterThan(2 * WINDOW);
  });

  it('feeds a second incident, planned after the first was fed, from where the cursor stopped', async () => {
    const incidentId = await h.fileAndDispatch(incident('INC-WINDOW-2', { channels: ['email'] }));
    await h.waitForCompletion(incidentId);
    await waitUntil(async () => (await held('email')) === 0, { message: 'the email queue did not drain' });
    const notices = await h.notices(incidentId);
    expect(notices).toHaveLength(TENANTS);
    expect(notices.every((n) => n.status === 'sent')).toBe(true);
  });
});
