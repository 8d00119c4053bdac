import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers this process's CPU priority to `nice` (WORKER_NICE). On Linux a nice value belongs to a thread:
 * every thread running now is lowered (V8's and libuv's helpers start with the process), and threads
 * started later inherit it from the one that starts them. Answers what failed, or null.
 */
export function lowerPriority(nice: number): string | null {
  try {
    setPriority(0, nice);
  } catch (error) {
    return (error as Error).message;
  }
  let threads: string[] = [];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return null; // no per-thread nice to set beyond the process's own
  }
  for (const tid of threads) {
    try {
      setPriority(Number(tid), nice);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return null;
}
