import { classifyWebhookResponse, retryAfterMs } from './webhook.transport';

describe('classifyWebhookResponse', () => {
  const answer = (status: number, headers: Record<string, string> = {}) => classifyWebhookResponse({ status, headers, body: '' });

  it('takes 2xx as delivered', () => {
    expect(answer(204)).toMatchObject({ result: { delivered: true }, retire: false });
  });

  it('fails 410 for good and retires the endpoint', () => {
    expect(answer(410)).toMatchObject({ error: { permanent: true, code: 410 }, retire: true });
  });

  it('fails other 4xx and redirects for good, without retiring', () => {
    expect(answer(400)).toMatchObject({ error: { permanent: true }, retire: false });
    expect(answer(301).error!.message).toMatch(/redirects are not followed/);
    expect(answer(301).error!.permanent).toBe(true);
  });

  it('retries 429 and 5xx, keeping what Retry-After asks', () => {
    expect(answer(503).error).toMatchObject({ permanent: false, retryAfterMs: null });
    expect(answer(429, { 'retry-after': '7' }).error).toMatchObject({ permanent: false, retryAfterMs: 7000 });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, holds a long wait to an hour, and ignores nonsense', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('999999', now)).toBe(3_600_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});
