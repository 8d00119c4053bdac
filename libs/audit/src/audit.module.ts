import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The hash-chained audit log. Needs DatabaseModule at the root (its DataSource is global). */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
