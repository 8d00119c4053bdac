import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { QueueModule } from '@app/queue';
import { TemplatesModule } from '@app/templates';
import { Module } from '@nestjs/common';
import { AffectedTenantsRepository } from '@app/scope';
import { IncidentRepository } from './incident.repository';
import { IncidentsService } from './incidents.service';

const SERVICES = [AffectedTenantsRepository, IncidentRepository, IncidentsService];

/**
 * The incident lifecycle and its scope. Needs ConfigModule and DatabaseModule at the root. The queues
 * are registered here, once, and passed on with the templates to the libs that build on incidents.
 */
@Module({
  imports: [AccessModule, AuditModule, QueueModule.forRoot(), TemplatesModule],
  providers: SERVICES,
  exports: [...SERVICES, QueueModule, TemplatesModule],
})
export class IncidentsModule {}
