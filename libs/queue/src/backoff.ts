/**
 * Exponential backoff with full jitter in the upper half: attempt n waits between
 * base·2^(n-1)/2 and base·2^(n-1). With base 15 s and 8 attempts the retries span about 30 minutes.
 */
export function jitteredBackoff(baseMs: number, attemptsMade: number, random: () => number = Math.random): number {
  const ceiling = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export const BACKOFF_STRATEGY = 'jittered';

/**
 * The wait before the next attempt: the jittered backoff, or longer when the failed attempt's error says the
 * provider asked for more time (`retryAfterMs`, e.g. from a `Retry-After` header).
 */
export function backoffAfter(baseMs: number, attemptsMade: number, error?: unknown, random: () => number = Math.random): number {
  const asked = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  const backoff = jitteredBackoff(baseMs, attemptsMade, random);
  return typeof asked === 'number' && Number.isFinite(asked) && asked > backoff ? Math.round(asked) : backoff;
}
