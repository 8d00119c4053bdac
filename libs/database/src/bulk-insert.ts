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

/** A column of a column-wise insert: its name and PostgreSQL type. */
export interface ColumnSpec {
  name: string;
  type: 'uuid' | 'text' | 'int' | 'boolean' | 'jsonb' | 'timestamptz';
}

/**
 * INSERT … SELECT FROM unnest(…): one array parameter per column, however many rows. Against a multi-row
 * VALUES list of thousands of rows, PostgreSQL parses and plans one small statement instead of tens of
 * thousands of parameters, and the client sends one array per column.
 */
export async function insertColumns<R = unknown>(
  manager: EntityManager,
  table: string,
  columns: ColumnSpec[],
  rows: unknown[][],
  suffix = '',
): Promise<R[]> {
  if (rows.length === 0) return [];
  const arrays = columns.map((column, i) =>
    rows.map((row) => {
      const value = row[i];
      return column.type === 'jsonb' && value !== null && value !== undefined ? JSON.stringify(value) : value;
    }),
  );
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const unnest = columns.map((c, i) => `$${i + 1}::${c.type === 'jsonb' ? 'text' : c.type}[]`).join(', ');
  const select = columns.map((c, i) => (c.type === 'jsonb' ? `c${i}::jsonb` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const returned = await manager.query(`INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${unnest}) AS r(${aliases}) ${suffix}`, arrays);
  return Array.isArray(returned) ? (returned as R[]) : [];
}
