import twilio from 'twilio';
import { ChannelError, OutgoingSms, SendResult, SmsTransport } from './channel.types';

/** Twilio error codes that another attempt cannot fix. */
const PERMANENT_CODES = new Set([21211, 21212, 21408, 21606, 21610, 21612, 21614, 21617, 30004, 30005, 30006, 30007]);
const RETRY_CODES = new Set([20429, 30001, 30003, 30008]);

interface TwilioError extends Error {
  status?: number;
  code?: number | string;
  moreInfo?: string;
}

export function classifyTwilioError(error: TwilioError): ChannelError {
  const status = typeof error.status === 'number' ? error.status : null;
  const code = typeof error.code === 'number' ? error.code : null;
  let permanent: boolean;
  if (code !== null && PERMANENT_CODES.has(code)) permanent = true;
  else if (code !== null && RETRY_CODES.has(code)) permanent = false;
  else if (status === 429 || (status !== null && status >= 500)) permanent = false;
  else if (status !== null && status >= 400) permanent = true;
  else permanent = false; // no HTTP answer at all: network trouble, try again
  const detail = `${status ?? 'no response'}${code !== null ? ` code ${code}` : ''}: ${error.message}`;
  return new ChannelError(detail, permanent, code ?? status ?? (typeof error.code === 'string' ? error.code : null), detail);
}

export interface TwilioDriverOptions {
  accountSid: string;
  authToken: string;
  from: string | null;
  messagingServiceSid: string | null;
  apiBaseUrl: string | null;
}

export class TwilioSmsDriver implements SmsTransport {
  readonly sandboxed = false;
  private readonly client: twilio.Twilio;

  constructor(private readonly options: TwilioDriverOptions) {
    this.client = twilio(options.accountSid, options.authToken, { autoRetry: false });
    // The SDK has no base-URL setting; its API domain object has one (used for compatible doubles).
    if (options.apiBaseUrl) (this.client.api as unknown as { baseUrl: string }).baseUrl = options.apiBaseUrl;
  }

  async send(sms: OutgoingSms): Promise<SendResult> {
    try {
      const message = await this.client.messages.create({
        to: sms.to,
        body: sms.body,
        statusCallback: sms.statusCallback,
        ...(this.options.messagingServiceSid ? { messagingServiceSid: this.options.messagingServiceSid } : { from: this.options.from! }),
      });
      return { providerMessageId: message.sid, response: `${message.status}`, status: message.status, sandboxed: false };
    } catch (error) {
      throw classifyTwilioError(error as TwilioError);
    }
  }

  async close(): Promise<void> {}
}
