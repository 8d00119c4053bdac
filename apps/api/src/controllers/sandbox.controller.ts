import { isChannel } from '@app/kernel';
import { SandboxMessageEntity } from '@app/database';
import { Principal } from '@app/access';
import { redactAckLinksIn, seesAckLinks } from '@app/ack';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SandboxQuery } from '../dto/requests';
import { SandboxMessagePage } from '../dto/responses';
import { CurrentPrincipal, Requires } from '../http/auth';
import { parseLimit } from '../http/query';
import { ApiPageQueries } from '../ops/api-queries';

/** What the sandbox drivers captured instead of sending. */
@ApiTags('sandbox')
@ApiBearerAuth()
@Controller('v1/sandbox')
export class SandboxController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('messages')
  @ApiOperation({
    summary: 'Messages the sandbox drivers captured instead of sending, newest first',
    description: 'Stored as sent; acknowledgement links show only to an admin, redacted to read-only roles.',
  })
  @ApiPageQueries(500, 50, 'channel', 'to')
  @ApiOkResponse({ type: SandboxMessagePage })
  @Requires('read')
  async messages(@CurrentPrincipal() principal: Principal, @Query() { channel, to, limit }: SandboxQuery) {
    const items = await this.dataSource.getRepository(SandboxMessageEntity).find({
      where: { ...(isChannel(channel) ? { channel } : {}), ...(to ? { to } : {}) },
      order: { createdAt: 'DESC' },
      take: parseLimit(limit, 50, 500),
    });
    return { items: seesAckLinks(principal.role) ? items : redactAckLinksIn(items) };
  }
}
