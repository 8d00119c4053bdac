import { Principal } from '@app/access';
import { IncidentsService } from '@app/incidents';
import { PreviewService } from '@app/notices';
import { TestSendFailed, TestSendService } from '@app/test-send';
import { BadGatewayException, Body, Controller, Get, HttpCode, Param, Post, Res, UnprocessableEntityException } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { TestSendDto } from '../dto/requests';
import { TestSendView } from '../dto/responses';
import { CurrentPrincipal, Requires } from '../http/auth';
import { streamAffectedTenants } from '../http/affected-export';
import { UuidOrNotFoundPipe } from '../http/validation';

const INCIDENT_ID = new UuidOrNotFoundPipe('Incident');

/** What an operator checks before sending: the whole list of affected tenants, and a test send of the rendered notice. */
@ApiTags('incidents')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'Unknown incident' })
@Controller('v1/incidents')
export class PreviewToolsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly previews: PreviewService,
    private readonly testSends: TestSendService,
  ) {}

  @Get(':id/affected-tenants.csv')
  @ApiOperation({ summary: 'Every tenant the current version affects, with what it is told, as CSV (streamed; the preview shows the first five)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'One row per affected tenant in externalId order; lists joined by `;`; an empty periodTo is an open period',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @Requires('read')
  async affectedTenants(@Param('id', INCIDENT_ID) id: string, @Res() res: Response): Promise<void> {
    const { version } = await this.incidents.currentVersion(id);
    await streamAffectedTenants(res, `affected-tenants-${id}-v${version.version}.csv`, this.previews.affectedRows(id));
  }

  @Post(':id/test-send')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send the rendered notice of one tenant, as a test, to an address or number typed here',
    description:
      'Any registered tenant (one the scope does not reach is told of all its exposures), any locale, any channel. The message is marked as a test ' +
      '(subject or text starts with `TEST: `, email carries `X-Breachcast-Test: true` and a banner), its acknowledgement link is redacted, and it is ' +
      'counted nowhere: no notice, no progress, no export, no delivery metric. The audit records `notice.test_sent`. Sandboxed channels capture it.',
  })
  @ApiBody({ type: TestSendDto })
  @ApiOkResponse({ type: TestSendView })
  @ApiBadRequestResponse({ description: 'A bad field, named: `to` that is no address of the channel, an unknown `tenant`, `channel` or `locale`' })
  @ApiConflictResponse({ description: 'The notice does not render for this tenant, channel and locale' })
  @ApiUnprocessableEntityResponse({ description: 'The provider refused the message for good (e.g. an invalid number)' })
  @ApiBadGatewayResponse({ description: 'The provider did not answer or failed for now; try again' })
  @Requires('write')
  async testSend(@Param('id', INCIDENT_ID) id: string, @Body() body: TestSendDto, @CurrentPrincipal() principal: Principal) {
    try {
      return await this.testSends.send(id, body, principal);
    } catch (error) {
      if (!(error instanceof TestSendFailed)) throw error;
      throw error.permanent ? new UnprocessableEntityException(error.message) : new BadGatewayException(error.message);
    }
  }
}
