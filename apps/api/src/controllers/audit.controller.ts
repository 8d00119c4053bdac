import { AuditService } from '@app/audit';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditQuery } from '../dto/requests';
import { AuditPage, AuditVerifyView } from '../dto/responses';
import { Requires } from '../http/auth';
import { parseLimit } from '../http/query';
import { ApiAuditQueries } from '../ops/api-queries';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Audit entries {seq, at, actor, action, subject, details, hash, prevHash}, oldest first: {items, nextCursor}' })
  @ApiAuditQueries()
  @ApiOkResponse({ type: AuditPage })
  @Requires('read')
  list(@Query() { limit, cursor, action, actor, subject, from, to }: AuditQuery) {
    return this.audit.list({ limit: parseLimit(limit, 100, 1000), cursor: cursor ? Number(cursor) : undefined, action, actor, subject, from, to });
  }

  @Get('verify')
  @ApiOperation({ summary: 'Walk the SHA-256 chain: {ok, entries, firstBadSeq, head}; firstBadSeq is the first edited, deleted or reordered entry' })
  @ApiOkResponse({ type: AuditVerifyView })
  @Requires('read')
  verify() {
    return this.audit.verify();
  }
}
