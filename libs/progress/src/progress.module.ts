import { AuditModule } from '@app/audit';
import { IncidentsModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';

/** How far a version has got: notice counts by status and channel, tenant counts, the completed milestone. */
@Module({ imports: [AuditModule, IncidentsModule], providers: [ProgressService, ProgressRepository], exports: [ProgressService] })
export class ProgressModule {}
