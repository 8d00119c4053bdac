import { AuditService } from '@app/audit';
import { InvalidInputError, isZonedDateTime } from '@app/kernel';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @Requires('read')
  list(
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
    @Query('action') action?: string,
    @Query('actor') actor?: string,
    @Query('subject') subject?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ) {
    const problems = [];
    if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) problems.push({ field: 'cursor', message: 'cursor is not one this API returned' });
    for (const [field, value] of [['from', from], ['to', to]] as const) {
      if (value !== undefined && !isZonedDateTime(value)) problems.push({ field, message: `${field} must be an ISO 8601 time with a zone, e.g. 2024-05-01T00:00:00Z` });
    }
    if (problems.length) throw new InvalidInputError('The audit query is invalid', problems);
    return this.audit.list({ limit: parseLimit(limit, 100, 1000), cursor: cursor ? Number(cursor) : undefined, action, actor, subject, from, to });
  }

  @Get('verify')
  @ApiOperation({ summary: 'Walk the SHA-256 chain: {ok, entries, firstBadSeq, head}; firstBadSeq is the first edited, deleted or reordered entry' })
  @Requires('read')
  verify() {
    return this.audit.verify();
  }
}
