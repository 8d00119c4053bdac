import { ApiKeysService, Principal } from '@app/access';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Requires } from '../http/auth';

@ApiTags('api keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** The key is in this answer only; it is stored hashed. */
  @Post()
  @HttpCode(201)
  @Requires('write')
  @ApiOperation({ summary: 'A new key {id, key}; the key is shown in this answer only' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name', 'role'],
      properties: { name: { type: 'string', maxLength: 100, example: 'approver: Jan Kowalski' }, role: { enum: ['admin', 'approver', 'auditor'] } },
    },
  })
  create(@Body() body: { name?: unknown; role?: unknown }, @CurrentPrincipal() principal: Principal) {
    return this.keys.create(body ?? {}, principal);
  }
}
