import { AuditModule } from '@app/audit';
import { IncidentsModule } from '@app/incidents';
import { NoticesModule } from '@app/notices';
import { Module } from '@nestjs/common';
import { EscalationService } from './escalation.service';
import { FanoutService } from './fanout.service';
import { NoticeFeeder } from './notice-feeder';
import { NoticePlanner } from './notice-planner';
import { ProgressService } from './progress.service';
import { SweeperService } from './sweeper.service';

const SERVICES = [EscalationService, FanoutService, NoticeFeeder, NoticePlanner, ProgressService, SweeperService];

/** From a dispatched version to queued notices: fan-out, planning, feeding the send queues, escalation, progress, the sweeper. */
@Module({ imports: [AuditModule, IncidentsModule, NoticesModule], providers: SERVICES, exports: SERVICES })
export class DispatchModule {}
