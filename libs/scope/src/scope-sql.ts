import { IncidentScope } from './scope';

const list = (values: string[] | undefined): string[] | null => (values && values.length > 0 ? values : null);
const day = (value: string | null | undefined): string | null => (value ? value.slice(0, 10) : null);

/**
 * The scope rule as SQL over `tenant t`, the same rule as `exposureMatches`/`isAffected`.
 * Returns a condition and its parameters, numbered from `firstParam`.
 */
export function scopeCondition(scope: IncidentScope, firstParam = 1): { sql: string; params: unknown[] } {
  const p = (n: number) => `$${firstParam + n}`;
  const sql = `(
    (EXISTS (SELECT 1 FROM exposure e WHERE e.tenant_id = t.id
        AND (${p(0)}::text[] IS NULL OR e.system = ANY(${p(0)}::text[]))
        AND (${p(1)}::text[] IS NULL OR e.sub_processor = ANY(${p(1)}::text[]))
        AND (${p(2)}::text[] IS NULL OR e.data_categories && ${p(2)}::text[])
        AND (${p(4)}::date IS NULL OR e."from" IS NULL OR e."from" <= ${p(4)}::date)
        AND (${p(3)}::date IS NULL OR e."to" IS NULL OR e."to" >= ${p(3)}::date))
      OR t.external_id = ANY(${p(5)}::text[]))
    AND NOT (t.external_id = ANY(${p(6)}::text[])))`;
  return {
    sql,
    params: [
      list(scope.systems),
      list(scope.subProcessors),
      list(scope.dataCategories),
      day(scope.exposedFrom),
      day(scope.exposedTo),
      scope.includeTenants ?? [],
      scope.excludeTenants ?? [],
    ],
  };
}
