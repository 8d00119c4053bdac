import { EvidenceService } from '@app/notices';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EvidenceQuery } from '../dto/requests';
import { EvidencePackView } from '../dto/responses';
import { Requires } from '../http/auth';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('v1/tenants')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /** Any role may read it, the auditor included: it is what an authority or the tenant's lawyer asks for. */
  @Get(':externalId/evidence')
  @Requires('read')
  @ApiOperation({
    summary: "One tenant's evidence pack for one incident",
    description:
      'The incident versions and what this tenant was told in each (facts), every notice to its contacts with the SHA-256 of exactly what was sent and every delivery event, ' +
      'the acknowledgement (when, IP, user agent) and the related audit entries. `contentHash` says how the hash is computed. ' +
        'Nothing in it concerns another tenant: incident-wide audit entries keep only `version`, `reference` and `changed` ' +
        '(`detailsOmitted: true` where figures across tenants were left out; their hash verifies against the full trail, GET /v1/audit/verify).',
  })
  @ApiQuery({ name: 'incidentId', required: true, format: 'uuid', example: '0b5f6a8e-3c1d-4e0f-9a7b-2d4c6e8f0a1b' })
  @ApiOkResponse({ description: 'The evidence pack (JSON)', type: EvidencePackView })
  @ApiNotFoundResponse({ description: 'Unknown tenant or incident' })
  pack(@Param('externalId') externalId: string, @Query() { incidentId }: EvidenceQuery) {
    return this.evidence.pack(externalId, incidentId);
  }
}
