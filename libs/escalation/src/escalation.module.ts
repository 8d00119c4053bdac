import { AuditModule } from '@app/audit';
import { DispatchModule } from '@app/dispatch';
import { IncidentsModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { EscalationRepository } from './escalation.repository';
import { EscalationService } from './escalation.service';

/** When a tenant stays silent or unreachable: the next contacts by priority get the notice (EscalationService). */
@Module({ imports: [AuditModule, DispatchModule, IncidentsModule], providers: [EscalationService, EscalationRepository], exports: [EscalationService] })
export class EscalationModule {}
