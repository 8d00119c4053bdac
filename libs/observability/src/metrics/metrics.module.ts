import { SEND_METRICS } from './send-metrics';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { METRICS_APP, MetricsService } from './metrics.service';

/** One MetricsService per app, visible everywhere (DeliveryService takes it as its optional SEND_METRICS). */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(app: 'api' | 'worker'): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: METRICS_APP, useValue: app }, MetricsService, { provide: SEND_METRICS, useExisting: MetricsService }],
      exports: [MetricsService, SEND_METRICS],
    };
  }
}
