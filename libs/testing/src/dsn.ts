import { randomBytes } from 'node:crypto';

/** One recipient block of a delivery-status report (RFC 3464 §2.3). */
export interface DsnRecipient {
  /** The address the original message was sent to (Final-Recipient; also Original-Recipient). */
  originalRecipient: string;
  /** Final-Recipient when it differs from the original one (after forwarding). */
  finalRecipient?: string;
  /** Enhanced status code (RFC 3463), e.g. `5.1.1`. */
  status: string;
  /** `failed` | `delayed` | `delivered` | `relayed` | `expanded`; derived from `status` by default. */
  action?: 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';
  /** SMTP diagnostic text, e.g. `550 5.1.1 <x@y>: Recipient address rejected: User unknown`. */
  diagnostic?: string;
  /** Remote MTA host name (`Remote-MTA: dns; …`). */
  remoteMta?: string;
  lastAttemptDate?: Date;
}

export interface DsnOptions {
  /** Where the DSN is sent: the original envelope sender, e.g. the VERP `bounce+<id>@domain`. */
  to: string;
  /** Sender header of the DSN (its envelope sender is always null `<>`). Default `MAILER-DAEMON@<reportingMta>`. */
  from?: string;
  /** Single-recipient shorthand (ignored when `recipients` is given). */
  originalRecipient?: string;
  status?: string;
  diagnostic?: string;
  action?: DsnRecipient['action'];
  /** Several recipient blocks in one report. */
  recipients?: DsnRecipient[];
  /** ENVID given by the original sender (`Original-Envelope-Id`). */
  originalEnvelopeId?: string;
  /** Message-ID of the bounced message; put in the returned headers part (and `In-Reply-To`/`References`). */
  originalMessageId?: string;
  /** Subject of the bounced message for the returned headers part. */
  originalSubject?: string;
  /** Envelope sender / From of the bounced message for the returned headers part (default `to`). */
  originalFrom?: string;
  /** Any further header lines of the original message to return in the text/rfc822-headers part. */
  originalHeaders?: Record<string, string>;
  /** `Reporting-MTA: dns; …` (default `mx.bounce.test`). */
  reportingMta?: string;
  /** Message-ID of the DSN itself (generated when missing). */
  messageId?: string;
  date?: Date;
  /** Human-readable first part (generated when missing). */
  humanText?: string;
  /** Omit the text/rfc822-headers third part. */
  omitOriginalHeaders?: boolean;
}

function actionFor(status: string): NonNullable<DsnRecipient['action']> {
  if (status.startsWith('2.')) return 'delivered';
  if (status.startsWith('4.')) return 'delayed';
  return 'failed';
}

const STATUS_RE = /^[245]\.\d{1,3}\.\d{1,3}$/;
const angle = (id: string) => (id.startsWith('<') ? id : `<${id}>`);
const bare = (addr: string) => addr.replace(/^.*<([^>]*)>.*$/, '$1').trim();

/**
 * Builds an RFC 3464 delivery-status notification: a `multipart/report; report-type=delivery-status`
 * message with a human-readable part, a `message/delivery-status` part (per-message fields, a blank
 * line, then one block of per-recipient fields each) and, unless omitted, the original headers as
 * `text/rfc822-headers`. Lines end in CRLF. Feed it to an SMTP listener with envelope sender `<>`.
 */
