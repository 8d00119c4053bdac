import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The hash-chained audit log. Needs DatabaseModule at the root (its DataSource is global). */
@Module({ providers: [AuditRepository, AuditService], exports: [AuditService] })
export class AuditModule {}
