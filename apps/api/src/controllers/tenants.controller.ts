import { InvalidInputError, Principal, ProgressService, TenantsService } from '@app/incidents';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, Requires } from '../http/auth';
import { parseLimit } from '../http/query';

@Controller('v1/tenants')
export class TenantsController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly progress: ProgressService,
  ) {}

  @Post('import')
  @HttpCode(200)
  @Requires('write')
  import(@Body() body: { tenants?: unknown }, @CurrentPrincipal() principal: Principal) {
    if (!body || !Array.isArray(body.tenants)) {
      throw new InvalidInputError('The import is invalid', [{ field: 'tenants', message: 'tenants must be an array of tenants' }]);
    }
    if (body.tenants.length === 0 || body.tenants.length > 100_000) {
      throw new InvalidInputError('The import is invalid', [{ field: 'tenants', message: 'tenants must hold from 1 to 100,000 tenants' }]);
    }
    const extra = Object.keys(body).filter((k) => k !== 'tenants');
    if (extra.length) throw new InvalidInputError('The import is invalid', extra.map((field) => ({ field, message: `property ${field} should not exist` })));
    return this.tenants.import(body.tenants, principal);
  }

  @Get()
  @Requires('read')
  list(@Query('search') search?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    return this.tenants.list({ search: search || undefined, limit: parseLimit(limit, 100, 1000), cursor: cursor || undefined });
  }

  @Put(':externalId')
  @Requires('write')
  async upsert(@Param('externalId') externalId: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const result = await this.tenants.upsert(externalId, body, principal);
    res.status(result.created ? 201 : 200);
    return result.tenant;
  }

  @Get(':externalId')
  @Requires('read')
  get(@Param('externalId') externalId: string) {
    return this.tenants.getOrThrow(externalId);
  }
}