export function buildDsn(options: DsnOptions): string {
  const recipients: DsnRecipient[] =
    options.recipients ??
    (options.originalRecipient
      ? [{ originalRecipient: options.originalRecipient, status: options.status ?? '5.1.1', diagnostic: options.diagnostic, action: options.action }]
      : []);
  if (!options.to) throw new Error('buildDsn: `to` is required');
  if (recipients.length === 0) throw new Error('buildDsn: `originalRecipient` or `recipients` is required');
  for (const r of recipients) {
    if (!STATUS_RE.test(r.status)) throw new Error(`buildDsn: status ${JSON.stringify(r.status)} is not an RFC 3463 code like 5.1.1`);
  }
  const date = options.date ?? new Date();
  const mta = options.reportingMta ?? 'mx.bounce.test';
  const from = options.from ?? `Mail Delivery Subsystem <MAILER-DAEMON@${mta}>`;
  const boundary = `=_dsn_${randomBytes(12).toString('hex')}`;
  const messageId = angle(options.messageId ?? `${randomBytes(12).toString('hex')}@${mta}`);
  const failed = recipients.some((r) => (r.action ?? actionFor(r.status)) === 'failed');
  const delayed = !failed && recipients.some((r) => (r.action ?? actionFor(r.status)) === 'delayed');
  const subject = failed
    ? 'Delivery Status Notification (Failure)'
    : delayed
      ? 'Delivery Status Notification (Delay)'
      : 'Delivery Status Notification (Success)';
  const rfcDate = date.toUTCString().replace('GMT', '+0000');

  const head: string[] = [
    `From: ${from}`,
    `To: <${bare(options.to)}>`,
    `Subject: ${subject}`,
    `Date: ${rfcDate}`,
    `Message-ID: ${messageId}`,
  ];
  if (options.originalMessageId) {
    head.push(`In-Reply-To: ${angle(options.originalMessageId)}`, `References: ${angle(options.originalMessageId)}`);
  }
  head.push(
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
  );

  const human =
    options.humanText ??
    [
      `This is the mail system at host ${mta}.`,
      '',
      failed ? 'Your message could not be delivered to one or more recipients.' : 'This is a delivery status report for your message.',
      '',
      ...recipients.map((r) => `<${bare(r.finalRecipient ?? r.originalRecipient)}>: ${r.diagnostic ?? r.status}`),
    ].join('\r\n');

  const perMessage = [`Reporting-MTA: dns; ${mta}`];
  if (options.originalEnvelopeId) perMessage.push(`Original-Envelope-Id: ${options.originalEnvelopeId}`);
  perMessage.push(`Arrival-Date: ${rfcDate}`);
  const perRecipient = recipients.map((r) => {
    const lines = [
      `Original-Recipient: rfc822; ${bare(r.originalRecipient)}`,
      `Final-Recipient: rfc822; ${bare(r.finalRecipient ?? r.originalRecipient)}`,
      `Action: ${r.action ?? actionFor(r.status)}`,
      `Status: ${r.status}`,
    ];
    if (r.remoteMta) lines.push(`Remote-MTA: dns; ${r.remoteMta}`);
    if (r.diagnostic) lines.push(`Diagnostic-Code: smtp; ${r.diagnostic}`);
    lines.push(`Last-Attempt-Date: ${(r.lastAttemptDate ?? date).toUTCString().replace('GMT', '+0000')}`);
    return lines.join('\r\n');
  });
  const deliveryStatus = [perMessage.join('\r\n'), ...perRecipient].join('\r\n\r\n');

  const parts = [
    ['Content-Type: text/plain; charset=utf-8', 'Content-Description: Notification', 'Content-Transfer-Encoding: 8bit', '', human].join('\r\n'),
    ['Content-Type: message/delivery-status', 'Content-Description: Delivery report', '', deliveryStatus, ''].join('\r\n'),
  ];
  if (!options.omitOriginalHeaders) {
    const orig: string[] = [];
    if (options.originalMessageId) orig.push(`Message-ID: ${angle(options.originalMessageId)}`);
    orig.push(`From: ${options.originalFrom ?? `<${bare(options.to)}>`}`);
    orig.push(`To: <${bare(recipients[0].originalRecipient)}>`);
    if (options.originalSubject) orig.push(`Subject: ${options.originalSubject}`);
    for (const [k, v] of Object.entries(options.originalHeaders ?? {})) orig.push(`${k}: ${v}`);
    parts.push(['Content-Type: text/rfc822-headers', 'Content-Description: Undelivered Message Headers', '', ...orig, ''].join('\r\n'));
  }

  return [head.join('\r\n'), '', 'This is a MIME-encapsulated message.', '', ...parts.map((p) => `--${boundary}\r\n${p}`), `--${boundary}--`, ''].join('\r\n');
}

/** Fluent form of {@link buildDsn}: `new BounceDsnBuilder().to(verp).recipient('x@y', '5.1.1', '550 …').build()`. */
export class BounceDsnBuilder {
  private readonly opts: DsnOptions = { to: '', recipients: [] };

  to(address: string): this {
    this.opts.to = address;
    return this;
  }
  from(address: string): this {
    this.opts.from = address;
    return this;
  }
  recipient(originalRecipient: string, status = '5.1.1', diagnostic?: string, extra: Partial<DsnRecipient> = {}): this {
    this.opts.recipients!.push({ originalRecipient, status, diagnostic, ...extra });
    return this;
  }
  originalEnvelopeId(id: string): this {
    this.opts.originalEnvelopeId = id;
    return this;
  }
  originalMessageId(id: string): this {
    this.opts.originalMessageId = id;
    return this;
  }
  originalSubject(subject: string): this {
    this.opts.originalSubject = subject;
    return this;
  }
  reportingMta(host: string): this {
    this.opts.reportingMta = host;
    return this;
  }
  with(options: Partial<DsnOptions>): this {
    Object.assign(this.opts, options);
    return this;
  }
  build(): string {
    return buildDsn(this.opts);
  }

  static build(options: DsnOptions): string {
    return buildDsn(options);
  }
}

/** The fields of a `message/delivery-status` body: the per-message group and one group per recipient. */
export interface ParsedDeliveryStatus {
  message: Record<string, string>;
  recipients: Record<string, string>[];
}

/**
 * Splits a `message/delivery-status` body into its field groups (keys lower-cased, folded lines
 * joined). Handy in tests to check a DSN; no maintained parser exists on npm.
 */
export function parseDeliveryStatus(body: string | Buffer): ParsedDeliveryStatus {
  const groups = body
    .toString()
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split(/\n\s*\n/)
    .map((g) => g.trim())
    .filter(Boolean)
    .map((g) => {
      const fields: Record<string, string> = {};
      for (const line of g.split('\n')) {
        const i = line.indexOf(':');
        if (i > 0) fields[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      return fields;
    });
  return { message: groups[0] ?? {}, recipients: groups.slice(1) };
}

export interface DeliverRawOptions {
  port: number;
  host?: string;
  /** Envelope sender; '' (default) is the null sender `<>` that DSNs use. */
  from?: string;
  /** Envelope recipients. */
  to: string | string[];
  raw: string | Buffer;
  auth?: { user: string; pass: string };
}

/**
 * Delivers one raw message over SMTP (no TLS), e.g. a {@link buildDsn} report to the product's
 * inbound bounce listener. Resolves with nodemailer's info (`accepted`, `rejected`, `response`).
 */
export async function deliverRawMail(options: DeliverRawOptions): Promise<{ accepted: unknown[]; rejected: unknown[]; response: string }> {
  const nodemailer = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: options.host ?? '127.0.0.1',
    port: options.port,
    secure: false,
    ignoreTLS: true,
    ...(options.auth ? { auth: options.auth } : {}),
  });
  try {
    const to = Array.isArray(options.to) ? options.to : [options.to];
    return await transport.sendMail({ envelope: { from: options.from ?? '', to }, raw: options.raw });
  } finally {
    transport.close();
  }
}
