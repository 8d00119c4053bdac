import { APP_CONFIG, AppConfig } from '@app/config';
import { DeliveryRepository, reportKey, TrackingService } from '@app/delivery';
import { EscalationService } from '@app/escalation';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EmailEvent, EmailProvider } from './email-event';
import { readMailgun, verifyMailgun } from './mailgun';
import { readPostmark, verifyPostmark } from './postmark';
import { readSendgrid, SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, verifySendgrid } from './sendgrid';
import { readSes } from './ses';
import { allowedSnsUrl, getLimited, parseSnsMessage, SnsCertificates, verifySns } from './sns';

/** One webhook request of an email service, as it arrived. */
export interface ProviderRequest {
  /** The body as parsed (JSON, or text for SNS). */
  body: unknown;
  /** The bytes of the body as they arrived (SendGrid signs them). */
  rawBody?: Buffer;
  /** Request headers, names in lower case. */
  headers: Record<string, string | string[] | undefined>;
}

/** What became of the events of one request. */
export interface EventCounts {
  /** kept as an event of their notice (moving it on where the rules allow) */
  applied: number;
  /** taken before: a retry or a replay */
  duplicate: number;
  /** events that say nothing about delivery (opens, clicks, "processed") */
  ignored: number;
  /** events that name no notice of ours */
  unknown: number;
}

export type Receipt =
  | { status: 'not_configured' }
  | { status: 'forbidden'; reason: string }
  | { status: 'unavailable'; reason: string }
  | { status: 'confirmed' }
  | { status: 'taken'; counts: EventCounts };

