import type { Job } from 'bull';

/** This run's attempt number, and whether Bull will try again after it. */
export function attemptOf(job: Job): { attempt: number; last: boolean } {
  const attempt = job.attemptsMade + 1;
  return { attempt, last: attempt >= (job.opts.attempts ?? 1) };
}

/** The job's payload, checked; a payload no retry can fix discards the job before the error is rethrown. */
export async function payloadOf<T>(job: Job, parse: (data: unknown) => T): Promise<T> {
  try {
    return parse(job.data);
  } catch (error) {
    await job.discard();
    throw error;
  }
}
