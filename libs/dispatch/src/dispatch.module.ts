import { AckModule } from '@app/ack';
import { AuditModule } from '@app/audit';
import { IncidentsModule } from '@app/incidents';
import { NoticesModule } from '@app/notices';
import { Module } from '@nestjs/common';
import { FanoutRepository } from './fanout.repository';
import { FanoutService } from './fanout.service';
import { NoticeFeeder } from './notice-feeder';
import { NoticePlanner } from './notice-planner';
import { NoticeQueueRepository } from './notice-queue.repository';
import { SweeperService } from './sweeper.service';

const SERVICES = [FanoutService, NoticeFeeder, NoticePlanner, SweeperService];
const REPOSITORIES = [FanoutRepository, NoticeQueueRepository];

/** From a dispatched version to queued notices: fan-out, planning, feeding the send queues, the sweeper. */
@Module({ imports: [AckModule, AuditModule, IncidentsModule, NoticesModule], providers: [...SERVICES, ...REPOSITORIES], exports: SERVICES })
export class DispatchModule {}
