import { SandboxMessageEntity } from '@app/database';
import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Requires } from '../http/auth';
import { parseLimit } from '../http/query';

/** What the sandbox drivers captured instead of sending. */
@Controller('v1/sandbox')
export class SandboxController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('messages')
  @Requires('read')
  async messages(@Query('channel') channel?: string, @Query('to') to?: string, @Query('limit') limit?: string) {
    const items = await this.dataSource.getRepository(SandboxMessageEntity).find({
      where: { ...(channel === 'email' || channel === 'sms' ? { channel } : {}), ...(to ? { to } : {}) },
      order: { createdAt: 'DESC' },
      take: parseLimit(limit, 50, 500),
    });
    return { items };
  }
}
