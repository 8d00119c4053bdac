export * from './ack-links';
export * from './ack-tokens.service';
export * from './ack.service';
export * from './evidence.service';
export * from './notice-view.builder';
export * from './notices.module';
export * from './notices.service';
export * from './preview.service';
