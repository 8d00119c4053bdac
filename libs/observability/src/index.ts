export * from './logging/log-mask';
export * from './logging/logging.module';
export * from './metrics/http-metrics';
export * from './metrics/metrics.module';
export * from './metrics/metrics.service';
export * from './lifecycle/shutdown';
export * from './metrics/send-metrics';
