import { Channel, ContactAddressField, RenderTarget } from '@app/kernel';
import { NoticeStatus } from '@app/database';
import { RenderedContent } from '@app/templates';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Our own Message-ID, `<uuid@domain>`. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** VERP envelope sender: bounces come back to `bounce+<noticeId>@BOUNCE_DOMAIN`. */
  returnPath: string;
  /** Original-Envelope-Id for DSNs. */
  envelopeId: string;
  /** Headers that name the notice to the email services' delivery events (see noticeHeaders), and a test send's `X-Breachcast-Test`. */
  headers: Record<string, string>;
}

export interface OutgoingSms {
  to: string;
  body: string;
  statusCallback: string;
}

export interface SendResult {
  providerMessageId: string;
  /** The message's own Message-ID header, where the channel has one (email); kept on the notice for threading. */
  messageId?: string;
  /** The provider's own answer, kept as evidence (SMTP reply line, Twilio status). */
  response: string;
  /** Provider status at acceptance, for SMS (`queued`, `accepted`, `sent` …). */
  status?: string;
  /** The answer itself confirms delivery (a webhook endpoint's 2xx): the notice is `delivered` at once. */
  delivered?: boolean;
  sandboxed: boolean;
}

/** A send that did not go through. `permanent` ones are never retried. */
export class ChannelError extends Error {
  override name = 'ChannelError';
  /** The provider asked for no retry sooner than this (Retry-After), in milliseconds. */
  retryAfterMs: number | null = null;
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly code: string | number | null,
    readonly providerResponse: string | null,
  ) {
    super(message);
  }
}

export interface EmailTransport {
  readonly sandboxed: boolean;
  /** Gets ready for the first send (a worker calls it as it starts); absent: nothing to get ready. */
  prepare?(): void;
  send(mail: OutgoingEmail): Promise<SendResult>;
  close(): Promise<void>;
}

export interface SmsTransport {
  readonly sandboxed: boolean;
  send(sms: OutgoingSms): Promise<SendResult>;
  close(): Promise<void>;
}

/** What a driver needs of the notice it sends; the rendered content comes beside it. */
export interface OutgoingNotice {
  id: string;
  incidentId: string;
  version: number;
  contactId: string;
  tenantId: string;
  /** The address on this channel, as planned (see ChannelDriver.addressField). */
  to: string;
  /**
   * The id of the first email this contact got about the incident before this one, for threading.
   * Asked only by a driver that threads, so the others cost no query.
   */
  earlierEmail(): Promise<string | null>;
  /**
   * A test send from the preview: no notice row stands behind it. The content comes already marked
   * (TEST prefix); a driver with headers also says so in one (email: `X-Breachcast-Test: true`).
   */
  test?: boolean;
  /** The tenant's webhook signing secret (`whsec_…`), or null when it has none. Asked only by a driver that signs. */
  signingSecret(): Promise<string | null>;
  /** When the endpoint answered 410 Gone, as read with the notice; null when it has not (and for a test send). */
  retiredAt: Date | null;
}

/** A provider's report about one message, read from its callback. */
export interface ProviderReport {
  providerMessageId: string;
  /** The message's own Message-ID header, where the channel has one (email); kept on the notice for threading. */
  messageId?: string;
  providerStatus: string;
  errorCode: string | null;
  /** The recipient as the provider names it, for a log line (masked there). */
  to: string | null;
}

/** A provider that reports back over HTTP: how its callbacks are authenticated and read. */
export interface InboundCallbacks {
  /** The provider's name in events, metrics and dedupe keys (`twilio`). */
  readonly provider: string;
  /** Path of the callback route under PUBLIC_BASE_URL; the driver gives it to the provider with each send. */
  readonly path: string;
  /** Whether the request carries the provider's valid signature over PUBLIC_BASE_URL + path and its parameters. */
  verify(signature: string | undefined, params: Record<string, string>): boolean;
  /** The report in the callback, or null when it names no message or status. */
  read(params: Record<string, string | undefined>): ProviderReport | null;
}

/**
 * Everything one channel owns. A channel is one driver (plus its vocabulary entry in `CHANNELS` and
 * its templates) registered in ChannelsModule's driver list; every other place loops over the
 * registry or over `CHANNELS`.
 */
export interface ChannelDriver<C extends Channel = Channel> {
  readonly channel: C;
  /** How people read the channel's name (console columns, filters). */
  readonly label: string;
  /** The contact field this channel sends to. */
  readonly addressField: ContactAddressField;
  /** Whether a value is a valid address on this channel (the rule the tenant import applies to that field). */
  isAddress(value: string): boolean;
  /** Why the address is refused beyond its syntax (checked when a tenant is written), or null; absent: syntax only. */
  refusal?(value: string): Promise<string | null>;
  /** The address as a log line may show it. */
  maskAddress(to: string): string;
  /** Which templates render its notices and what must fit. */
  readonly render: RenderTarget;
  /** Sends per second at the provider across every worker (0: no ceiling), from its *_RATE_PER_SEC setting. */
  readonly ratePerSec: number;
  /** Messages are captured locally (the sandbox twin) instead of leaving the machine. */
  readonly sandboxed: boolean;
  /** What the sandbox warning at worker start says (only when sandboxed). */
  readonly sandboxNotice: string;
  /** A notice of this channel that failed for good may leave its tenant unreachable: escalate it now. */
  readonly escalatesWhenDead: boolean;
  /** Gets ready for the first send, so that it does not wait for that (a worker calls it as it starts); absent: nothing to get ready. */
  prepare?(): void;
  /** Hands one rendered notice to the provider (or the sandbox). Throws ChannelError. */
  send(notice: OutgoingNotice, rendered: RenderedContent): Promise<SendResult>;
  /** The provider's message status in our terms; null for one that says nothing new. Absent when the provider never reports. */
  statusOf?(providerStatus: string): NoticeStatus | null;
  /** The provider's status callbacks, where it has them. */
  readonly inbound?: InboundCallbacks;
  close(): Promise<void>;
}

/** The registered drivers, in registration order (see ChannelsModule). */
export const CHANNEL_DRIVERS = Symbol('CHANNEL_DRIVERS');
