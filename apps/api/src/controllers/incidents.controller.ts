import { IncidentsService, Principal, ProgressService } from '@app/incidents';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Requires } from '../http/auth';
import { parseLimit } from '../http/query';

@Controller('v1/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly progressService: ProgressService,
  ) {}

  @Post()
  @HttpCode(201)
  @Requires('write')
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.incidents.create(body, principal);
  }

  @Get()
  @Requires('read')
  list(@Query('limit') limit?: string) {
    return this.incidents.list(parseLimit(limit, 100, 1000)).then((items) => ({ items }));
  }

  @Get(':id')
  @Requires('read')
  get(@Param('id') id: string) {
    return this.incidents.get(id);
  }

  @Get(':id/preview')
  @Requires('read')
  preview(@Param('id') id: string, @Query('limit') limit?: string) {
    return this.incidents.preview(id, parseLimit(limit, 5, 50));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Requires('approve')
  approve(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.incidents.approve(id, principal);
  }

  @Post(':id/dispatch')
  @HttpCode(202)
  @Requires('write')
  dispatch(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.incidents.dispatch(id, principal);
  }

  @Get(':id/progress')
  @Requires('read')
  progress(@Param('id') id: string) {
    return this.progressService.progress(id);
  }

  @Post(':id/updates')
  @HttpCode(201)
  @Requires('write')
  update(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.incidents.createUpdate(id, body, principal);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Requires('write')
  close(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.incidents.close(id, principal);
  }
}
