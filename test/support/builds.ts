import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/**
 * Builds of our own, one directory per state of the sources: `npm run build` empties dist/, which
 * other suites and people may be running, and a build must never overwrite one a worker runs from.
 */
const BUILDS = join(ROOT, 'node_modules', '.cache', 'breachcast-e2e-build');
const LOCK = join(BUILDS, '.lock');
const KEEP_BUILDS = 3;
/** A build on a loaded machine can take minutes: a lock older than this was left by a killed run. */
const LOCK_STALE_MS = 600_000;

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
  const deadline = Date.now() + LOCK_STALE_MS;
  mkdirSync(BUILDS, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
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


/** Stamp in dist/ naming the state of the sources `npm run build` compiled there. */
const DIST_STAMP = join(ROOT, 'dist', '.built-from');

/**
 * `npm run build` into dist/ (what `npm run demo`, `npm run cli` and `npx breachcast` run), once per state of
 * the sources for all suites: the build empties dist/ first, so two suites building in turn would pull the
 * files from under the one running them. Under the build lock; skipped when dist/ already holds this state.
 */
export function buildDist(): string {
  return withLock(() => {
    const state = String(Math.floor(sourcesMtime()));
    const stamp = existsSync(DIST_STAMP) ? readFileSync(DIST_STAMP, 'utf8') : '';
    if (stamp !== state) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
      writeFileSync(DIST_STAMP, state);
    }
    return join(ROOT, 'dist');
  });
}
