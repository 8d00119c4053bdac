import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';

/** API keys, roles and the principal they authenticate. */
@Module({ imports: [AuditModule], providers: [ApiKeysService], exports: [ApiKeysService] })
export class AccessModule {}
