import * as nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { ChannelError, EmailTransport, OutgoingEmail, SendResult } from './channel.types';

const TRANSIENT_NETWORK = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET', 'EDNS', 'EAUTH_TEMP']);

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

/** Classifies a nodemailer failure: 4xx and network trouble are worth retrying, 5xx are not. */
export function classifySmtpError(error: SmtpError): ChannelError {
  const code = error.responseCode ?? null;
  const response = error.response ?? null;
  let permanent: boolean;
  if (typeof error.permanent === 'boolean') permanent = error.permanent;
  else if (code !== null) permanent = code >= 500 && code !== 503;
  else permanent = !TRANSIENT_NETWORK.has(error.code ?? '') && error.code !== undefined && error.code.startsWith('EENVELOPE');
  return new ChannelError(response ?? error.message, permanent, code ?? error.code ?? null, response);
}

export class SmtpEmailDriver implements EmailTransport {
  readonly sandboxed = false;
  private readonly transporter: nodemailer.Transporter<SMTPPool.SentMessageInfo>;

  constructor(smtpUrl: string) {
    const url = new URL(smtpUrl);
    this.transporter = nodemailer.createTransport({
      pool: true,
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      maxConnections: Number(url.searchParams.get('maxConnections') ?? 5),
      maxMessages: Number(url.searchParams.get('maxMessages') ?? 100),
      ignoreTLS: url.searchParams.get('ignoreTLS') === 'true',
      requireTLS: url.searchParams.get('requireTLS') === 'true',
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      logger: false,
    } as SMTPPool.Options);
  }

  async send(mail: OutgoingEmail): Promise<SendResult> {
    let info: SMTPPool.SentMessageInfo;
    try {
      info = await this.transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
        envelope: { from: mail.returnPath, to: mail.to },
        dsn: { id: mail.envelopeId, return: 'headers', notify: ['failure', 'delay'], recipient: mail.to },
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply', ...mail.headers },
      });
    } catch (error) {
      throw classifySmtpError(error as SmtpError);
    }
    const rejected = (info.rejected ?? []) as unknown[];
    if (rejected.length > 0) {
      throw new ChannelError(`recipient rejected: ${info.response}`, true, null, info.response ?? null);
    }
    return { providerMessageId: mail.messageId, messageId: mail.messageId, response: info.response ?? '', sandboxed: false };
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
