import { AuditModule } from '@app/audit';
import { IncidentsModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { AckTokensService } from './ack-tokens.service';
import { AckService } from './ack.service';
import { EvidenceService } from './evidence.service';
import { NoticeComposer } from './notice-composer';
import { NoticesService } from './notices.service';
import { PreviewService } from './preview.service';

const SERVICES = [AckTokensService, AckService, EvidenceService, NoticeComposer, NoticesService, PreviewService];

/** What a tenant is told: the notice composer, preview and the render check before dispatch, acknowledgement links, the notice log and evidence. */
@Module({ imports: [AuditModule, IncidentsModule], providers: SERVICES, exports: SERVICES })
export class NoticesModule {}
