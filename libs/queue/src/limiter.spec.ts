import { limiterFor } from './limiter';

describe(limiterFor.name, () => {
  it('has no limiter for a ceiling of 0', () => {
    expect(limiterFor(0)).toBeUndefined();
  });

  it.each([1, 3, 5, 7, 10, 50, 100, 101, 150, 999, 100_000])('lets through at most, and nearly, %i a second', (rate) => {
    const { max, duration } = limiterFor(rate)!;
    expect(Number.isInteger(max) && Number.isInteger(duration) && max >= 1 && duration >= 1).toBe(true);
    expect((max * 1000) / duration).toBeLessThanOrEqual(rate);
    expect((max * 1000) / duration).toBeGreaterThanOrEqual(rate * 0.9);
  });

  it('spaces single sends evenly up to 100 a second', () => {
    expect(limiterFor(5)).toEqual({ max: 1, duration: 200 });
    expect(limiterFor(3)).toEqual({ max: 1, duration: 334 });
    expect(limiterFor(100)).toEqual({ max: 1, duration: 10 });
  });

  it('keeps bursts to a tenth of the ceiling above 100 a second', () => {
    expect(limiterFor(1000)).toEqual({ max: 100, duration: 100 });
  });
});
