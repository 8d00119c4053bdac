import { backoffAfter, jitteredBackoff } from './backoff';

describe(jitteredBackoff.name, () => {
  it('doubles the ceiling per attempt and stays in its upper half', () => {
    expect(jitteredBackoff(1000, 1, () => 0)).toBe(500);
    expect(jitteredBackoff(1000, 1, () => 1)).toBe(1000);
    expect(jitteredBackoff(1000, 4, () => 0)).toBe(4000);
    expect(jitteredBackoff(1000, 4, () => 1)).toBe(8000);
  });

  it('spreads eight attempts at 15 s over about half an hour', () => {
    let total = 0;
    for (let attempt = 1; attempt < 8; attempt++) total += jitteredBackoff(15_000, attempt, () => 1);
    expect(total / 60_000).toBeGreaterThan(25);
    expect(total / 60_000).toBeLessThan(40);
  });
});

describe(backoffAfter.name, () => {
  it('waits at least as long as the failed attempt asked (Retry-After), else the jittered backoff', () => {
    expect(backoffAfter(50, 1, { retryAfterMs: 2000 }, () => 1)).toBe(2000);
    expect(backoffAfter(1000, 4, { retryAfterMs: 2000 }, () => 1)).toBe(8000);
    expect(backoffAfter(50, 1, new Error('no hint'), () => 1)).toBe(50);
    expect(backoffAfter(50, 1, { retryAfterMs: null }, () => 1)).toBe(50);
    expect(backoffAfter(50, 1, undefined, () => 0)).toBe(25);
  });
});
