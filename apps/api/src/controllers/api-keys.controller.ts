import { ApiKeysService, Principal } from '@app/incidents';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CurrentPrincipal, Requires } from '../http/auth';

@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** The key is in this answer only; it is stored hashed. */
  @Post()
  @HttpCode(201)
  @Requires('write')
  create(@Body() body: { name?: unknown; role?: unknown }, @CurrentPrincipal() principal: Principal) {
    return this.keys.create(body ?? {}, principal);
  }
}
