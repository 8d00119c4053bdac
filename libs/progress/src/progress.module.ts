import { AuditModule } from '@app/audit';
import { IncidentsModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { BoardRepository } from './board.repository';
import { BoardService } from './board.service';
import { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';

/** How far a version has got: notice counts by status and channel, tenant counts, the completed milestone, the per-tenant board. */
@Module({ imports: [AuditModule, IncidentsModule], providers: [ProgressService, ProgressRepository, BoardService, BoardRepository], exports: [ProgressService, BoardService] })
export class ProgressModule {}
