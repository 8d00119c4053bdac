import { APP_CONFIG, AppConfig, isEmailSandbox } from '@app/config';
import { maskEmail } from '@app/kernel';
import { RenderedContent, RenderTarget } from '@app/templates';
import { Inject, Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { ChannelDriver, EmailTransport, OutgoingNotice, SendResult } from './channel.types';
import { noticeHeaders } from './email-headers';
import { SandboxEmailDriver } from './sandbox.drivers';
import { SmtpEmailDriver } from './smtp-email.driver';

/** The header that marks a test send from the preview (no notice stands behind it). */
export const TEST_SEND_HEADER = 'X-Breachcast-Test';

/**
 * Email: to the contact's `email`, rendered from the `email-*` templates (no size limit), sent over
 * SMTP_URL, or captured in the sandbox when it is not set. Bounces come back as delivery-status
 * reports to the VERP return path (BounceService); where SMTP_URL is an email service, its delivery
 * events find the notice by the id each email carries in its headers (noticeHeaders).
 */
@Injectable()
export class EmailChannelDriver implements ChannelDriver<'email'> {
  readonly channel = 'email';
  readonly label = 'Email';
  readonly addressField = 'email';
  readonly render: RenderTarget = { format: 'email', part: 'email' };
  readonly ratePerSec: number;
  readonly sandboxNotice = 'EMAIL SANDBOX: SMTP_URL is not set; emails are captured locally and never leave this machine.';
  readonly escalatesWhenDead = true;
  private readonly transport: EmailTransport;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, dataSource: DataSource) {
    this.ratePerSec = config.emailRatePerSec;
    this.transport = isEmailSandbox(config) ? new SandboxEmailDriver(dataSource) : new SmtpEmailDriver(config.smtpUrl!);
  }

  get sandboxed(): boolean {
    return this.transport.sandboxed;
  }

  isAddress(value: string): boolean {
    return value.length >= 3 && value.length <= 254 && isEmail(value);
  }

  maskAddress(to: string): string {
    return maskEmail(to);
  }

  /**
   * Updates thread onto the first email this contact got about the incident. Within one version a contact gets
   * one email (unique key), so in version 1 there is nothing to look up — and at a million tenants that lookup
   * would walk the incident's whole slice of the unique index for every email.
   */
  async send(notice: OutgoingNotice, rendered: RenderedContent): Promise<SendResult> {
    const domain = this.config.bounceDomain;
    const messageId = `<${notice.id}@${domain}>`;
    const first = notice.version === 1 ? null : await notice.earlierEmail();
    const parent = first ? `<${first}@${domain}>` : undefined;
    return this.transport.send({
      from: this.config.emailFrom,
      to: notice.to,
      subject: rendered.subject ?? '',
      text: rendered.text,
      html: rendered.html ?? '',
      messageId,
      inReplyTo: parent,
      references: parent ? [parent] : undefined,
      returnPath: `bounce+${notice.id}@${domain}`,
      envelopeId: notice.id,
      headers: { ...noticeHeaders(notice.id), ...(notice.test ? { [TEST_SEND_HEADER]: 'true' } : {}) },
    });
  }

  /** The SMTP thread starts now, not with the first email of an incident. */
  prepare(): void {
    this.transport.prepare?.();
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
