import { CreateIncidentDto, IncidentsService, UpdateIncidentDto } from '@app/incidents';
import { Principal } from '@app/access';
import { ProgressService } from '@app/progress';
import { PreviewService } from '@app/notices';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiExtraModels,
} from '@nestjs/swagger';
import { ApproveIncidentDto, IncidentListQuery, PreviewQuery } from '../dto/requests';
import { ChannelPaceView, DispatchResult, IncidentList, IncidentView, LanguageGapConflict, PreviewView, ProgressView } from '../dto/responses';
import { CurrentPrincipal, Requires } from '../http/auth';
import { parseLimit } from '../http/query';
import { UuidOrNotFoundPipe } from '../http/validation';
import { INCIDENT_EXAMPLE, UPDATE_EXAMPLE } from '../ops/api-examples';
import { ApiPageQueries } from '../ops/api-queries';

/** An id that is not a UUID is an incident nobody has: 404. */
const INCIDENT_ID = new UuidOrNotFoundPipe('Incident');

@ApiTags('incidents')
@ApiExtraModels(ChannelPaceView)
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'Unknown incident' })
@Controller('v1/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly progressService: ProgressService,
    private readonly previews: PreviewService,
  ) {}

  @Post()
  @HttpCode(201)
  @Requires('write')
  @ApiOperation({ summary: 'File an incident: version 1, as a draft' })
  @ApiBody({ type: CreateIncidentDto, examples: { 'SMS archive breach': { value: INCIDENT_EXAMPLE } } })
  @ApiCreatedResponse({ description: 'The incident with its version 1 (draft)', type: IncidentView })
  @ApiConflictResponse({ description: 'The reference is taken' })
  create(@Body() body: CreateIncidentDto, @CurrentPrincipal() principal: Principal) {
    return this.incidents.create(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Incidents, newest first, each with its current version and status: {items}' })
  @ApiPageQueries(1000, 100)
  @ApiOkResponse({ type: IncidentList })
  @Requires('read')
  list(@Query() { limit }: IncidentListQuery) {
    return this.incidents.list(parseLimit(limit, 100, 1000)).then((items) => ({ items }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One incident: the fields of its current version, that version’s life cycle and the list of versions' })
  @ApiOkResponse({ type: IncidentView })
  @Requires('read')
  get(@Param('id', INCIDENT_ID) id: string) {
    return this.incidents.get(id);
  }

  @Get(':id/preview')
  @ApiOperation({
    summary: 'Affected tenants, planned notices and sample notices rendered exactly as they would be sent',
    description: 'The acknowledgement link is redacted (`/ack/(redacted-tenant-link)`, as long as a real one): only the tenant gets a working link.',
  })
  @ApiPageQueries(50, 5)
  @ApiOkResponse({ type: PreviewView })
  @Requires('read')
  preview(@Param('id', INCIDENT_ID) id: string, @Query() { limit }: PreviewQuery) {
    return this.previews.preview(id, parseLimit(limit, 5, 50));
  }

  @Post(':id/approve')
  @ApiOperation({
    summary: 'draft → approved, by a key of another owner (person) than the one whose key created the version',
    description:
      'A version with language gaps (text some affected tenants would read in another language, see the preview) is refused unless the body is ' +
      '`{"acceptLanguageGaps": true}`; the audit entry of that approval records the gaps accepted (`acceptedLanguageGaps`). The body may be left out.',
  })
  @ApiBody({ type: ApproveIncidentDto, required: false })
  @ApiOkResponse({ description: 'The incident, approved', type: IncidentView })
  @ApiConflictResponse({
    description: 'Not a draft, closed, a key of the same owner as the creating key (four-eyes rule), or language gaps not accepted (the answer lists `languageGaps`)',
    type: LanguageGapConflict,
  })
  @HttpCode(200)
  @Requires('approve')
  approve(@Param('id', INCIDENT_ID) id: string, @Body() body: ApproveIncidentDto, @CurrentPrincipal() principal: Principal) {
    return this.incidents.approve(id, principal, { acceptLanguageGaps: body.acceptLanguageGaps === true });
  }

  @Post(':id/dispatch')
  @ApiOperation({ summary: 'Plan and queue the notices of the current version; again changes nothing' })
  @ApiAcceptedResponse({ description: '{id, version, status}', type: DispatchResult })
  @ApiConflictResponse({ description: 'Not approved yet, or closed' })
  @HttpCode(202)
  @Requires('write')
  dispatch(@Param('id', INCIDENT_ID) id: string, @CurrentPrincipal() principal: Principal) {
    return this.incidents.dispatch(id, principal);
  }

  @Get(':id/progress')
  @ApiOperation({ summary: 'Notices by status, acknowledged tenants, planned and completed times' })
  @ApiOkResponse({ type: ProgressView })
  @Requires('read')
  progress(@Param('id', INCIDENT_ID) id: string) {
    return this.progressService.progress(id);
  }

  @Post(':id/updates')
  @ApiOperation({ summary: 'A new version (draft) with changed fields and a change summary' })
  @ApiBody({ type: UpdateIncidentDto, examples: { 'figures known': { value: UPDATE_EXAMPLE } } })
  @ApiCreatedResponse({ description: 'The incident with its new version (draft)', type: IncidentView })
  @ApiConflictResponse({ description: 'The current version was not dispatched yet, or the incident is closed' })
  @HttpCode(201)
  @Requires('write')
  update(@Param('id', INCIDENT_ID) id: string, @Body() body: UpdateIncidentDto, @CurrentPrincipal() principal: Principal) {
    return this.incidents.createUpdate(id, body, principal);
  }

  @Post(':id/close')
  @ApiOperation({ summary: 'Close the incident: no more updates, dispatches or escalations' })
  @ApiOkResponse({ description: 'The incident, closed', type: IncidentView })
  @ApiConflictResponse({ description: 'Already closed' })
  @HttpCode(200)
  @Requires('write')
  close(@Param('id', INCIDENT_ID) id: string, @CurrentPrincipal() principal: Principal) {
    return this.incidents.close(id, principal);
  }
}
