import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeysService } from './api-keys.service';
import { ConsoleSessionRepository } from './console-session.repository';

/** API keys, roles and the principal they authenticate; the console sessions that belong to keys. */
@Module({
  imports: [AuditModule],
  providers: [ApiKeysService, ApiKeyRepository, ConsoleSessionRepository],
  exports: [ApiKeysService, ConsoleSessionRepository],
})
export class AccessModule {}
