import { defaultRegimes, HOUR_MS, isRegime, Regime } from './deadlines';

/**
 * Regimes that bound how long the vendor (as the tenant's service provider) may take to tell the tenant,
 * whatever the agreement or the configured default says. One row per regime; the fan-out's SQL
 * (`noticeDeadlineMsSql` of @app/tenants) is written from this table too.
 */
export const NOTICE_DEADLINE_CAPS: readonly { regime: Regime; hours: number; basis: string }[] = [
  // A covered institution must be told by its service provider within 72 hours of the provider becoming aware.
  { regime: 'sec_reg_sp', hours: 72, basis: '17 CFR 248.30(a)(5)(i)' },
];

/** The regimes in effect for a tenant: its own (the known ones, each once, as it listed them), or those of its country when it names none. */
export function effectiveRegimes(regimes: readonly string[] | null | undefined, country: string | null | undefined): Regime[] {
  const own = [...new Set((regimes ?? []).filter(isRegime))];
  return own.length > 0 ? own : defaultRegimes(country);
}

export interface NoticeDeadlineTenant {
  /** Hours the vendor's agreement with the tenant gives (null: the configured default). */
  noticeDeadlineHours?: number | null;
  /** The tenant's own regimes (null: by country). */
  regimes?: readonly string[] | null;
  country?: string | null;
}

/**
 * How long after awareAt the tenant's first notice is due, in milliseconds: its own hours, else the
 * configured default (NOTICE_DEADLINE_DEFAULT), shortened to the tightest cap of its regimes
 * (Regulation S-P: 72 hours).
 */
export function noticeDeadlineMs(tenant: NoticeDeadlineTenant, defaultMs: number): number {
  const agreed = tenant.noticeDeadlineHours ? tenant.noticeDeadlineHours * HOUR_MS : defaultMs;
  const regimes = effectiveRegimes(tenant.regimes, tenant.country);
  const caps = NOTICE_DEADLINE_CAPS.filter((c) => regimes.includes(c.regime)).map((c) => c.hours * HOUR_MS);
  return Math.min(agreed, ...caps);
}

/** When the tenant's first notice is due (ISO 8601, UTC): awareAt plus its notice deadline. */
export function noticeDueAt(awareAt: string | Date, tenant: NoticeDeadlineTenant, defaultMs: number): string {
  const start = awareAt instanceof Date ? awareAt.getTime() : Date.parse(awareAt);
  if (Number.isNaN(start)) throw new RangeError(`not a date: ${JSON.stringify(awareAt)}`);
  return new Date(start + noticeDeadlineMs(tenant, defaultMs)).toISOString();
}
