import { EntityManager } from 'typeorm';

const MAX_PARAMS = 65_535;

/**
 * Multi-row INSERT in chunks that stay under PostgreSQL's bind-parameter limit.
 * `suffix` is appended to each statement (ON CONFLICT …, RETURNING …); returned rows are concatenated.
 */
export async function bulkInsert<R = unknown>(
  manager: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  suffix = '',
): Promise<R[]> {
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const result: R[] = [];
  const columnList = columns.map((c) => `"${c}"`).join(', ');
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${row.map((value) => (params.push(value), `$${params.length}`)).join(', ')})`);
    const returned = await manager.query(`INSERT INTO ${table} (${columnList}) VALUES ${tuples.join(', ')} ${suffix}`, params);
    if (Array.isArray(returned)) result.push(...(returned as R[]));
  }
  return result;
}

/** TypeORM answers UPDATE/DELETE … RETURNING with `[rows, count]` and other statements with `rows`. */
export function rowsOf<R = Record<string, unknown>>(result: unknown): R[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as R[];
  return (Array.isArray(result) ? result : []) as R[];
}
