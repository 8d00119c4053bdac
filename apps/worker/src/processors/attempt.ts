import type { Job } from 'bull';

/** This run's attempt number, and whether Bull will try again after it. */
export function attemptOf(job: Job): { attempt: number; last: boolean } {
  const attempt = job.attemptsMade + 1;
  return { attempt, last: attempt >= (job.opts.attempts ?? 1) };
}
