import { SandboxMessageEntity } from '@app/database';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EmailTransport, OutgoingEmail, OutgoingSms, SendResult, SmsTransport } from './channel.types';

/** Captures email in the database instead of sending it: the demo and a fresh install stay on the machine. */
export class SandboxEmailDriver implements EmailTransport {
  readonly sandboxed = true;
  constructor(private readonly dataSource: DataSource) {}

  async send(mail: OutgoingEmail): Promise<SendResult> {
    await this.dataSource.getRepository(SandboxMessageEntity).insert({
      channel: 'email',
      to: mail.to,
      from: mail.from,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Message-ID': mail.messageId, 'In-Reply-To': mail.inReplyTo ?? '', References: (mail.references ?? []).join(' '), 'Return-Path': mail.returnPath, ...mail.headers },
      providerId: mail.messageId,
    });
    return { providerMessageId: mail.messageId, messageId: mail.messageId, response: '250 captured by sandbox', sandboxed: true };
  }

  async close(): Promise<void> {}
}

export class SandboxSmsDriver implements SmsTransport {
  readonly sandboxed = true;
  constructor(private readonly dataSource: DataSource) {}

  async send(sms: OutgoingSms): Promise<SendResult> {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    await this.dataSource.getRepository(SandboxMessageEntity).insert({
      channel: 'sms',
      to: sms.to,
      from: null,
      subject: null,
      text: sms.body,
      html: null,
      headers: { StatusCallback: sms.statusCallback },
      providerId: sid,
    });
    return { providerMessageId: sid, response: 'sent (sandbox)', status: 'sent', sandboxed: true };
  }

  async close(): Promise<void> {}
}
