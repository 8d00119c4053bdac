import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Client } from 'pg';
import Redis from 'ioredis';

/** Maintenance database used to create and drop test databases (trust auth on loopback). */
export const DEFAULT_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  name: string;
  /** Drops it `WITH (FORCE)` (open connections are terminated). Safe to call twice. */
  drop(): Promise<void>;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh, uniquely named PostgreSQL database `<prefix>_<base36 time>_<random>` and
 * returns its URL and a `drop()`. The time in the name lets {@link dropTestDatabases} clean up
 * after crashed runs.
 */
export async function createTestDatabase(prefix = 'bc_test', adminUrl = DEFAULT_PG_ADMIN_URL): Promise<TestDatabase> {
  if (!IDENT.test(prefix) || prefix.length > 40) throw new Error(`createTestDatabase: prefix ${JSON.stringify(prefix)} must match ${IDENT} and be at most 40 characters`);
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  let dropped = false;
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * Drops databases made by {@link createTestDatabase} with this prefix that are older than
 * `olderThanMs` (default one hour). Returns the dropped names.
 */
export async function dropTestDatabases(prefix = 'bc_test', options: { olderThanMs?: number; adminUrl?: string } = {}): Promise<string[]> {
  if (!IDENT.test(prefix)) throw new Error(`dropTestDatabases: bad prefix ${JSON.stringify(prefix)}`);
  const olderThan = Date.now() - (options.olderThanMs ?? 3_600_000);
  return admin(options.adminUrl ?? DEFAULT_PG_ADMIN_URL, async (c) => {
    const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}\\_%`]);
    const dropped: string[] = [];
    for (const { datname } of rows) {
      const m = new RegExp(`^${prefix}_([0-9a-z]+)_[0-9a-f]{8}$`).exec(datname);
      if (!m || parseInt(m[1], 36) > olderThan) continue;
      await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      dropped.push(datname);
    }
    return dropped;
  });
}

/** A Bull key prefix of its own for one test run, e.g. `bct-k3j9x2a1b2`. */
export function uniqueQueuePrefix(base = 'bct'): string {
  return `${base}-${Date.now().toString(36).slice(-4)}${randomBytes(4).toString('hex')}`;
}

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/** Deletes every Redis key `<prefix>:*` (SCAN + UNLINK in batches). Resolves with the number deleted. */
export async function clearRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('clearRedisPrefix: an empty prefix would match everything');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
