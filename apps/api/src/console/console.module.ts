import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { SandboxMessageRepository } from '@app/channels';
import { IncidentsModule } from '@app/incidents';
import { NoticesModule } from '@app/notices';
import { ProgressModule } from '@app/progress';
import { TenantsModule } from '@app/tenants';
import { TestSendModule } from '@app/test-send';
import { Module } from '@nestjs/common';
import { ConsoleGuard } from './console.guard';
import { ConsoleAuthController } from './console-auth.controller';
import { ConsoleBoardController } from './console-board.controller';
import { ConsoleDeliveriesController } from './console-deliveries.controller';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleIncidentsController } from './console-incidents.controller';
import { ConsoleKeysController } from './console-keys.controller';
import { ConsoleRecordsController } from './console-records.controller';
import { ConsoleSessionService } from './console-session.service';
import { ConsoleTenantsController } from './console-tenants.controller';
import { ConsoleViews } from './console-views';
import { SignInLimiter } from './sign-in-limiter';

/** The web console at /console: server-rendered pages over the domain services, signed in by API key. */
@Module({
  imports: [AccessModule, AuditModule, TenantsModule, IncidentsModule, NoticesModule, ProgressModule, TestSendModule],
  controllers: [ConsoleAuthController, ConsoleIncidentsController, ConsoleBoardController, ConsoleDeliveriesController, ConsoleTenantsController, ConsoleRecordsController, ConsoleKeysController],
  providers: [ConsoleSessionService, ConsoleViews, ConsoleGuard, ConsoleErrorFilter, SignInLimiter, SandboxMessageRepository],
  exports: [ConsoleSessionService],
})
export class ConsoleModule {}
