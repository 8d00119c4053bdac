import { waitUntil } from '@app/testing';
import request from 'supertest';
import { emailOf, incident, phoneOf, tenant } from './support/delivery-fixtures';
import { Harness } from './support/harness';
import { countersAndFullCount } from './support/progress-counters';

/**
 * What an operator sees while an incident sends: /health and progress say whether a worker consumes (by
 * its heartbeat), progress gives each channel's rate, time left and why it is slow (here: the email
 * ceiling, and SMS provider errors from numbers Twilio refuses), and its counters equal a full count.
 */
describe('live progress: worker heartbeat, pace per channel, exact counters', () => {
  const TENANTS = 80;
  const EMAIL_RATE = 2;
  const INVALID = '+15005550001'; // the Twilio double answers 21211: failed, not retried
  let h: Harness;
  let incidentId: string;

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { EMAIL_RATE_PER_SEC: String(EMAIL_RATE), SMS_RATE_PER_SEC: '1' } });
    const tenants = Array.from({ length: TENANTS }, (_, i) =>
      tenant(`live-${i}`, [{ email: emailOf(i), phone: i < 20 ? (i % 4 === 0 ? INVALID : phoneOf(i)) : undefined }]),
    );
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);
  });

  afterAll(async () => {
    await h?.close();
  });

  const health = async () => (await request(h.baseUrl).get('/health')).body;

  it('/health says no worker is consuming, and still answers 200', async () => {
    const res = await request(h.baseUrl).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' }, worker: { status: 'down', consuming: 0, error: 'no worker is consuming' } } });
  });

  it('/health counts the worker once it consumes', async () => {
    await h.startWorker();
    expect((await health()).checks.worker).toEqual({ status: 'up', consuming: 1 });
  });

  it('gives each channel its rate, ETA and why it is slow while sending', async () => {
    incidentId = await h.fileAndDispatch(incident('INC-LIVE-1', { channels: ['email', 'sms'] }));
    const seen: string[] = [];
    const poll = (until: (p: any) => boolean) =>
      waitUntil(
        async () => {
          const p = (await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body;
          const { email, sms } = p.channels ?? {};
          if (email && seen.length < 200) seen.push(`+${Date.now() - started} ms: email ${email.perSecond}/s eta ${email.etaSeconds} [${email.heldBy}]; sms ${sms?.perSecond}/s open ${sms?.open} [${sms?.heldBy}]`);
          return until(p) ? p : null;
        },
        { intervalMs: 500, timeoutMs: 90_000 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}; seen: ${seen.join(' | ')}`);
      });
    const started = Date.now();
    // SMS: five numbers Twilio refuses, in the first seconds, while the others wait for the 1/s ceiling
    const erring = await poll((p) => p.channels?.sms?.open > 0 && p.channels.sms.heldBy.includes('provider_errors'));
    expect(erring.channels.sms.heldBy).toContain('provider_errors');
    // email: every send waits for the ceiling's slot
    const held = await poll((p) => p.channels?.email?.open > 0 && p.channels.email.heldBy.includes('rate_ceiling'));
    console.log(`progress while sending:\n  ${seen.join('\n  ')}`);
    expect(held.workersConsuming).toBe(1);
    expect(held.channels.email).toMatchObject({ ceiling: EMAIL_RATE, heldBy: expect.arrayContaining(['rate_ceiling']) });
    expect(held.channels.email.perSecond).toBeGreaterThan(0);
    expect(held.channels.email.perSecond).toBeLessThanOrEqual(EMAIL_RATE + 0.5);
    expect(held.channels.email.etaSeconds).toBeGreaterThan(0);
    const open = ['pending', 'queued', 'sending'].reduce((sum, s) => sum + held.byChannel.email[s], 0);
    expect(held.channels.email.open).toBe(open);
    // the old shape is all still there
    expect(Object.keys(held)).toEqual(expect.arrayContaining(['version', 'status', 'affectedTenants', 'notices', 'acknowledgedTenants', 'lateTenants', 'dispatchedAt', 'plannedAt', 'completedAt']));
  });

  it('ends with counters equal to a full count, nothing open and nothing held', async () => {
    const done = await h.waitForCompletion(incidentId);
    expect(done.notices).toMatchObject({ total: TENANTS + 20, sent: TENANTS + 15, failed: 5 });
    expect(done.byChannel.sms).toMatchObject({ total: 20, sent: 15, failed: 5 });
    expect(done.channels.email).toMatchObject({ open: 0, etaSeconds: 0, heldBy: [] });
    const { counters, full } = await countersAndFullCount(h.db, incidentId);
    expect(counters).toEqual(full);
    expect(done.affectedTenants).toBe(full['tenant:affected']);
  });

  it('folds on its own within seconds: no delta of the version left unfolded, the flows kept per second', async () => {
    const unfolded = async () => Number((await h.db.query('SELECT count(*) AS n FROM progress_delta WHERE incident_id = $1', [incidentId]))[0].n);
    await waitUntil(async () => (await unfolded()) === 0, { intervalMs: 250, timeoutMs: 60_000 });
    const flows: { metric: string; seconds: string; n: string }[] = await h.db.query(
      `SELECT metric, count(*) AS seconds, sum(n) AS n FROM progress_flow WHERE incident_id = $1 GROUP BY metric ORDER BY metric`,
      [incidentId],
    );
    const email = flows.find((f) => f.metric === 'settled:email');
    expect(Number(email?.n)).toBeGreaterThan(0);
    expect(Number(email?.seconds)).toBeGreaterThan(1);
    const { counters, full } = await countersAndFullCount(h.db, incidentId);
    expect(counters).toEqual(full);
  });

  it('/health says so at once when the last worker stops', async () => {
    await h.worker!.close();
    h.worker = null;
    expect((await health()).checks.worker).toMatchObject({ status: 'down', consuming: 0 });
    const p = (await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body;
    expect(p.workersConsuming).toBe(0);
  });
});
