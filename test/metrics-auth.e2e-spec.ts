import request from 'supertest';
import { Harness } from './support/harness';

/** With METRICS_TOKEN set, /metrics answers only a scraper that sends it; API keys open nothing there. */
describe('metrics behind METRICS_TOKEN', () => {
  const TOKEN = 'scrape-' + 'k'.repeat(24);
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false, env: { METRICS_TOKEN: TOKEN } });
  });

  afterAll(() => h?.close());

  it('answers 401 with WWW-Authenticate without the token, with a wrong one, and with an admin API key', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0000000000000', `Bearer ${h.env.ADMIN_API_KEY}`, TOKEN]) {
      const req = request(h.baseUrl).get('/metrics');
      const res = await (authorization ? req.set('Authorization', authorization) : req);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.text).not.toContain('breachcast_notices');
    }
  });

  it('serves the metrics to the scraper with the token', async () => {
    const res = await request(h.baseUrl).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('breachcast_notices');
  });

  it('leaves /health open', async () => {
    await request(h.baseUrl).get('/health').expect(200);
  });
});
