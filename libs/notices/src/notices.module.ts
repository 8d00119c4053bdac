import { AckModule, AckService } from '@app/ack';
import { AuditModule } from '@app/audit';
import { IncidentsModule } from '@app/incidents';
import { Module, OnModuleInit } from '@nestjs/common';
import { EvidenceService } from './evidence.service';
import { NoticeComposer } from './notice-composer';
import { NoticeLogRepository } from './notice-log.repository';
import { NoticesService } from './notices.service';
import { PreviewService } from './preview.service';
import { TenantHistoryRepository } from './tenant-history.repository';

const SERVICES = [EvidenceService, NoticeComposer, NoticesService, PreviewService];

/**
 * What a tenant is told: the notice composer, preview and the render check before dispatch, the notice log
 * and evidence. It hands its composer to the ack page (`AckService`) when it starts.
 */
@Module({ imports: [AuditModule, IncidentsModule, AckModule], providers: [...SERVICES, NoticeLogRepository, TenantHistoryRepository], exports: SERVICES })
export class NoticesModule implements OnModuleInit {
  constructor(
    private readonly acks: AckService,
    private readonly composer: NoticeComposer,
  ) {}

  onModuleInit(): void {
    this.acks.useComposer(this.composer);
  }
}
