import { NOTICE_DEADLINE_CAPS } from '@app/regimes';

const HOUR_MS = 3600 * 1000;

/**
 * `noticeDeadlineMs` of @app/regimes as SQL over a tenant row: the tenant's own hours, else the default
 * (a bigint parameter, in ms), shortened to the tightest cap of the regimes it names (NOTICE_DEADLINE_CAPS;
 * no country's default regimes carry a cap, so a tenant naming none has none). Milliseconds, bigint.
 */
export function noticeDeadlineMsSql(tenant: string, defaultMsParam: string): string {
  const caps = NOTICE_DEADLINE_CAPS.map((c) => `, CASE WHEN '${c.regime}' = ANY(${tenant}.regimes) THEN ${c.hours * HOUR_MS}::bigint END`).join('');
  return `LEAST(COALESCE(${tenant}.notice_deadline_hours::bigint * ${HOUR_MS}, ${defaultMsParam}::bigint)${caps})`;
}
