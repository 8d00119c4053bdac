import { Client } from 'pg';
import { MIGRATIONS } from './data-source';

export const RUN_MIGRATIONS = 'run the migrations: npm run migration:run';

/** Where the database is, for a message: host, port and name, never the user or password. */
function describe(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `"${decodeURIComponent(url.pathname.replace(/^\//, ''))}" at ${url.hostname}:${url.port || 5432}`;
}

/**
 * Before an app starts: a missing database, missing tables or pending migrations are one line
 * telling the operator what to run, instead of a stack trace from the first query. Any other
 * connection problem is left to the app's own start-up (it retries and reports it).
 */
export async function schemaProblem(databaseUrl: string): Promise<string | null> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return `The database ${describe(databaseUrl)} does not exist: ${RUN_MIGRATIONS} (it creates the database).`;
    return null;
  }
  client.on('error', () => undefined);
  try {
    const { rows } = await client.query<{ name: string }>('SELECT name FROM migrations');
    const applied = new Set(rows.map((r) => r.name));
    const pending = MIGRATIONS.map((m) => new m().name ?? m.name).filter((name) => !applied.has(name));
    if (pending.length === MIGRATIONS.length) return `The database ${describe(databaseUrl)} has no breachcast tables yet: ${RUN_MIGRATIONS}.`;
    if (pending.length > 0) return `The database ${describe(databaseUrl)} is ${pending.length} migration(s) behind this version (${pending.join(', ')}): ${RUN_MIGRATIONS}.`;
    return null;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return `The database ${describe(databaseUrl)} has no breachcast tables yet: ${RUN_MIGRATIONS}.`;
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** For an app's entry point: the problem on stderr and exit code 1, or nothing. */
export async function exitUnlessSchemaReady(databaseUrl: string): Promise<void> {
  const problem = await schemaProblem(databaseUrl);
  if (problem === null) return;
  console.error(problem);
  process.exit(1);
}
