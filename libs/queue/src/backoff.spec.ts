import { jitteredBackoff } from './backoff';

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
