/** The legal regimes a tenant may be under (contract: tenant `regimes`). */
export const REGIMES = ['gdpr', 'uk_gdpr', 'ch_fadp', 'nis2', 'dora', 'hipaa', 'us_state', 'sec_reg_sp'] as const;
export type Regime = (typeof REGIMES)[number];

export function isRegime(value: unknown): value is Regime {
  return typeof value === 'string' && (REGIMES as readonly string[]).includes(value);
}

/** What one onward obligation is: whom the tenant must tell, and in which step. */
export const OBLIGATION_KINDS = [
  'authority',
  'early_warning',
  'incident_notification',
  'final_report',
  'initial_notification',
  'intermediate_report',
  'individuals',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/**
 * One onward obligation of a controller: when it falls due, counted from the moment the tenant became
 * aware (or from an earlier step of the same regime), and the provision it comes from.
 */
export interface Obligation {
  regime: Regime;
  obligation: ObligationKind;
  /** Elapsed hours after the start; null: "as soon as possible", no fixed time. */
  hours: number | null;
  /** Calendar months added after `hours` (a final report one month later). */
  months?: number;
  /** Counted from the due time of this earlier obligation of the same regime instead of from awareness. */
  after?: ObligationKind;
  /** A condition the reader must apply to the time shown. */
  note?: 'dora_classification';
  /** The provision it comes from, as cited to the tenant. */
  basis: string;
}

/**
 * The tenant's own onward deadlines, one row per obligation of each regime. A change of law is an edit
 * to one row, a new regime new rows (and a name in REGIMES). Every row has a test.
 */
export const OBLIGATIONS: readonly Obligation[] = [
  { regime: 'gdpr', obligation: 'authority', hours: 72, basis: 'GDPR Art. 33(1)' },
  { regime: 'uk_gdpr', obligation: 'authority', hours: 72, basis: 'UK GDPR Art. 33(1)' },
  { regime: 'ch_fadp', obligation: 'authority', hours: null, basis: 'FADP Art. 24(1)' },
  { regime: 'nis2', obligation: 'early_warning', hours: 24, basis: 'NIS2 Directive Art. 23(4)(a)' },
  { regime: 'nis2', obligation: 'incident_notification', hours: 72, basis: 'NIS2 Directive Art. 23(4)(b)' },
  { regime: 'nis2', obligation: 'final_report', hours: 0, months: 1, after: 'incident_notification', basis: 'NIS2 Directive Art. 23(4)(d)' },
  // DORA: 4 h after classifying the incident as major, at the latest 24 h after becoming aware; shown
  // conservatively as 4 h from awareness (as if classified at once), with the condition said beside it.
  { regime: 'dora', obligation: 'initial_notification', hours: 4, note: 'dora_classification', basis: 'DORA Art. 19(4); Delegated Regulation (EU) 2025/301 Art. 5(1)(a)' },
  { regime: 'dora', obligation: 'intermediate_report', hours: 72, after: 'initial_notification', basis: 'Delegated Regulation (EU) 2025/301 Art. 5(1)(b)' },
  { regime: 'dora', obligation: 'final_report', hours: 0, months: 1, after: 'intermediate_report', basis: 'Delegated Regulation (EU) 2025/301 Art. 5(1)(c)' },
  { regime: 'hipaa', obligation: 'individuals', hours: 60 * 24, basis: '45 CFR 164.404(b)' },
  { regime: 'us_state', obligation: 'individuals', hours: 30 * 24, basis: 'Cal. Civ. Code 1798.82' },
  { regime: 'sec_reg_sp', obligation: 'individuals', hours: 30 * 24, basis: '17 CFR 248.30(a)(4)(iii)' },
];

/** The regimes a tenant is under when it names none: by its country (contract: tenant `regimes`). */
export function defaultRegimes(country: string | null | undefined): Regime[] {
  switch ((country ?? '').toUpperCase()) {
    case 'GB':
      return ['uk_gdpr'];
    case 'CH':
      return ['ch_fadp'];
    case 'US':
      return ['us_state'];
    default:
      return ['gdpr'];
  }
}

/** One obligation with its due instant (ISO 8601, UTC), or null when the rule says "as soon as possible". */
export interface Deadline {
  regime: Regime;
  obligation: ObligationKind;
  basis: string;
  dueAt: string | null;
  note?: Obligation['note'];
}

export const HOUR_MS = 3600 * 1000;

function instant(value: string | Date): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${JSON.stringify(value)}`);
  return ms;
}

/** `months` calendar months after an instant, on the same UTC day of the month (or the month's last day). */
function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.getTime();
}

/**
 * When each obligation of the given regimes falls due, counted from `from` (the vendor's awareness, the
 * conservative reading, or the moment the tenant was told). Elapsed hours, not wall-clock ones: a
 * daylight-saving change in between moves the local time it shows, never the instant. In table order.
 */
export function deadlinesFrom(
  from: string | Date,
  regimes: readonly Regime[] = ['gdpr'],
  obligations: readonly Obligation[] = OBLIGATIONS,
): Deadline[] {
  const start = instant(from);
  const rows = obligations.filter((o) => regimes.includes(o.regime));
  const due = new Map<string, number | null>();
  return rows.map((o) => {
    const base = o.after === undefined ? start : (due.get(`${o.regime}:${o.after}`) ?? null);
    const at = base === null || o.hours === null ? null : addMonths(base + o.hours * HOUR_MS, o.months ?? 0);
    due.set(`${o.regime}:${o.obligation}`, at);
    return { regime: o.regime, obligation: o.obligation, basis: o.basis, dueAt: at === null ? null : new Date(at).toISOString(), ...(o.note ? { note: o.note } : {}) };
  });
}

/** The GDPR Art. 33(1) mark: 72 elapsed hours after awareAt, ISO 8601 in UTC. */
export function authorityDeadline(awareAt: string | Date): string {
  return deadlinesFrom(awareAt, ['gdpr'])[0].dueAt!;
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