const header = (request: ProviderRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Delivery events from email services (SendGrid, Mailgun, Postmark, Amazon SES through SNS): checks each
 * service's own signature, reads its events and applies them to the notices they name, forward only and
 * each event once, through the same tracking as the Twilio callbacks and DSN bounces.
 */
@Injectable()
export class EmailEventsService implements OnModuleInit {
  private readonly logger = new Logger('EmailEvents');
  private readonly certificates: SnsCertificates;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: DeliveryRepository,
    private readonly tracking: TrackingService,
    private readonly escalation: EscalationService,
  ) {
    this.certificates = new SnsCertificates(config.emailEvents.sesCertHosts);
  }

  /** Says at start which endpoints are on, and warns when SNS certificates may come over plain http (a loopback test double). */
  onModuleInit(): void {
    const e = this.config.emailEvents;
    const on = [e.sendgridPublicKey && 'sendgrid', e.mailgunSigningKey && 'mailgun', e.postmarkUser && 'postmark', e.sesTopicArns.length > 0 && 'ses'].filter(Boolean);
    if (on.length > 0) this.logger.log(`email service events taken from: ${on.join(', ')}`);
    const loopback = e.sesCertHosts.filter((h) => allowedSnsUrl(`http://${h}/x.pem`, e.sesCertHosts) !== null);
    if (loopback.length > 0) this.logger.warn(`SES_SNS_CERT_HOSTS names loopback host(s) ${loopback.join(', ')}: SNS certificates are taken from them over plain http (tests only)`);
  }

  async receive(provider: EmailProvider, request: ProviderRequest): Promise<Receipt> {
    const receipt = await this.authenticate(provider, request);
    if (receipt.status === 'forbidden') this.logger.warn(`${provider} event webhook refused: ${receipt.reason}`);
    if (receipt.status === 'unavailable') this.logger.warn(`${provider} event webhook not taken now: ${receipt.reason}`);
    return receipt;
  }

  private async authenticate(provider: EmailProvider, request: ProviderRequest): Promise<Receipt> {
    const secrets = this.config.emailEvents;
    const domain = this.config.bounceDomain;
    switch (provider) {
      case 'sendgrid': {
        if (!secrets.sendgridPublicKey) return { status: 'not_configured' };
        const signed = verifySendgrid(secrets.sendgridPublicKey, request.rawBody, header(request, SENDGRID_SIGNATURE_HEADER), header(request, SENDGRID_TIMESTAMP_HEADER));
        return signed ? this.take(readSendgrid(request.body, domain)) : { status: 'forbidden', reason: 'missing or bad signature' };
      }
      case 'mailgun':
        if (!secrets.mailgunSigningKey) return { status: 'not_configured' };
        if (!verifyMailgun(secrets.mailgunSigningKey, request.body)) return { status: 'forbidden', reason: 'missing, bad or stale signature' };
        return this.take(readMailgun(request.body, domain));
      case 'postmark':
        if (!secrets.postmarkUser || !secrets.postmarkPassword) return { status: 'not_configured' };
        if (!verifyPostmark(secrets.postmarkUser, secrets.postmarkPassword, header(request, 'authorization'))) return { status: 'forbidden', reason: 'missing or wrong credentials' };
        return this.take(readPostmark(request.body));
      case 'ses':
        return this.ses(request);
    }
  }

  /**
   * Amazon SNS: only from the topics of SES_SNS_TOPIC_ARNS (anyone can point a topic of theirs at this
   * URL, and AWS signs that too), signed by a certificate from an allowed host. A subscription
   * confirmation is confirmed by fetching its SubscribeURL, which must be on an allowed host as well.
   */
  private async ses(request: ProviderRequest): Promise<Receipt> {
    const { sesTopicArns, sesCertHosts } = this.config.emailEvents;
    if (sesTopicArns.length === 0) return { status: 'not_configured' };
    const message = parseSnsMessage(request.body);
    if (!message) return { status: 'forbidden', reason: 'not a signed SNS message' };
    if (!sesTopicArns.includes(message.TopicArn)) return { status: 'forbidden', reason: `topic ${message.TopicArn} is not in SES_SNS_TOPIC_ARNS` };
    let signed: boolean;
    try {
      signed = await verifySns(message, this.certificates);
    } catch (error) {
      return { status: 'unavailable', reason: `signing certificate not fetched: ${(error as Error).message}` };
    }
    if (!signed) return { status: 'forbidden', reason: 'bad signature, or a certificate from a host that is not allowed' };
    if (message.Type === 'SubscriptionConfirmation') {
      const url = allowedSnsUrl(message.SubscribeURL!, sesCertHosts);
      if (!url) return { status: 'forbidden', reason: 'SubscribeURL is not on an allowed host' };
      try {
        const { status } = await getLimited(url, 64 * 1024);
        if (status !== 200) return { status: 'unavailable', reason: `SubscribeURL answered ${status}` };
      } catch (error) {
        return { status: 'unavailable', reason: `SubscribeURL not reached: ${(error as Error).message}` };
      }
      this.logger.log(`subscribed to SNS topic ${message.TopicArn}`);
      return { status: 'confirmed' };
    }
    if (message.Type !== 'Notification') {
      this.logger.log(`SNS ${message.Type} for topic ${message.TopicArn} noted; nothing to do`);
      return { status: 'taken', counts: { applied: 0, duplicate: 0, ignored: 1, unknown: 0 } };
    }
    return this.take(readSes(message, this.config.bounceDomain));
  }

  /** Applies authenticated events, one after another (a batch may hold several events of one notice, in order). */
  async take(events: EmailEvent[]): Promise<Receipt> {
    const counts: EventCounts = { applied: 0, duplicate: 0, ignored: 0, unknown: 0 };
    for (const event of events) counts[await this.apply(event)] += 1;
    return { status: 'taken', counts };
  }

  private async apply(event: EmailEvent): Promise<keyof EventCounts> {
    if (event.outcome === 'other') return 'ignored';
    const notice = event.noticeId ? await this.repository.emailNotice(event.noticeId) : null;
    if (!notice) {
      this.logger.warn(`${event.provider} ${event.providerEvent} event ${event.eventId} names no email notice of ours (${event.noticeId ?? 'no notice id'}); ignored`);
      return 'unknown';
    }
    const detail = { source: event.provider, providerEvent: event.providerEvent, eventId: event.eventId, diagnostic: event.diagnostic };
    const key = reportKey(event.provider, event.eventId);
    if (event.outcome === 'delayed') return (await this.tracking.note(notice.id, 'delayed', detail, key)) ? 'applied' : 'duplicate';
    const error = event.outcome === 'delivered' ? undefined : (event.diagnostic ?? `${event.provider} ${event.providerEvent}`);
    const result = await this.tracking.apply({ noticeId: notice.id }, event.outcome, { ...detail, error }, key);
    if (result.duplicate) return 'duplicate';
    if (result.changed) this.logger.log(`notice ${notice.id} ${event.outcome} (${event.provider} ${event.providerEvent})`);
    // No email of the tenant's can arrive any more: its next contacts hear now, as after a DSN bounce.
    if (result.changed && event.outcome !== 'delivered') await this.escalation.escalateNowIfUnreachable(notice.affected_id);
    return 'applied';
  }
}
