import { Channel, CHANNELS, isUuid } from '@app/kernel';
import type { Queue } from 'bull';

/** Every queue and job name, with its payload type. No other file spells a queue name. */
export enum QueueName {
  Fanout = 'fanout',
  Maintenance = 'maintenance',
}

/** Each channel's notices are sent from a queue of their own, named after the channel (`email`, `sms`). */
export const sendQueueName = (channel: Channel): string => channel;

/** Every queue, in the order depths and boards list them: fan-out, one per channel, maintenance. */
export const QUEUE_NAMES: readonly string[] = [QueueName.Fanout, ...CHANNELS.map(sendQueueName), QueueName.Maintenance];

export enum MaintenanceTask {
  /** Re-enqueue notices left pending/queued/sending without a live job (Redis lost, crash). */
  Sweep = 'sweep',
  /** Notify next contacts of tenants that have not acknowledged in time. */
  Escalate = 'escalate',
  /** Fold the progress deltas into the per-version counters and the per-second flows. */
  Fold = 'fold',
}

/** The fold runs this often (or every SWEEP_INTERVAL when that is shorter): a progress call adds up seconds of deltas. */
export const FOLD_INTERVAL_MS = 2000;

export interface FanoutJob {
  incidentId: string;
  version: number;
}

export interface SendJob {
  noticeId: string;
}

/** Each channel's send queue (provided by QueueModule under SEND_QUEUES). */
export type SendQueues = Readonly<Record<Channel, Queue<SendJob>>>;
export const SEND_QUEUES = Symbol('SEND_QUEUES');

export interface MaintenanceJob {
  task: MaintenanceTask;
}

export type JobPayloads = { [QueueName.Fanout]: FanoutJob; [QueueName.Maintenance]: MaintenanceJob } & { [C in Channel]: SendJob };

export const fanoutJobId = (job: FanoutJob): string => `${job.incidentId}:${job.version}`;

export class InvalidJobError extends Error {
  override name = 'InvalidJobError';
}

/** Payloads come back from Redis: check them before trusting them. */
export function parseSendJob(data: unknown): SendJob {
  const id = (data as SendJob | null)?.noticeId;
  if (!isUuid(id)) throw new InvalidJobError('send job without a valid noticeId');
  return { noticeId: id };
}

export function parseFanoutJob(data: unknown): FanoutJob {
  const job = data as FanoutJob | null;
  if (!isUuid(job?.incidentId) || !Number.isInteger(job.version) || job.version < 1) {
    throw new InvalidJobError('fan-out job without a valid incidentId and version');
  }
  return { incidentId: job.incidentId, version: job.version };
}

export function parseMaintenanceJob(data: unknown): MaintenanceJob {
  const task = (data as MaintenanceJob | null)?.task;
  if (!Object.values(MaintenanceTask).includes(task as MaintenanceTask)) throw new InvalidJobError('unknown maintenance task');
  return { task: task as MaintenanceTask };
}
