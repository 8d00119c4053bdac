export * from './backoff';
export * from './queue.constants';
export * from './queue.module';
export * from './queue.producer';
export * from './send-gate';
export * from './send-window';
export * from './redis-client';
export * from './worker-heartbeat';
