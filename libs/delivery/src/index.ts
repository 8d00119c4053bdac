export * from './bounce.service';
export * from './delivery.module';
export * from './delivery.repository';
export * from './delivery.service';
export * from './dsn-report';
export * from './status-rules';
export * from './tracking.service';
