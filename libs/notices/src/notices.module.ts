import { AuditModule } from '@app/audit';
import { IncidentsModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { AckTokensService } from './ack-tokens.service';
import { AckRepository } from './ack.repository';
import { AckService } from './ack.service';
import { EvidenceService } from './evidence.service';
import { NoticeComposer } from './notice-composer';
import { NoticeLogRepository } from './notice-log.repository';
import { NoticesService } from './notices.service';
import { PreviewService } from './preview.service';
import { TenantHistoryRepository } from './tenant-history.repository';

const SERVICES = [AckTokensService, AckService, EvidenceService, NoticeComposer, NoticesService, PreviewService];

/** What a tenant is told: the notice composer, preview and the render check before dispatch, acknowledgement links, the notice log and evidence. */
@Module({ imports: [AuditModule, IncidentsModule], providers: [...SERVICES, AckRepository, NoticeLogRepository, TenantHistoryRepository], exports: SERVICES })
export class NoticesModule {}
