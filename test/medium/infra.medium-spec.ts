import { Client } from 'pg';
import Redis from 'ioredis';
import net from 'node:net';
import { clearRedisPrefix, createTestDatabase, dropTestDatabases, freePort, uniqueQueuePrefix, waitUntil } from '@app/testing';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('createTestDatabase', () => {
  it('creates a fresh database that can be used, and drops it even with open connections', async () => {
    const db = await createTestDatabase();
    expect(db.name).toMatch(/^bc_test_[0-9a-z]+_[0-9a-f]{8}$/);
    expect(db.url).toBe(`postgres://postgres@127.0.0.1:5432/${db.name}`);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    c.on('error', () => undefined); // the forced drop terminates it
    const { rows } = await c.query<{ db: string }>('SELECT current_database() AS db');
    expect(rows[0].db).toBe(db.name);
    await db.drop();
    await db.drop(); // idempotent
    const adminClient = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await adminClient.connect();
    const left = await adminClient.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
    await adminClient.end();
    expect(left.rowCount).toBe(0);
  });

  it('refuses prefixes that are not plain identifiers', async () => {
    await expect(createTestDatabase('bad-prefix"; DROP')).rejects.toThrow(/prefix/);
  });

  it('dropTestDatabases keeps recent ones', async () => {
    const db = await createTestDatabase('bc_sweep');
    try {
      expect(await dropTestDatabases('bc_sweep', { olderThanMs: 60_000 })).toEqual([]);
      expect(await dropTestDatabases('bc_sweep', { olderThanMs: -1000 })).toEqual([db.name]);
    } finally {
      await db.drop();
    }
  });
});

describe('Redis and ports', () => {
  it('uniqueQueuePrefix differs each call', () => {
    const a = uniqueQueuePrefix();
    expect(a).toMatch(/^bct-[0-9a-z]{12}$/);
    expect(uniqueQueuePrefix()).not.toBe(a);
  });

  it('clearRedisPrefix deletes only <prefix>:* keys', async () => {
    const prefix = uniqueQueuePrefix();
    const redis = new Redis(REDIS_URL);
    try {
      const other = `${prefix}x:keep`;
      await redis.mset(`${prefix}:a`, '1', `${prefix}:bull:q:1`, '2', other, '3');
      const pipe = redis.pipeline();
      for (let i = 0; i < 1500; i++) pipe.set(`${prefix}:many:${i}`, '1');
      await pipe.exec();
      expect(await clearRedisPrefix(REDIS_URL, prefix)).toBe(1502);
      expect(await redis.exists(`${prefix}:a`, `${prefix}:bull:q:1`)).toBe(0);
      expect(await redis.get(other)).toBe('3');
      await redis.del(other);
    } finally {
      redis.disconnect();
    }
  });

  it('freePort gives a port that can be bound', async () => {
    const port = await freePort();
    const srv = net.createServer();
    await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
    await new Promise<void>((r) => srv.close(() => r()));
  });
});

describe('waitUntil', () => {
  it('resolves with the first truthy value and throws the message on timeout', async () => {
    let n = 0;
    await expect(waitUntil(() => (++n >= 3 ? n : false), { intervalMs: 1 })).resolves.toBe(3);
    await expect(waitUntil(() => false, { timeoutMs: 30, intervalMs: 5, message: 'notices never settled' })).rejects.toThrow(/^notices never settled \(after 30 ms/);
    await expect(
      waitUntil(() => {
        throw new Error('not yet');
      }, { timeoutMs: 20 }),
    ).rejects.toThrow(/last: not yet/);
  });
});
