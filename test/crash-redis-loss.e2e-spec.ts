import { waitUntil } from '@app/testing';
import { arrivals } from './support/arrivals';
import { incident, manyTenants } from './support/delivery-fixtures';
import { Harness, REDIS_URL } from './support/harness';
import { loseRedisPrefix } from './support/redis-loss';

/**
 * Redis holds only work: every key of this run's QUEUE_PREFIX is lost at once, twice mid-dispatch
 * (right after dispatch, while the fan-out is queued or running, and again mid-send), as a FLUSHALL
 * would lose them; every notice still arrives, rebuilt from PostgreSQL: the feeder, having lost its cursor
 * with the jobs, starts again from the oldest open notice, and the sweeper (SWEEP_INTERVAL=1s) restarts
 * the fan-out. Other suites share this Redis, so only our prefix goes.
 */
describe('Redis emptied mid-dispatch', () => {
  const TENANTS = 400;
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ smtp: { parse: false } });
    await h.admin.post('/v1/tenants/import', { tenants: manyTenants(TENANTS) }).expect(200);
  });

  afterAll(() => h?.close());

  it('delivers every notice after losing every queued job twice', async () => {
    const started = Date.now();
    const expected = TENANTS * 2;
    const incidentId = await h.fileAndDispatch(incident('INC-FLUSH-1'));
    const flushes = [`deleted ${await loseRedisPrefix(REDIS_URL, h.env.QUEUE_PREFIX!)} keys right after dispatch`];
    const received = () => h.smtp.messages.length + h.twilio.messages.length;
    await waitUntil(() => received() >= expected * 0.3, { progress: received, message: 'sends did not resume after the first flush' });
    const at = received();
    flushes.push(`deleted ${await loseRedisPrefix(REDIS_URL, h.env.QUEUE_PREFIX!)} keys at ${at} arrivals`);
    const progress = await h.waitForCompletion(incidentId);
    const result = await arrivals(h, incidentId);
    console.log(
      [`Redis prefix emptied twice during a ${TENANTS}-tenant dispatch (${expected} notices):`, ...flushes.map((f) => `  ${f}`)].join('\n') +
        `\n  completed in ${Date.now() - started} ms; missing ${result.missing.length}, duplicates ${result.duplicates}`,
    );
    expect(progress.notices).toMatchObject({ total: expected, sent: expected, failed: 0 });
    expect(result.missing).toEqual([]);
  });
});
