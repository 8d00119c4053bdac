/** Polling and event-driven waiting helpers shared by the doubles and by e2e tests. */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * How long a wait gives a condition by default (3 minutes). It only bounds a failure: a wait ends as
 * soon as its condition holds, and a machine busy with other work can be many times slower than a quiet one.
 */
export const DEFAULT_WAIT_MS = 180_000;

export interface WaitUntilOptions {
  /** Give up after this long (default {@link DEFAULT_WAIT_MS}). */
  timeoutMs?: number;
  /** Poll every this often (default 25 ms). */
  intervalMs?: number;
  /** Error message on timeout (the last thrown error or falsy value is appended). */
  message?: string;
  /**
   * A measure of headway (e.g. messages received so far): whenever it changes, `timeoutMs` counts again
   * from then, so a slow machine may take as long as it needs while a stalled one still fails.
   */
  progress?: () => unknown;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `fn` until it returns a truthy value (not `false`, `null`, `undefined`, `0`, `''`) and
 * resolves with that value. A throwing `fn` counts as "not yet". Throws `Error(message)` on timeout.
 */
export async function waitUntil<T>(fn: () => T | Promise<T>, options: WaitUntilOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const intervalMs = options.intervalMs ?? 25;
  let deadline = Date.now() + timeoutMs;
  let last: unknown;
  let headway = options.progress?.();
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (options.progress) {
      const now = options.progress();
      if (now !== headway) {
        headway = now;
        deadline = Date.now() + timeoutMs;
      }
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`${options.message ?? 'waitUntil timed out'} (after ${timeoutMs} ms${options.progress ? ' without progress' : ''}; last: ${detail})`);
    }
    await sleep(Math.min(intervalMs, Math.max(1, deadline - Date.now())));
  }
}

/** `count`: resolve once that many items exist; predicate: once at least one item matches; or both. */
export type WaitTarget<T> = number | ((item: T) => boolean) | { count?: number; where?: (item: T) => boolean };

interface Waiter<T> {
  where?: (item: T) => boolean;
  count: number;
  matched: T[];
  resolve: (items: T[]) => void;
}

/**
 * An append-only list of observed items with waiters that are woken as items arrive (no polling,
 * O(1) per item per waiter, so it stays cheap for thousands of items).
 */
export class Collector<T> {
  items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  constructor(private readonly label: string) {}

  push(item: T): void {
    this.items.push(item);
    for (const w of this.waiters) {
      if (w.where) {
        if (!w.where(item)) continue;
        w.matched.push(item);
        if (w.matched.length < w.count) continue;
      } else if (this.items.length < w.count) continue;
      this.waiters.delete(w);
      w.resolve(w.where ? w.matched : this.items.slice());
    }
  }

  clear(): void {
    this.items = [];
  }

  /**
   * Resolves with the matching items (all items when waiting for a bare count) once the target is
   * met; rejects after `timeoutMs` with a message saying how far it got.
   */
  waitFor(target: WaitTarget<T>, timeoutMs = DEFAULT_WAIT_MS): Promise<T[]> {
    const t = typeof target === 'number' ? { count: target } : typeof target === 'function' ? { where: target } : target;
    const count = t.count ?? 1;
    const where = t.where;
    const matched = where ? this.items.filter(where) : this.items.slice();
    if (matched.length >= count) return Promise.resolve(where ? matched : this.items.slice());
    return new Promise<T[]>((resolve, reject) => {
      const waiter: Waiter<T> = { where, count, matched: where ? matched : [], resolve: () => undefined };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const got = where ? waiter.matched.length : this.items.length;
        reject(new Error(`${this.label}: waited ${timeoutMs} ms for ${count} ${where ? 'matching ' : ''}item(s), got ${got} (of ${this.items.length} in total)`));
      }, timeoutMs);
      // A wait left behind by a failed test must not keep the process alive for minutes.
      timer.unref();
      waiter.resolve = (items) => {
        clearTimeout(timer);
        resolve(items);
      };
      this.waiters.add(waiter);
    });
  }
}

/** Most of these times (ms) inside any half-open window [t, t + width): sliding, so no alignment hides a burst. */
export function busiestWindow(times: number[], width: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j] < sorted[i] + width) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

/**
 * Watches this process's event loop until `longestMs()` is read: on a busy machine a timer fires as late
 * as the longest stall, so an upper bound on a wait can allow for that and stay tight on a quiet machine.
 */
export function watchStalls(): { longestMs: () => number } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return {
    longestMs: () => {
      delay.disable();
      return delay.max / 1e6;
    },
  };
}
