import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { freePort, waitUntil } from '@app/testing';

export const ROOT = path.resolve(__dirname, '../../..');
const MAIN = { api: 'apps/api/src/main.js', worker: 'apps/worker/src/main.js', migrate: 'libs/database/src/migrate.js' } as const;
/** The build the apps run from (see snapshotBuild / buildCommit). */
let appDir = path.join(ROOT, 'dist-bench/app');

export function appMain(kind: keyof typeof MAIN): string {
  return path.join(appDir, MAIN[kind]);
}

export function appDirectory(): string {
  return appDir;
}

/** The double reads Twilio's spec next to the compiled libs/testing (copied once; parallel runs share it). */
function copyTwilioSpec(): void {
  const target = path.join(ROOT, 'dist-bench/libs/testing/twilio-oai');
  if (!existsSync(path.join(target, 'messages.json'))) cpSync(path.join(ROOT, 'libs/testing/twilio-oai'), target, { recursive: true });
}

/**
 * Copies the working tree's build (npm run build) to dist-bench/app, so a rebuild by someone else
 * mid-run cannot pull files from under the apps; also puts the Twilio spec the double reads next to
 * the compiled libs/testing.
 */
export function snapshotBuild(): void {
  copyTwilioSpec();
  if (!existsSync(path.join(ROOT, 'dist', MAIN.api))) throw new Error('dist/ has no build: run npm run build first');
  rmSync(appDir, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'dist'), appDir, { recursive: true });
}

/** Builds a commit (git archive, tsc, tsc-alias, assets) into dist-bench/rev-<sha>/ and runs the apps from there. */
export function buildCommit(rev: string): string {
  copyTwilioSpec();
  const sha = execFileSync('git', ['rev-parse', '--short', rev], { cwd: ROOT, encoding: 'utf8' }).trim();
  const src = path.join(ROOT, 'dist-bench', `rev-${sha}`);
  if (!existsSync(path.join(src, 'dist', MAIN.api))) {
    // Built aside and renamed into place, so two runs of the same commit never see a half-built tree.
    const tmp = `${src}.${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${tmp}"`], { cwd: ROOT });
    const bin = (name: string) => path.join(ROOT, 'node_modules/.bin', name);
    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: tmp, stdio: 'inherit' });
    execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: tmp, stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/copy-assets.js'], { cwd: tmp, stdio: 'inherit' });
    if (existsSync(path.join(src, 'dist', MAIN.api))) {
      rmSync(tmp, { recursive: true, force: true }); // another run finished the same build first
    } else {
      rmSync(src, { recursive: true, force: true });
      renameSync(tmp, src);
    }
  }
  appDir = path.join(src, 'dist');
  return sha;
}

/** Peak and current resident memory of a process, from /proc (Linux), in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return 0;
  }
}

export interface Managed {
  name: string;
  pid: number;
  cpuSeconds(): number;
  /** Highest VmHWM seen (kept after the process exits). */
  peakRss(): number;
  stop(): Promise<void>;
}

function manage(name: string, child: ChildProcess): Managed {
  let peak = 0;
  const sample = () => {
    const m = child.pid ? memoryOf(child.pid) : null;
    if (m) peak = Math.max(peak, m.peak);
  };
  const timer = setInterval(sample, 500);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    pid: child.pid!,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    peakRss: () => (sample(), peak),
    async stop() {
      sample();
      clearInterval(timer);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

function logFd(logDir: string, name: string): number {
  mkdirSync(logDir, { recursive: true });
  return openSync(path.join(logDir, `${name}.log`), 'a');
}

/** A private redis-server (no persistence), so `used_memory` is this benchmark's alone. */
export async function startRedis(logDir: string): Promise<Managed & { url: string; client: Redis }> {
  const port = await freePort();
  const fd = logFd(logDir, 'redis');
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.once('error', (error) => console.error(`redis-server could not start: ${error.message} (apt-get install redis-server)`));
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  client.on('error', () => undefined); // refused until redis-server listens; retried
  await waitUntil(() => client.ping(), { timeoutMs: 10_000, intervalMs: 100, message: 'redis-server did not answer' }).catch(
    async (error) => {
      child.kill('SIGKILL');
      throw error;
    },
  );
  const managed = manage('redis', child);
  return {
    ...managed,
    url,
    client,
    async stop() {
      client.disconnect();
      await managed.stop();
    },
  };
}

export interface AppProcess extends Managed {
  /** Ask a process started with a profiler to write its CPU profile now. */
  writeProfile(): Promise<void>;
}

/**
 * Runs a built app (`npm run build` first) as its own node process with this environment.
 * `profileDir`: preload a sampling profiler that writes `<name>-<pid>.cpuprofile` on SIGUSR2.
 */
export async function startApp(
  kind: 'api' | 'worker',
  name: string,
  env: Record<string, string>,
  logDir: string,
  profileDir?: string,
): Promise<AppProcess> {
  const main = appMain(kind);
  const fd = logFd(logDir, name);
  const preload = profileDir ? ['--require', path.join(__dirname, 'profile-preload.js')] : [];
  const child = spawn(process.execPath, [...preload, main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env, ...(profileDir ? { BENCH_PROFILE_DIR: profileDir, BENCH_PROFILE_NAME: name } : {}) },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const managed = manage(name, child);
  const logFile = path.join(logDir, `${name}.log`);
  const ready =
    kind === 'api'
      ? async () => (await fetch(`http://127.0.0.1:${env.PORT}/health`).catch(() => null))?.ok
      : // the log file is appended to across runs: wait for this process's own line
        async () => readFileSync(logFile, 'utf8').includes(`breachcast worker started (pid ${child.pid})`);
  const deadline = Date.now() + 60_000;
  while (!(await ready())) {
    const problem = child.exitCode !== null ? `exited with code ${child.exitCode}` : Date.now() > deadline ? 'did not become ready in 60 s' : null;
    if (problem) {
      await managed.stop();
      throw new Error(`${name} ${problem} (see ${logFile})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    ...managed,
    async writeProfile() {
      if (!profileDir) return;
      const before = Date.now();
      child.kill('SIGUSR2');
      await waitUntil(() => existsSync(path.join(profileDir, `${name}-${child.pid}.cpuprofile`)), { timeoutMs: 30_000, intervalMs: 100 }).catch(() =>
        console.warn(`no CPU profile from ${name} after ${Date.now() - before} ms`),
      );
    },
  };
}

export async function redisUsedMemory(client: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? 0);
}

/** Samples Redis `used_memory` every 250 ms; `peak()` is the highest seen. */
export function sampleRedisMemory(client: Redis): { peak(): Promise<number>; stop(): void; baseline: Promise<number> } {
  let max = 0;
  const baseline = redisUsedMemory(client);
  const timer = setInterval(() => {
    redisUsedMemory(client)
      .then((used) => (max = Math.max(max, used)))
      .catch(() => undefined);
  }, 250);
  return {
    baseline,
    async peak() {
      return Math.max(max, await redisUsedMemory(client).catch(() => 0));
    },
    stop: () => clearInterval(timer),
  };
}
