import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs one statement as a named prepared statement on the pool TypeORM keeps. PostgreSQL parses it once per
 * connection and, after its first five runs, may keep a generic plan instead of planning it on every call
 * (planning the progress read cost five times what running it did). Only for statements run often, outside
 * a transaction, whose best plan does not depend on the values passed (lookups by key in small or indexed
 * tables); `name` must be unique to the text.
 */
export async function queryPrepared<R = Record<string, unknown>>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<R[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  return (await pool.query({ name, text, values })).rows as R[];
}
