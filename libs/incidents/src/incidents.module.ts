import { ChannelsModule } from '@app/channels';
import { QueueModule } from '@app/queue';
import { TemplatesModule } from '@app/templates';
import { Module } from '@nestjs/common';
import { AckTokensService } from './ack/ack-tokens.service';
import { AckService } from './ack/ack.service';
import { ApiKeysService } from './access/api-keys.service';
import { AuditService } from './audit/audit.service';
import { BounceService } from './delivery/bounce.service';
import { DeliveryService } from './delivery/delivery.service';
import { TrackingService } from './delivery/tracking.service';
import { EscalationService } from './dispatch/escalation.service';
import { FanoutService } from './dispatch/fanout.service';
import { NoticeFeeder } from './dispatch/notice-feeder';
import { NoticePlanner } from './dispatch/notice-planner';
import { ProgressService } from './dispatch/progress.service';
import { SweeperService } from './dispatch/sweeper.service';
import { EvidenceService } from './evidence/evidence.service';
import { AffectedTenantsRepository } from './incidents/affected-tenants.repository';
import { IncidentsService } from './incidents/incidents.service';
import { NoticesService } from './notices/notices.service';
import { TenantsService } from './tenants/tenants.service';

const SERVICES = [
  AckTokensService,
  AckService,
  ApiKeysService,
  AuditService,
  BounceService,
  TrackingService,
  EscalationService,
  EvidenceService,
  FanoutService,
  NoticeFeeder,
  NoticePlanner,
  ProgressService,
  SweeperService,
  AffectedTenantsRepository,
  IncidentsService,
  NoticesService,
  TenantsService,
];

/** The domain, for both apps. Needs ConfigModule and DatabaseModule at the root. */
@Module({
  imports: [QueueModule.forRoot(), TemplatesModule],
  providers: SERVICES,
  exports: [...SERVICES, QueueModule, TemplatesModule],
})
export class IncidentsModule {}

/** Sending, for the worker: the channel drivers come only with it. */
@Module({
  imports: [IncidentsModule, ChannelsModule],
  providers: [DeliveryService],
  exports: [DeliveryService, IncidentsModule],
})
export class DeliveryModule {}
