/**
 * The tenant's own onward deadlines: who must tell whom, how long after becoming aware, under which
 * provision. One row per obligation; a change of law is an edit to one row, a new regime new rows.
 * Counted from `awareAt` (the conservative reading: the vendor became aware then).
 */
export interface Obligation {
  regime: 'gdpr';
  /** Whom the tenant must tell: `authority` is its supervisory authority. */
  obligation: 'authority';
  /** Elapsed hours after awareAt. */
  hours: number;
  /** The provision it comes from, as cited to the tenant. */
  basis: string;
}

export const OBLIGATIONS: readonly Obligation[] = [{ regime: 'gdpr', obligation: 'authority', hours: 72, basis: 'GDPR Art. 33(1)' }];

export type Regime = Obligation['regime'];

/** One obligation with its due instant (ISO 8601, UTC). */
export interface Deadline {
  regime: Regime;
  obligation: Obligation['obligation'];
  basis: string;
  dueAt: string;
}

const HOUR_MS = 3600 * 1000;

function instant(value: string | Date): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${JSON.stringify(value)}`);
  return ms;
}

/**
 * When each obligation falls due: `hours` elapsed hours after `awareAt`. Elapsed hours, not wall-clock
 * ones: a daylight-saving change in between moves the local time it shows, never the instant.
 */
export function deadlinesFrom(awareAt: string | Date, obligations: readonly Obligation[] = OBLIGATIONS): Deadline[] {
  const from = instant(awareAt);
  return obligations.map(({ regime, obligation, basis, hours }) => ({ regime, obligation, basis, dueAt: new Date(from + hours * HOUR_MS).toISOString() }));
}

/** The GDPR Art. 33(1) mark every notice shows: 72 elapsed hours after awareAt, ISO 8601 in UTC. */
export function authorityDeadline(awareAt: string | Date): string {
  const [deadline] = deadlinesFrom(
    awareAt,
    OBLIGATIONS.filter((o) => o.regime === 'gdpr' && o.obligation === 'authority'),
  );
  return deadline.dueAt;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as the wall clock of an IANA zone shows it, with that moment's offset:
 * `localDateTime('2023-03-27T09:00:00.000Z', 'Europe/Warsaw')` is `2023-03-27T11:00:00+02:00`.
 * (`formatDateTime` of @app/templates says the same in a reader's language.) An unknown zone is a RangeError.
 */
export function localDateTime(value: string | Date, timeZone: string): string {
  const ms = instant(value);
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
  const offsetMinutes = Math.round((Date.parse(`${wall}Z`) - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${wall}${offset}`;
}
