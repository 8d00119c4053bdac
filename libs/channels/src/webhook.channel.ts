import { APP_CONFIG, AppConfig, isWebhookSandbox } from '@app/config';
import { RenderedContent, RenderTarget } from '@app/templates';
import { Inject, Injectable } from '@nestjs/common';
import { CloudEvent } from 'cloudevents';
import { TEST_SEND_HEADER } from './email.channel';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { ChannelDriver, ChannelError, OutgoingNotice, SendResult } from './channel.types';
import { HttpWebhookTransport, OutgoingWebhook, SandboxWebhookTransport, WebhookTransport } from './webhook.transport';
import { targetProblem, urlProblem } from '@app/outbound';
import { WebhookRetirementRepository } from './webhook-retirement.repository';

/** The CloudEvents type of a notice of this kind. */
export const eventTypeOf = (kind: string): string => `breachcast.notice.${kind}`;

/** The part of a webhook URL a log line may show: scheme and host, never the path (it often carries a token). */
export function maskWebhookUrl(to: string): string {
  try {
    const url = new URL(to);
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return '(not a URL)';
  }
}

/**
 * Webhook: to the contact's `webhook` (an https URL), a CloudEvents 1.0 JSON event signed per Standard
 * Webhooks 1.0 with the tenant's own secret; its data is the tenant's facts as `GET /ack/{token}.json` gives
 * them, with the ack and CSAF links (NoticeComposer builds it for the `event` render target). Posted through
 * safe outbound HTTP, or captured in the sandbox while WEBHOOK_SANDBOX is on. `2xx` is delivered; `410`
 * fails the notice and retires the endpoint (later notices to it are not sent); other `4xx` fail; `429`,
 * `5xx`, timeouts and network trouble are retried, no sooner than `Retry-After` says.
 */
@Injectable()
export class WebhookChannelDriver implements ChannelDriver<'webhook'> {
  readonly channel = 'webhook';
  readonly label = 'Webhook';
  readonly addressField = 'webhook';
  readonly render: RenderTarget = { format: 'event' };
  readonly ratePerSec: number;
  readonly sandboxNotice = 'WEBHOOK SANDBOX: WEBHOOK_SANDBOX is on; webhook events are captured locally and never leave this machine.';
  readonly escalatesWhenDead = false;
  private readonly transport: WebhookTransport;
  private readonly retirements: WebhookRetirementRepository;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, dataSource: DataSource) {
    this.ratePerSec = config.webhook.ratePerSec;
    this.transport = isWebhookSandbox(config)
      ? new SandboxWebhookTransport(dataSource)
      : new HttpWebhookTransport({ allowInsecure: config.webhook.allowInsecure, timeoutMs: config.webhook.timeoutMs, maxBodyBytes: 4096 });
    this.retirements = new WebhookRetirementRepository(dataSource);
  }

  get sandboxed(): boolean {
    return this.transport.sandboxed;
  }

  isAddress(value: string): boolean {
    return urlProblem(value, this.config.webhook.allowInsecure) === null;
  }

  /** Resolves the host now: a URL whose name points at a private address is refused when the tenant is written. */
  refusal(value: string): Promise<string | null> {
    return targetProblem(value, { allowInsecure: this.config.webhook.allowInsecure });
  }

  maskAddress(to: string): string {
    return maskWebhookUrl(to);
  }

  async send(notice: OutgoingNotice, rendered: RenderedContent): Promise<SendResult> {
    if (notice.retiredAt) throw new ChannelError(`endpoint retired: it answered 410 Gone on ${notice.retiredAt.toISOString()}`, true, 410, null);
    const secret = await notice.signingSecret();
    if (!secret) throw new ChannelError('the tenant has no webhook signing secret (POST /v1/tenants/{externalId}/webhook-secret)', true, null, null);
    const data = JSON.parse(rendered.text) as { kind: string; reference: string };
    // Built here from known attributes, so the per-event schema check is left off (the channel's unit spec validates the shape).
    const event = new CloudEvent({
      specversion: '1.0',
      id: notice.id,
      source: this.config.publicBaseUrl,
      type: eventTypeOf(data.kind),
      subject: data.reference,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data,
      // A test send from the preview says so in an extension attribute and a header.
      ...(notice.test ? { breachcasttest: true } : {}),
    }, false);
    const body = JSON.stringify(event);
    const timestamp = new Date();
    const hook: OutgoingWebhook = {
      url: notice.to,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'breachcast-webhooks/1.0',
        'webhook-id': notice.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(notice.id, timestamp, body),
        ...(notice.test ? { [TEST_SEND_HEADER.toLowerCase()]: 'true' } : {}),
      },
    };
    const outcome = await this.transport.send(hook);
    if (outcome.retire && !notice.test) {
      await this.retirements.retire(notice.tenantId, notice.to, notice.id);
    }
    if (outcome.error) throw outcome.error;
    return outcome.result!;
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
