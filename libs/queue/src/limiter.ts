/** Bull's limiter options: at most `max` job starts per `duration` ms, counted in Redis for every worker together. */
export interface LimiterOptions {
  max: number;
  duration: number;
}

/**
 * A per-second ceiling as a Bull limiter. Bull's windows are fixed, so `{max: rate, duration: 1000}`
 * lets a burst at the end of one window meet a burst at the start of the next: up to twice the
 * ceiling inside one sliding second. One start per `1000/rate` ms spaces the sends evenly instead,
 * and no second ever holds more than `rate`. Above 100/s the spacing would fall under 10 ms, so the
 * second is cut into tenths and a burst is at most a tenth of the ceiling.
 */
export function limiterFor(ratePerSec: number): LimiterOptions | undefined {
  if (ratePerSec <= 0) return undefined;
  if (ratePerSec <= 100) return { max: 1, duration: Math.ceil(1000 / ratePerSec) };
  return { max: Math.floor(ratePerSec / 10), duration: 100 };
}
