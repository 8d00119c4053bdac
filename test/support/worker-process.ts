import { Env } from '@app/config';
import { CHANNELS } from '@app/kernel';
import { sendQueueName } from '@app/queue';
import { waitUntil } from '@app/testing';
import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/**
 * Builds of our own, one directory per state of the sources: `npm run build` empties dist/, which
 * other suites and people may be running, and a build must never overwrite one a worker runs from.
 */
const BUILDS = join(ROOT, 'node_modules', '.cache', 'breachcast-e2e-build');
const LOCK = join(BUILDS, '.lock');
const KEEP_BUILDS = 3;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Newest source of what the build compiles: apps and every lib but the test helpers. */
const sourcesMtime = () =>
  Math.max(
    newestMtime(join(ROOT, 'apps')),
    ...readdirSync(join(ROOT, 'libs'))
      .filter((lib) => lib !== 'testing')
      .map((lib) => newestMtime(join(ROOT, 'libs', lib))),
  );

function withLock<T>(fn: () => T): T {
  const deadline = Date.now() + 180_000;
  mkdirSync(BUILDS, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`could not take the build lock ${LOCK}`);
      execFileSync('sleep', ['0.2']);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function build(): string {
  return withLock(() => {
    const out = join(BUILDS, String(Math.floor(sourcesMtime())));
    const main = join(out, 'apps', 'worker', 'src', 'main.js');
    if (existsSync(join(out, '.done'))) return main;
    const run = (script: string, args: string[]) => {
      try {
        execFileSync(process.execPath, [join(ROOT, 'node_modules', script), ...args], { cwd: ROOT, stdio: 'pipe' });
      } catch {
        // tsc exits non-zero on any type error in the tree but still writes its output
      }
    };
    run('typescript/bin/tsc', ['-p', 'tsconfig.build.json', '--outDir', out]);
    run('tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.build.json', '--outDir', out]);
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'copy-assets.js'), out], { cwd: ROOT, stdio: 'pipe' });
    if (!existsSync(main)) throw new Error(`build did not produce ${main}`);
    writeFileSync(join(out, '.done'), '');
    const builds = readdirSync(BUILDS).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
    for (const old of builds.slice(KEEP_BUILDS)) rmSync(join(BUILDS, old), { recursive: true, force: true });
    return main;
  });
}

let built: string | null = null;

/**
 * The worker's entry point, compiled from apps and libs (≈ 8 s) once per suite, and only when no
 * build of the current sources exists. Type errors elsewhere in the tree do not stop the emit.
 */
export function buildOnce(): string {
  built ??= build();
  return built;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `node <build>/apps/worker/src/main.js` with the harness's environment: a real worker process. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  private readonly tail: string[] = [];

  constructor(env: Env, options: { logLevel?: string } = {}) {
    this.child = spawn(process.execPath, [buildOnce()], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, LOG_LEVEL: options.logLevel ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.tail.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.tail.length > 200) this.tail.splice(0, this.tail.length - 200);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The last lines it wrote, for a failing test's message. */
  output(): string {
    return this.tail.join('\n');
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/**
 * Resolves once `count` workers take jobs from each send queue (Bull names the blocking connection of
 * every worker that registered a processor): a process can take seconds to boot on a busy machine.
 */
export async function waitForQueueWorkers(app: INestApplicationContext, count: number): Promise<void> {
  await waitUntil(
    async () => {
      for (const name of CHANNELS.map(sendQueueName)) {
        const workers = await app.get<Queue>(getQueueToken(name), { strict: false }).getWorkers();
        if ((workers ?? []).length < count) return false;
      }
      return true;
    },
    { message: `${count} worker processes to take send jobs` },
  );
}
