import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SendMailOptions } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { ChannelError, EmailTransport, OutgoingEmail, SendResult } from './channel.types';

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
  // Without a reply, only a refused envelope is for good; connection, socket, DNS and timeout trouble, and an
  // SMTP thread that died (ETHREAD), are worth another attempt.
  else permanent = error.code?.startsWith('EENVELOPE') === true;
  return new ChannelError(response ?? error.message, permanent, code ?? error.code ?? null, response);
}

/**
 * Headers written as given. nodemailer would MIME-encode a value such as the JSON of X-SMTPAPI
 * (`=?UTF-8?Q?...?=`), which the email services read as text and so would not find their metadata in.
 * Only for values that are short printable ASCII by construction (noticeHeaders).
 */
const asPrepared = (headers: Record<string, string>): Record<string, { prepared: true; value: string }> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { prepared: true, value }]));

/** How long close() waits for the SMTP thread to close its connections and end. */
const CLOSE_WAIT_MS = 5_000;

interface Pending {
  resolve: (info: SentInfo) => void;
  reject: (error: SmtpError) => void;
}

interface SentInfo {
  rejected: string[];
  response: string;
}

interface SmtpThread {
  thread: Worker;
  /** Sends posted to this thread and not yet answered, by id. */
  pending: Map<number, Pending>;
}

type ThreadReply = { id: number; info: SentInfo; error?: undefined } | { id: number; info?: undefined; error: SmtpError };

/**
 * Email over SMTP with nodemailer's pooled transport, run in a worker thread (smtp-thread.js): building and
 * writing a message costs about as much CPU as everything else a send does, and the thread puts it on another
 * core. The thread starts with prepare() or the first send; when it dies, the sends it held fail as transient (and are
 * retried) and the next send starts a new one.
 */
export class SmtpEmailDriver implements EmailTransport {
  readonly sandboxed = false;
  private readonly options: SMTPPool.Options;
  private current: SmtpThread | null = null;
  private nextId = 0;

  constructor(smtpUrl: string) {
    const url = new URL(smtpUrl);
    this.options = {
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
    } as SMTPPool.Options;
  }

  async send(mail: OutgoingEmail): Promise<SendResult> {
    let info: SentInfo;
    try {
      info = await this.post({
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
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply', ...asPrepared(mail.headers) },
      });
    } catch (error) {
      throw classifySmtpError(error as SmtpError);
    }
    if (info.rejected.length > 0) {
      throw new ChannelError(`recipient rejected: ${info.response}`, true, null, info.response || null);
    }
    return { providerMessageId: mail.messageId, messageId: mail.messageId, response: info.response, sandboxed: false };
  }

  /** Starts the thread (it loads nodemailer: about 0.1 s on an idle core) before the first send needs it. */
  prepare(): void {
    if (!this.current) this.start();
  }

  async close(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = null;
    const exited = new Promise((resolve) => current.thread.once('exit', resolve));
    current.thread.postMessage({ close: true });
    // A thread that does not end on its own within CLOSE_WAIT_MS is ended: shutdown must not hang on it.
    const stop = setTimeout(() => void current.thread.terminate(), CLOSE_WAIT_MS).unref();
    await exited;
    clearTimeout(stop);
  }

  private post(mail: SendMailOptions): Promise<SentInfo> {
    const { thread, pending } = this.current ?? this.start();
    const id = this.nextId++;
    return new Promise<SentInfo>((resolve, reject) => {
      // Only a thread with sends in flight keeps the process alive.
      if (pending.size === 0) thread.ref();
      pending.set(id, { resolve, reject });
      thread.postMessage({ id, mail });
    });
  }

  /** A thread and the sends it holds: when it dies, those fail, and a thread started after it is not concerned. */
  private start(): SmtpThread {
    const thread = new Worker(path.join(__dirname, 'smtp-thread.js'), { workerData: { nodemailer: require.resolve('nodemailer'), options: this.options } });
    const current: SmtpThread = { thread, pending: new Map() };
    const { pending } = current;
    thread.unref();
    thread.on('message', (reply: ThreadReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (pending.size === 0) thread.unref();
      if (reply.error) waiting.reject(reply.error);
      else waiting.resolve(reply.info);
    });
    const lost = (reason: string) => {
      if (this.current === current) this.current = null;
      const error: SmtpError = Object.assign(new Error(`SMTP thread ${reason}`), { code: 'ETHREAD' });
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    };
    thread.on('error', (error) => lost(`failed: ${error.message}`));
    thread.on('exit', (code) => lost(`exited (${code})`));
    this.current = current;
    return current;
  }
}
