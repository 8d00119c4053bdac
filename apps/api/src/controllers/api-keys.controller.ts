import { ApiKeysService, Principal } from '@app/access';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CreateApiKeyDto } from '../dto/requests';
import { ApiKeyList, CreatedApiKey } from '../dto/responses';
import { CurrentPrincipal, Requires } from '../http/auth';
import { uuidParam } from '../http/validation';

@ApiTags('api keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @Requires('write')
  @ApiOperation({ summary: 'Every key {id, name, role, owner, createdAt, lastUsedAt, revokedAt}, newest first; never the key itself' })
  @ApiOkResponse({ type: ApiKeyList })
  list() {
    return this.keys.list();
  }

  /** The key is in this answer only; it is stored hashed. */
  @Post()
  @HttpCode(201)
  @Requires('write')
  @ApiOperation({ summary: 'A new key {id, key} for the person `owner`; the key is shown in this answer only' })
  @ApiCreatedResponse({ type: CreatedApiKey })
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal) {
    return this.keys.create(body, principal);
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
  async revoke(@Param('id', uuidParam('id', 'The API key id is invalid')) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.keys.revoke(id, principal);
  }
}
