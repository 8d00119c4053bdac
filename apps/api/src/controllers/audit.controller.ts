import { ApiKeysService } from '@app/access';
import { AuditService } from '@app/audit';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditQuery } from '../dto/requests';
import { AuditPage, AuditVerifyView } from '../dto/responses';
import { Requires } from '../http/auth';
import { auditFilter, withActors } from '../http/audit-query';
import { parseLimit } from '../http/query';
import { ApiAuditQueries } from '../ops/api-queries';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly keys: ApiKeysService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Audit entries {seq, at, actor, action, subject, details, hash, prevHash}, oldest first: {items, nextCursor}',
    description: 'Each entry also names the key that acted (`actorName`, `actorOwner`, `actorRole`; null for `system` and tenants). Filters combine; `from` and `to` are both included.',
  })
  @ApiAuditQueries()
  @ApiOkResponse({ type: AuditPage })
  @Requires('read')
  async list(@Query() query: AuditQuery) {
    const page = await this.audit.list(auditFilter({ ...query }, parseLimit(query.limit, 100, 1000)));
    return { items: await withActors(page.items, this.keys), nextCursor: page.nextCursor };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Walk the SHA-256 chain: {ok, entries, firstBadSeq, head}; firstBadSeq is the first edited, deleted or reordered entry' })
  @ApiOkResponse({ type: AuditVerifyView })
  @Requires('read')
  verify() {
    return this.audit.verify();
  }
}
