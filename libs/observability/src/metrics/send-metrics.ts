import { Channel } from '@app/kernel';
/** Provided by a process that exports metrics; DeliveryService reports every send attempt to it when present. */
export const SEND_METRICS = Symbol('SEND_METRICS');

/** `retry`: a transient failure Bull will try again; `failed`: the notice is failed for good. */
export type SendAttemptOutcome = 'sent' | 'failed' | 'retry';

export interface SendMetrics {
  observeSend(channel: Channel, outcome: SendAttemptOutcome, seconds: number): void;
}
