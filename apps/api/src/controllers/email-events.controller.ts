import { MetricsService } from '@app/observability';
import { EmailEventsService, EmailProvider, SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER } from '@app/provider-events';
import { Controller, ForbiddenException, HttpCode, NotFoundException, Optional, Post, Req, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { EmailEventsResult } from '../dto/responses';
import { Public } from '../http/auth';
import type { RawBodyRequest } from '../http/body';

const OK = { description: 'Events taken, each once: {ok, applied, duplicate, ignored, unknown}', type: EmailEventsResult };
const FORBIDDEN = { description: 'Bad or missing signature (credentials): nothing changes' };
const NOT_FOUND = { description: 'The secret of this endpoint is not configured' };
const EVENTS = { schema: { type: 'object', description: "the service's own event format", additionalProperties: true } };

/**
 * Delivery events of the email services SMTP_URL may point at. Each route authenticates by the service's
 * own scheme (see EmailEventsService) and answers 404 while its secret is not configured.
 */
@ApiTags('webhooks')
@Controller('v1/webhooks/email')
export class EmailEventsController {
  constructor(
    private readonly events: EmailEventsService,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  @Post('sendgrid')
  @ApiOperation({ summary: "SendGrid's Signed Event Webhook (a JSON array of events), checked with SENDGRID_WEBHOOK_PUBLIC_KEY" })
  @ApiHeader({ name: SENDGRID_SIGNATURE_HEADER, required: true, description: 'ECDSA signature (base64) over the timestamp and the raw body' })
  @ApiHeader({ name: SENDGRID_TIMESTAMP_HEADER, required: true })
  @ApiBody({ schema: { type: 'array', items: { type: 'object', additionalProperties: true } } })
  @ApiOkResponse(OK)
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiNotFoundResponse(NOT_FOUND)
  @Public()
  @HttpCode(200)
  sendgrid(@Req() req: RawBodyRequest): Promise<EmailEventsResult> {
    return this.receive('sendgrid', req);
  }

  @Post('mailgun')
  @ApiOperation({ summary: "Mailgun's webhook (JSON: signature and event-data), HMAC-SHA256 with MAILGUN_WEBHOOK_SIGNING_KEY; stale timestamps are refused" })
  @ApiBody(EVENTS)
  @ApiOkResponse(OK)
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiNotFoundResponse(NOT_FOUND)
  @Public()
  @HttpCode(200)
  mailgun(@Req() req: RawBodyRequest): Promise<EmailEventsResult> {
    return this.receive('mailgun', req);
  }

  @Post('postmark')
  @ApiOperation({ summary: "Postmark's delivery and bounce webhooks, HTTP Basic with POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD" })
  @ApiHeader({ name: 'authorization', required: true, description: 'Basic <base64 user:password>' })
  @ApiBody(EVENTS)
  @ApiOkResponse(OK)
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiNotFoundResponse(NOT_FOUND)
  @Public()
  @HttpCode(200)
  postmark(@Req() req: RawBodyRequest): Promise<EmailEventsResult> {
    return this.receive('postmark', req);
  }

  @Post('ses')
  @ApiOperation({
    summary:
      'Amazon SES events through Amazon SNS (topics of SES_SNS_TOPIC_ARNS); the signature is checked against the certificate the message names, fetched only from sns.<region>.amazonaws.com or SES_SNS_CERT_HOSTS; a subscription confirmation is confirmed',
  })
  @ApiConsumes('text/plain', 'application/json')
  @ApiBody(EVENTS)
  @ApiOkResponse(OK)
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiServiceUnavailableResponse({ description: 'The signing certificate or the SubscribeURL could not be fetched now: SNS tries again' })
  @Public()
  @HttpCode(200)
  ses(@Req() req: RawBodyRequest): Promise<EmailEventsResult> {
    return this.receive('ses', req);
  }

  private async receive(provider: EmailProvider, req: RawBodyRequest): Promise<EmailEventsResult> {
    const receipt = await this.events.receive(provider, { body: req.body as unknown, rawBody: req.rawBody, headers: req.headers });
    switch (receipt.status) {
      case 'not_configured':
        throw new NotFoundException(`The ${provider} event webhook is not configured`);
      case 'forbidden':
        this.metrics?.countWebhook(provider, 'bad_signature');
        throw new ForbiddenException(`The ${provider} event webhook request is not authenticated`);
      case 'unavailable':
        this.metrics?.countWebhook(provider, 'unavailable');
        throw new ServiceUnavailableException(`The ${provider} event could not be checked now; try again`);
      case 'confirmed':
        this.metrics?.countWebhook(provider, 'confirmed');
        return { ok: true, applied: 0, duplicate: 0, ignored: 0, unknown: 0, confirmed: true };
      case 'taken':
        for (const [outcome, n] of Object.entries(receipt.counts)) for (let i = 0; i < n; i++) this.metrics?.countWebhook(provider, outcome);
        return { ok: true, ...receipt.counts };
    }
  }
}
