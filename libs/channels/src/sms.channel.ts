import { APP_CONFIG, AppConfig, isSmsSandbox } from '@app/config';
import { NoticeStatus } from '@app/database';
import { isE164, maskPhone } from '@app/kernel';
import { MAX_SMS_SEGMENTS, RenderedContent, RenderTarget } from '@app/templates';
import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { ChannelDriver, InboundCallbacks, OutgoingNotice, ProviderReport, SendResult, SmsTransport } from './channel.types';
import { SandboxSmsDriver } from './sandbox.drivers';
import { TwilioSmsDriver } from './twilio-sms.driver';

/** Where Twilio posts message status changes, under PUBLIC_BASE_URL. */
export const TWILIO_STATUS_PATH = '/v1/webhooks/twilio/status';

/** Twilio's message statuses mapped onto ours; null for statuses that say nothing new. */
export function twilioStatusToNotice(status: string): NoticeStatus | null {
  switch (status) {
    case 'queued':
    case 'accepted':
    case 'scheduled':
    case 'sending':
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

/**
 * SMS: to the contact's `phone` (E.164), one line from the `sms` templates in at most two segments,
 * sent through Twilio, or captured in the sandbox without Twilio credentials. Twilio reports each
 * status change to TWILIO_STATUS_PATH, signed with the auth token.
 */
@Injectable()
export class SmsChannelDriver implements ChannelDriver<'sms'> {
  readonly channel = 'sms';
  readonly label = 'SMS';
  readonly addressField = 'phone';
  readonly render: RenderTarget = { format: 'segmented', part: 'sms', maxSegments: MAX_SMS_SEGMENTS };
  readonly ratePerSec: number;
  readonly sandboxNotice = 'SMS SANDBOX: Twilio credentials are not set; SMS are captured locally and never leave this machine.';
  readonly escalatesWhenDead = false;
  readonly inbound: InboundCallbacks;
  private readonly transport: SmsTransport;
  private readonly statusCallback: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig, dataSource: DataSource) {
    this.ratePerSec = config.smsRatePerSec;
    this.transport = isSmsSandbox(config)
      ? new SandboxSmsDriver(dataSource)
      : new TwilioSmsDriver({ ...config.twilio, accountSid: config.twilio.accountSid!, authToken: config.twilio.authToken! });
    this.statusCallback = `${config.publicBaseUrl}${TWILIO_STATUS_PATH}`;
    const token = config.twilio.authToken;
    const url = this.statusCallback;
    this.inbound = {
      provider: 'twilio',
      path: TWILIO_STATUS_PATH,
      // The signature is checked over PUBLIC_BASE_URL + path, not over what a proxy passed on.
      verify: (signature, params) => Boolean(token && signature && twilio.validateRequest(token, signature, url, params)),
      read: (params): ProviderReport | null => {
        const sid = params.MessageSid ?? params.SmsSid;
        const status = params.MessageStatus ?? params.SmsStatus;
        if (!sid || !status) return null;
        return { providerMessageId: sid, providerStatus: status, errorCode: params.ErrorCode ?? null, to: params.To ?? null };
      },
    };
  }

  get sandboxed(): boolean {
    return this.transport.sandboxed;
  }

  isAddress(value: string): boolean {
    return isE164(value);
  }

  maskAddress(to: string): string {
    return maskPhone(to);
  }

  statusOf(providerStatus: string): NoticeStatus | null {
    return twilioStatusToNotice(providerStatus);
  }

  send(notice: OutgoingNotice, rendered: RenderedContent): Promise<SendResult> {
    return this.transport.send({ to: notice.to, body: rendered.text, statusCallback: this.statusCallback });
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
