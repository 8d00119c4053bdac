import { ApiKeysService, Principal } from '@app/access';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Requires } from '../http/auth';

const KEY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string', example: 'approver: Jan Kowalski' },
    role: { enum: ['admin', 'approver', 'auditor'] },
    owner: { type: 'string', example: 'jan.kowalski@vendor.example', description: 'the person who holds the key; `bootstrap` for ADMIN_API_KEY' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: 'string', format: 'date-time', nullable: true, description: 'last authentication with the key (recorded at most once a minute)' },
    revokedAt: { type: 'string', format: 'date-time', nullable: true },
  },
};

@ApiTags('api keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @Requires('write')
  @ApiOperation({ summary: 'Every key {id, name, role, owner, createdAt, lastUsedAt, revokedAt}, newest first; never the key itself' })
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: KEY_SCHEMA } } } })
  list() {
    return this.keys.list();
  }

  /** The key is in this answer only; it is stored hashed. */
  @Post()
  @HttpCode(201)
  @Requires('write')
  @ApiOperation({ summary: 'A new key {id, key} for the person `owner`; the key is shown in this answer only' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name', 'role', 'owner'],
      properties: {
        name: { type: 'string', maxLength: 100, example: 'approver: Jan Kowalski' },
        role: { enum: ['admin', 'approver', 'auditor'] },
        owner: {
          type: 'string',
          minLength: 1,
          maxLength: 200,
          example: 'jan.kowalski@vendor.example',
          description: 'the person who will hold the key; with REQUIRE_APPROVAL, a version is approved by a key of another owner than its creator’s',
        },
      },
    },
  })
  create(@Body() body: { name?: unknown; role?: unknown; owner?: unknown }, @CurrentPrincipal() principal: Principal) {
    return this.keys.create(body ?? {}, principal);
  }

  /** 401 for the key from the next request on, in every API process; its console sessions and live streams end. */
  @Delete(':id')
  @HttpCode(204)
  @Requires('write')
  @ApiOperation({ summary: 'Revoke a key: it gets 401 from then on and its console sessions end; revoking it again changes nothing' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked (recorded in the audit as api_key.revoked)' })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No key with this id' })
  async revoke(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.keys.revoke(id, principal);
  }
}
