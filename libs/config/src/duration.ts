import ms from 'ms';

/**
 * Parses a duration with its unit (`500ms`, `90s`, `15m`, `24h`, `2d`; `ms` also reads `1.5h`, `2 days`)
 * into milliseconds; returns null for a bare number, a non-positive amount, or anything else.
 */
export function parseDuration(value: string): number | null {
  const text = value.trim();
  if (!/[a-z]$/i.test(text)) return null;
  const millis = ms(text as ms.StringValue);
  return Number.isFinite(millis) && millis >= 1 ? Math.round(millis) : null;
}
