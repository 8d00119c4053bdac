import { ChannelRegistry, TWILIO_STATUS_PATH } from '@app/channels';
import { TrackingService, TwilioCallback } from '@app/delivery';
import { InvalidInputError, parameterProblems } from '@app/kernel';
import { MetricsService } from '@app/observability';
import { Body, Controller, ForbiddenException, Headers, HttpCode, Logger, Optional, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhookResult } from '../dto/responses';
import { Public } from '../http/auth';

@ApiTags('webhooks')
@Controller('v1/webhooks')
export class WebhooksController {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly channels: ChannelRegistry,
    private readonly tracking: TrackingService,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** Twilio's status callback; the signature is checked over PUBLIC_BASE_URL + path, not over what the proxy passed on. */
  @Post('twilio/status')
  @ApiOperation({ summary: "Twilio's status callback; an unknown MessageSid is answered 200 and logged; the same status of a message again (a retry, a replay) is answered 200 and changes nothing" })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiHeader({ name: 'x-twilio-signature', required: true, description: 'HMAC-SHA1 over PUBLIC_BASE_URL + path and the sorted parameters' })
  @ApiBody({ schema: { type: 'object', properties: { MessageSid: { type: 'string' }, MessageStatus: { type: 'string', example: 'delivered' }, ErrorCode: { type: 'string' } } } })
  @ApiOkResponse({ description: '{ok: true, result: applied | duplicate | ignored | unknown}', type: WebhookResult })
  @ApiForbiddenResponse({ description: 'Bad signature: nothing changes' })
  @Public()
  @HttpCode(200)
  async twilioStatus(@Body() body: TwilioCallback, @Headers('x-twilio-signature') signature?: string): Promise<{ ok: true; result: string }> {
    // The SMS driver owns Twilio: its signature check, how a callback reads and what its statuses mean.
    const driver = this.channels.byCallbackPath(TWILIO_STATUS_PATH)!;
    const params = (body && typeof body === 'object' ? body : {}) as Record<string, string>;
    if (!driver.inbound!.verify(signature, params)) {
      this.logger.warn('Twilio status callback with a missing or bad signature refused');
      this.metrics?.countWebhook(driver.inbound!.provider, 'bad_signature');
      throw new ForbiddenException('The X-Twilio-Signature does not match');
    }
    // Signed, yet not a callback Twilio sends: a parameter twice, or text that cannot be stored.
    const problems = parameterProblems(params);
    if (problems.length) {
      this.metrics?.countWebhook(driver.inbound!.provider, 'invalid');
      throw new InvalidInputError('The status callback is invalid', problems);
    }
    const result = await this.tracking.providerCallback(driver, params);
    this.metrics?.countWebhook(driver.inbound!.provider, result);
    return { ok: true, result };
  }
}
