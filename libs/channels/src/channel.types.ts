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
}

export interface OutgoingSms {
  to: string;
  body: string;
  statusCallback: string;
}

export interface SendResult {
  providerMessageId: string;
  /** The provider's own answer, kept as evidence (SMTP reply line, Twilio status). */
  response: string;
  /** Provider status at acceptance, for SMS (`queued`, `accepted`, `sent` …). */
  status?: string;
  sandboxed: boolean;
}

/** A send that did not go through. `permanent` ones are never retried. */
export class ChannelError extends Error {
  override name = 'ChannelError';
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
  send(mail: OutgoingEmail): Promise<SendResult>;
  close(): Promise<void>;
}

export interface SmsTransport {
  readonly sandboxed: boolean;
  send(sms: OutgoingSms): Promise<SendResult>;
  close(): Promise<void>;
}

export const EMAIL_TRANSPORT = Symbol('EMAIL_TRANSPORT');
export const SMS_TRANSPORT = Symbol('SMS_TRANSPORT');
