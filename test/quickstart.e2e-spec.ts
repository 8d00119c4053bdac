import { Env } from '@app/config';
import { runMigrations } from '@app/database';
import { clearRedisPrefix, createTestDatabase, freePort, TestDatabase, uniqueQueuePrefix, waitUntil } from '@app/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDist } from './support/builds';
import { REDIS_URL } from './support/harness';

const ROOT = join(__dirname, '..');
/** `npm run build`: the apps as `npm run demo` and `npm run start:api` run them, with their views and templates. */
const buildRoot = () => join(ROOT, 'dist');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A built entry point as an operator starts it: its own working directory (no .env), only the given environment. */
function start(script: string, env: Env): { child: ChildProcess; output: () => Run; exited: Promise<Run> } {
  const child = spawn(process.execPath, [join(buildRoot(), script)], {
    cwd: mkdtempSync(join(tmpdir(), 'bc-quickstart-')),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const output = () => ({ code: child.exitCode, stdout, stderr });
  const exited = new Promise<Run>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, output, exited };
}

/** Whether a TCP connection to host:port opens. */
const opens = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('a quick start that never trips', () => {
  const databases: TestDatabase[] = [];
  const prefixes: string[] = [];

  beforeAll(() => void buildDist(), 900_000);
  afterAll(async () => {
    for (const db of databases) await db.drop().catch(() => undefined);
    for (const prefix of prefixes) await clearRedisPrefix(REDIS_URL, prefix).catch(() => undefined);
  });

  describe('npm run demo', () => {
    let other: Server;
    let port: number;

    beforeAll(async () => {
      // Another program on the demo's port that answers HTTP, as another breachcast would (with a 401).
      port = await freePort();
      other = createServer((_req, res) => res.writeHead(401).end('{"statusCode":401}'));
      await new Promise<void>((resolve) => other.listen(port, '0.0.0.0', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

    it('says in one line that its port is taken and how to fix it, and exits non-zero before touching anything', async () => {
      const started = Date.now();
      // Nothing listens on these: the demo must stop at the port, before it connects anywhere.
      const run = await start('apps/cli/src/demo.js', { PORT: String(port), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1' }).exited;
      expect(run.code).toBe(1);
      const lines = run.stderr.split('\n').filter(Boolean);
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^✖ port ${port} \\(PORT, the API and console\\) on 127\\.0\\.0\\.1 is already in use by another program: .*PORT=\\d+ npm run demo$`))]);
      expect(run.stdout).not.toContain('database');
      expect(Date.now() - started).toBeLessThan(60_000);
    });

    it('names PostgreSQL or Redis when either is not running', async () => {
      const free = await freePort();
      const run = await start('apps/cli/src/demo.js', { PORT: String(free), REDIS_URL: 'redis://127.0.0.1:1' }).exited;
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('✖ Redis is not reachable at 127.0.0.1:1 (REDIS_URL): start it, or point REDIS_URL at it (README, "Prerequisites")');
    });
  });

  describe('the API listens where HOST says', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase('bc_e2e');
      databases.push(database);
      await runMigrations(database.url);
    });

    const api = async (host: string | undefined) => {
      const port = await freePort();
      const prefix = uniqueQueuePrefix();
      prefixes.push(prefix);
      const env: Env = { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, PORT: String(port), LOG_LEVEL: 'info', ...(host ? { HOST: host } : {}) };
      const proc = start('apps/api/src/main.js', env);
      await waitUntil(
        async () => {
          if (proc.output().code !== null) throw new Error(`the API exited: ${proc.output().stderr}`);
          return proc.output().stdout.includes('breachcast API listening');
        },
        { message: 'the API to listen' },
      );
      return { port, proc };
    };

    it('HOST=127.0.0.1: loopback only, other addresses are refused', async () => {
      const { port, proc } = await api('127.0.0.1');
      try {
        expect(proc.output().stdout).toContain(`breachcast API listening on 127.0.0.1:${port}`);
        expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
        expect(await opens('127.0.0.2', port)).toBe(false);
      } finally {
        proc.child.kill('SIGTERM');
        expect((await proc.exited).code).toBe(0);
      }
    });

    it('a port another program holds: one line naming it, exit 1', async () => {
      const port = await freePort();
      const holder = createServer();
      await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
      try {
        const prefix = uniqueQueuePrefix();
        prefixes.push(prefix);
        const run = await start('apps/api/src/main.js', { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' }).exited;
        expect(run.code).toBe(1);
        expect(run.stderr.trim()).toBe(`Cannot listen on 127.0.0.1, port ${port}: another program uses the port; stop it or set PORT.`);
      } finally {
        await new Promise<void>((resolve) => holder.close(() => resolve()));
      }
    });

    it('HOST=0.0.0.0 (as in the container): every IPv4 address', async () => {
      const { port, proc } = await api('0.0.0.0');
      try {
        expect(proc.output().stdout).toContain(`breachcast API listening on 0.0.0.0:${port}`);
        expect(await opens('127.0.0.1', port)).toBe(true);
        expect(await opens('127.0.0.2', port)).toBe(true);
      } finally {
        proc.child.kill('SIGTERM');
        await proc.exited;
      }
    });
  });

  describe('a database without its migrations', () => {
    const expectOneLine = (run: Run, message: RegExp) => {
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toMatch(message);
      expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(run.stderr + run.stdout).not.toMatch(/^\s+at /m);
    };

    it('the API says to run the migrations when the database does not exist', async () => {
      const url = `postgres://postgres@127.0.0.1:5432/bc_e2e_missing_${Date.now().toString(36)}`;
      const run = await start('apps/api/src/main.js', { DATABASE_URL: url, REDIS_URL, PORT: String(await freePort()) }).exited;
      expectOneLine(run, /^The database "bc_e2e_missing_\w+" at 127\.0\.0\.1:5432 does not exist: run the migrations: npm run migration:run \(it creates the database\)\.$/);
    });

    it('the API and the worker say so when the tables are missing', async () => {
      const empty = await createTestDatabase('bc_e2e');
      databases.push(empty);
      const env = { DATABASE_URL: empty.url, REDIS_URL, PORT: String(await freePort()) };
      const [apiRun, workerRun] = await Promise.all([start('apps/api/src/main.js', env).exited, start('apps/worker/src/main.js', env).exited]);
      for (const run of [apiRun, workerRun]) expectOneLine(run, /has no breachcast tables yet: run the migrations: npm run migration:run\.$/);
    });

    it('the worker says so when migrations are pending', async () => {
      const behind = await createTestDatabase('bc_e2e');
      databases.push(behind);
      await runMigrations(behind.url);
      const db = new DataSource({ type: 'postgres', url: behind.url });
      await db.initialize();
      const [{ id, name }] = await db.query('SELECT id, name FROM migrations ORDER BY id DESC LIMIT 1');
      await db.query('DELETE FROM migrations WHERE id = $1', [id]);
      await db.destroy();
      const prefix = uniqueQueuePrefix();
      prefixes.push(prefix);
      const run = await start('apps/worker/src/main.js', { DATABASE_URL: behind.url, REDIS_URL, QUEUE_PREFIX: prefix }).exited;
      expectOneLine(run, new RegExp(`is 1 migration\\(s\\) behind this version \\(${name}\\): run the migrations: npm run migration:run\\.$`));
    });
  });
});
