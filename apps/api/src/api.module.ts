import { ConfigModule } from '@app/config';
import { AppConfig } from '@app/config';
import { ChannelsModule } from '@app/channels';
import { DatabaseModule } from '@app/database';
import { IncidentsModule } from '@app/incidents';
import { AccessModule } from '@app/access';
import { AckModule } from '@app/ack';
import { AuditModule } from '@app/audit';
import { DeliveryTrackingModule } from '@app/delivery';
import { ProviderEventsModule } from '@app/provider-events';
import { DispatchModule } from '@app/dispatch';
import { NoticesModule } from '@app/notices';
import { TestSendModule } from '@app/test-send';
import { ProgressModule } from '@app/progress';
import { TenantsModule } from '@app/tenants';
import { MetricsModule } from '@app/observability';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AckController } from './ack/ack.controller';
import { BounceModule } from './bounce/bounce.module';
import { ConsoleModule } from './console/console.module';
import { ApiKeysController } from './controllers/api-keys.controller';
import { AuditController } from './controllers/audit.controller';
import { EvidenceController } from './controllers/evidence.controller';
import { HealthController } from './controllers/health.controller';
import { BoardController } from './controllers/board.controller';
import { IncidentsController } from './controllers/incidents.controller';
import { MetricsController } from './controllers/metrics.controller';
import { NoticesController } from './controllers/notices.controller';
import { SandboxController } from './controllers/sandbox.controller';
import { PreviewToolsController } from './controllers/preview-tools.controller';
import { TenantsController } from './controllers/tenants.controller';
import { WebhooksController } from './controllers/webhooks.controller';
import { EmailEventsController } from './controllers/email-events.controller';
import { ApiKeyGuard } from './http/auth';
import { ErrorFilter } from './http/error.filter';
import { ParametersGuard } from './http/query';
import { ApiValidationPipe } from './http/validation';
import { QueuesBoardModule } from './ops/queues-board.module';

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        ChannelsModule,
        AccessModule,
        AuditModule,
        TenantsModule,
        IncidentsModule,
        AckModule,
        NoticesModule,
        TestSendModule,
        DispatchModule,
        ProgressModule,
        DeliveryTrackingModule,
        ProviderEventsModule,
        MetricsModule.forRoot('api'),
        QueuesBoardModule,
        ConsoleModule,
        BounceModule,
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [
        ApiKeysController,
        TenantsController,
        IncidentsController,
        BoardController,
        PreviewToolsController,
        NoticesController,
        AuditController,
        EvidenceController,
        MetricsController,
        WebhooksController,
        EmailEventsController,
        AckController,
        HealthController,
        SandboxController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ParametersGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_PIPE, useClass: ApiValidationPipe },
      ],
    };
  }
}
