import { ImportTenantsDto, TenantDto, TenantsService } from '@app/tenants';
import { InvalidInputError } from '@app/kernel';
import { Principal } from '@app/access';
import { ProgressService } from '@app/progress';
import { WebhookSecretsService } from '@app/ack';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { TenantListQuery } from '../dto/requests';
import { TenantImportResult, TenantPage, TenantView, WebhookSecretView } from '../dto/responses';
import { CurrentPrincipal, Requires } from '../http/auth';
import { parseLimit } from '../http/query';
import { TENANT_EXAMPLE } from '../ops/api-examples';
import { ApiPageQueries } from '../ops/api-queries';

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('v1/tenants')
export class TenantsController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly progress: ProgressService,
    private readonly webhookSecrets: WebhookSecretsService,
  ) {}

  @Post('import')
  @ApiOperation({ summary: 'Upsert up to 100,000 tenants, all or nothing: any bad row → 400 listing every bad row by index and field' })
  @ApiBody({ type: ImportTenantsDto, examples: { 'one tenant': { value: { tenants: [TENANT_EXAMPLE] } } } })
  @ApiOkResponse({ type: TenantImportResult })
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
  @ApiOperation({ summary: 'Tenants by externalId, a page at a time: {items: [{externalId, name, locale, country, timezone, contacts, exposures}], nextCursor}', description: '`search` matches the externalId or the name; `contacts` and `exposures` are counts.' })
  @ApiPageQueries(1000, 100, 'search', 'cursor')
  @ApiOkResponse({ type: TenantPage })
  @Requires('read')
  list(@Query() { search, limit, cursor }: TenantListQuery) {
    return this.tenants.list({ search: search || undefined, limit: parseLimit(limit, 100, 1000), cursor: cursor || undefined });
  }

  @Put(':externalId')
  @ApiOperation({ summary: 'Create (201) or replace (200) one tenant' })
  @ApiBody({ type: TenantDto, examples: { 'a city': { value: TENANT_EXAMPLE } } })
  @ApiOkResponse({ description: 'Replaced', type: TenantView })
  @ApiCreatedResponse({ description: 'Created', type: TenantView })
  @Requires('write')
  async upsert(@Param('externalId') externalId: string, @Body() body: TenantDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const result = await this.tenants.upsert(externalId, body, principal);
    res.status(result.created ? 201 : 200);
    return result.tenant;
  }

  @Get(':externalId')
  @ApiOperation({ summary: 'One tenant with its contacts, exposures, regimes in effect and notice deadline' })
  @ApiOkResponse({ description: 'The tenant with its contacts and exposures', type: TenantView })
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  @Requires('read')
  get(@Param('externalId') externalId: string) {
    return this.tenants.getOrThrow(externalId);
  }

  /** The secret is in this answer only; it is stored sealed, never logged, and the audit records the rotation without it. */
  @Post(':externalId/webhook-secret')
  @HttpCode(201)
  @Requires('write')
  @ApiOperation({ summary: "Create or rotate the tenant's webhook signing secret (whsec_…), shown in this answer only; the old one stops signing at once" })
  @ApiCreatedResponse({ type: WebhookSecretView })
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  rotateWebhookSecret(@Param('externalId') externalId: string, @CurrentPrincipal() principal: Principal) {
    return this.webhookSecrets.rotate(externalId, principal);
  }
}
