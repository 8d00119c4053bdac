export * from './ack-links';
export * from './ack.module';
export * from './ack.repository';
export * from './ack-tokens.service';
export * from './ack.service';
export * from './filing';
export * from './own-filing';
export * from './webhook-secrets.service';
