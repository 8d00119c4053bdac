import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { Collector, DEFAULT_WAIT_MS, type WaitTarget } from './wait';

/** One scripted SMTP reply: a bare code (`451`) or a code with text and where to give it. */
export type SmtpReply =
  | number
  | {
      code: number;
      message?: string;
      /** `'data'` (default): reject the whole message after DATA; `'rcpt'`: reject this recipient at RCPT TO. */
      at?: 'data' | 'rcpt';
    };

export interface SmtpSinkOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Host to bind; 127.0.0.1 by default. */
  host?: string;
  /** When set (with `pass`), AUTH PLAIN/LOGIN is required with these credentials. */
  user?: string;
  pass?: string;
  /**
   * `true` (default): every message is parsed with mailparser (subject, text, html, headers…).
   * `false`: cheap mode for load tests; only envelope, size and the Message-ID header are kept
   * (`raw` is not kept either).
   */
  parse?: boolean;
  /** Keep the raw message (default: true when parsing, false otherwise). */
  keepRaw?: boolean;
  /** Advertise DSN (RFC 3461) so `dsn` options of nodemailer travel; default true. */
  dsn?: boolean;
  /** Extra latency before the final reply to DATA, to simulate a slow server (ms). */
  delayMs?: number;
  /** Maximum concurrent connections (default 200). */
  maxClients?: number;
}

export interface SmtpEnvelope {
  /** MAIL FROM address; '' for the null sender `<>`. */
  from: string;
  to: string[];
  /** DSN parameters (RET, ENVID, per-recipient NOTIFY/ORCPT) when the client sent any. */
  dsn?: { ret?: string | null; envid?: string | null; recipients: Record<string, { notify?: string[]; orcpt?: string }> };
}

export interface ReceivedMail {
  /** Sequence number in this sink (1-based, in order of acceptance). */
  seq: number;
  /** smtp-server queue id ("250 Message queued as <id>"). */
  queueId: string;
  receivedAt: Date;
  envelope: SmtpEnvelope;
  /** Authenticated user, if any. */
  user?: string;
  /** Raw size in bytes. */
  size: number;
  messageId?: string;
  inReplyTo?: string;
  /** References as a list of ids (angle brackets kept, as mailparser gives them). */
  references: string[];
  subject?: string;
  text?: string;
  html?: string;
  /** Lower-cased header name → mailparser's value (empty when `parse: false`). */
  headers: Map<string, HeaderValue>;
  /** The From header as text, e.g. `breachcast <security@localhost>`. */
  from?: string;
  /** Addresses of the To header. */
  to: string[];
  cc: string[];
  attachments: { filename?: string; contentType: string; size: number; content: Buffer }[];
  /** Raw RFC 5322 message (undefined when `parse: false` unless `keepRaw`). */
  raw?: string;
}

interface PendingRcpt {
  reply?: { code: number; message: string };
}

const DEFAULT_MESSAGES: Record<number, string> = {
  421: 'Service not available, closing transmission channel',
  450: 'Requested mail action not taken: mailbox unavailable',
  451: 'Requested action aborted: local error in processing',
  452: 'Requested action not taken: insufficient system storage',
  550: 'Requested action not taken: mailbox unavailable',
  551: 'User not local',
  552: 'Requested mail action aborted: exceeded storage allocation',
  553: 'Requested action not taken: mailbox name not allowed',
  554: 'Transaction failed',
};

const norm = (address: string) => address.trim().toLowerCase();

function addresses(obj: AddressObject | AddressObject[] | undefined): string[] {
  if (!obj) return [];
  const list = Array.isArray(obj) ? obj : [obj];
  const out: string[] = [];
  const walk = (items: AddressObject['value']) => {
    for (const a of items) {
      if (a.address) out.push(a.address);
      if (a.group) walk(a.group);
    }
  };
  for (const o of list) walk(o.value);
  return out;
}

function headerBlock(raw: Buffer): string {
  let end = raw.indexOf('\r\n\r\n');
  if (end < 0) end = raw.indexOf('\n\n');
  return raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end).toString('latin1');
}

/** Cheap header lookup for `parse: false`: unfolds the header block and finds one field. */
function rawHeader(block: string, name: string): string | undefined {
  const re = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im');
  const m = re.exec(block);
  return m ? m[1].replace(/\r?\n[ \t]+/g, ' ').trim() : undefined;
}

/**
 * A loopback SMTP server that accepts everything (or what it is scripted to refuse) and keeps
 * what it received, parsed. Built for nodemailer pooled transports and thousands of messages.
 */
export class SmtpSink {
  readonly host: string;
  port = 0;
  readonly user?: string;
  readonly pass?: string;
  private readonly server: SMTPServer;
  private readonly collector = new Collector<ReceivedMail>('SmtpSink');
  private readonly scripts = new Map<string, { code: number; message: string; at: 'data' | 'rcpt' }[]>();
  private readonly attemptCounts = new Map<string, number>();
  private readonly pending = new Map<string, Map<string, PendingRcpt>>();
  private seq = 0;
  private rejectedCount = 0;
  private readonly parse: boolean;
  private readonly keepRaw: boolean;
  private readonly delayMs: number;

  private constructor(private readonly options: SmtpSinkOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.user = options.user;
    this.pass = options.pass;
    this.parse = options.parse !== false;
    this.keepRaw = options.keepRaw ?? this.parse;
    this.delayMs = options.delayMs ?? 0;
    const needAuth = options.user !== undefined;
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: needAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !needAuth,
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      hideDSN: options.dsn === false,
      hide8BITMIME: false,
      hideSMTPUTF8: false,
      logger: false,
      banner: 'breachcast SmtpSink',
      size: 0,
      maxClients: options.maxClients ?? 200,
      closeTimeout: 100,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.user && auth.password === this.pass) return callback(null, { user: auth.username });
        const err = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
        return callback(err);
      },
      onMailFrom: (_address, session, callback) => {
        this.pending.set(session.id, new Map());
        callback();
      },
      onRcptTo: (address, session, callback) => this.onRcptTo(address, session, callback),
      onData: (stream, session, callback) => this.onData(stream, session, callback),
      onClose: (session) => {
        this.pending.delete(session.id);
      },
    });
    this.server.on('error', () => undefined);
  }

  /** Starts a sink on 127.0.0.1 (random port unless `port` is given). */
  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      sink.server.server.once('error', onError);
      sink.server.listen(options.port ?? 0, sink.host, () => {
        sink.server.server.off('error', onError);
        resolve();
      });
    });
    sink.port = (sink.server.server.address() as AddressInfo).port;
    return sink;
  }

  /** `smtp://user:pass@127.0.0.1:PORT` (no credentials part when none are required). */
  get url(): string {
    const auth = this.user !== undefined ? `${encodeURIComponent(this.user)}:${encodeURIComponent(this.pass ?? '')}@` : '';
    return `smtp://${auth}${this.host}:${this.port}`;
  }

  /** nodemailer transport options for this sink (`pool: true` unless overridden). */
  transportOptions(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      host: this.host,
      port: this.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      ...(this.user !== undefined ? { auth: { user: this.user, pass: this.pass } } : {}),
      ...extra,
    };
  }

  /** Messages accepted so far, in order of acceptance. */
  get messages(): ReceivedMail[] {
    return this.collector.items;
  }

  /** Number of messages refused by a scripted reply so far. */
  get rejected(): number {
    return this.rejectedCount;
  }

  /**
   * Scripts the replies for delivery attempts that include `recipient` (case-insensitive): each
   * attempt consumes the next reply; once the list is used up, attempts are accepted again.
   * `[451, 451]`: two temporary refusals, then acceptance. `[550]`: one permanent refusal.
   * For "refuse forever" pass a long list, e.g. `Array(100).fill(550)`.
   * Calling it again for the same recipient appends to the remaining list. `'*'` scripts every
   * recipient that has no script of its own (e.g. `script('*', [421])` for a server hiccup).
   */
  script(recipient: string, replies: SmtpReply[]): this {
    const key = norm(recipient);
    const list = this.scripts.get(key) ?? [];
    for (const r of replies) {
      const code = typeof r === 'number' ? r : r.code;
      if (!(code >= 200 && code < 600)) throw new Error(`SmtpSink.script: bad SMTP code ${code}`);
      const message = (typeof r === 'object' && r.message) || DEFAULT_MESSAGES[code] || `Scripted reply ${code}`;
      list.push({ code, message, at: (typeof r === 'object' && r.at) || 'data' });
    }
    this.scripts.set(key, list);
    return this;
  }

  /** Replies still scripted for this recipient. */
  remainingScript(recipient: string): number {
    return this.scripts.get(norm(recipient))?.length ?? 0;
  }

  /** How many delivery attempts (RCPT TO commands) named this recipient, accepted or not. */
  attempts(recipient: string): number {
    return this.attemptCounts.get(norm(recipient)) ?? 0;
  }

  /** Accepted messages whose envelope includes this recipient. */
  messagesTo(recipient: string): ReceivedMail[] {
    const key = norm(recipient);
    return this.messages.filter((m) => m.envelope.to.some((t) => norm(t) === key));
  }

  /**
   * Resolves when `target` is met: a count of messages (resolves with all messages), a predicate
   * (resolves with the matching messages once one matches), or `{count, where}`.
   */
  waitFor(target: WaitTarget<ReceivedMail>, timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedMail[]> {
    return this.collector.waitFor(target, timeoutMs);
  }

  /** Forgets received messages, scripts and attempt counts. */
  clear(): void {
    this.collector.clear();
    this.scripts.clear();
    this.attemptCounts.clear();
    this.rejectedCount = 0;
  }

  /** Closes the listener and any open (pooled) client connections. */
  async stop(): Promise<void> {
    const server = this.server as SMTPServer & { connections?: Set<{ close(): void }> };
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      server.connections?.forEach((c) => {
        try {
          c.close();
        } catch {
          /* already gone */
        }
      });
    });
  }

  private onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const key = norm(address.address);
    this.attemptCounts.set(key, (this.attemptCounts.get(key) ?? 0) + 1);
    const scriptKey = this.scripts.get(key)?.length ? key : this.scripts.get('*')?.length ? '*' : undefined;
    const script = scriptKey ? this.scripts.get(scriptKey) : undefined;
    const reply = script?.shift();
    if (scriptKey && script && script.length === 0) this.scripts.delete(scriptKey);
    if (reply && reply.code >= 400 && reply.at === 'rcpt') {
      this.rejectedCount++;
      return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
    }
    let perSession = this.pending.get(session.id);
    if (!perSession) this.pending.set(session.id, (perSession = new Map()));
    perSession.set(key, { reply: reply && reply.code >= 400 ? reply : undefined });
    callback();
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.on('error', (err) => callback(err));
    stream.on('end', () => {
      const perSession = this.pending.get(session.id);
      this.pending.set(session.id, new Map());
      const envelope = this.envelopeOf(session);
      let refusal: { code: number; message: string } | undefined;
      for (const to of envelope.to) {
        const r = perSession?.get(norm(to))?.reply;
        // a permanent refusal outranks a temporary one
        if (r && (!refusal || (r.code >= 500 && refusal.code < 500))) refusal = r;
      }
      const finish = (err: Error | null, message?: string) => {
        // unref: a reply held for a client that went away does not keep the process alive
        if (this.delayMs > 0) setTimeout(() => callback(err, message), this.delayMs).unref();
        else callback(err, message);
      };
      if (refusal) {
        this.rejectedCount++;
        return finish(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      }
      const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      const queueId = randomBytes(8).toString('hex');
      const base = {
        seq: 0,
        queueId,
        receivedAt: new Date(),
        envelope,
        user: typeof session.user === 'string' ? session.user : undefined,
        size,
      };
      if (!this.parse) {
        const block = headerBlock(raw);
        this.accept({
          ...base,
          messageId: rawHeader(block, 'Message-ID'),
          references: [],
          headers: new Map(),
          to: [],
          cc: [],
          attachments: [],
          raw: this.keepRaw ? raw.toString('utf8') : undefined,
        });
        return finish(null, `Message queued as ${queueId}`);
      }
      simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true })
        .then((parsed) => {
          const refs = parsed.references;
          this.accept({
            ...base,
            messageId: parsed.messageId,
            inReplyTo: parsed.inReplyTo,
            references: refs === undefined ? [] : Array.isArray(refs) ? refs : refs.split(/\s+/).filter(Boolean),
            subject: parsed.subject,
            text: parsed.text,
            html: parsed.html === false ? undefined : parsed.html,
            headers: parsed.headers,
            from: parsed.from?.text,
            to: addresses(parsed.to),
            cc: addresses(parsed.cc),
            attachments: parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, content: a.content })),
            raw: this.keepRaw ? raw.toString('utf8') : undefined,
          });
          finish(null, `Message queued as ${queueId}`);
        })
        .catch((err: Error) => finish(Object.assign(new Error(`SmtpSink could not parse the message: ${err.message}`), { responseCode: 554 })));
    });
  }

  private accept(mail: ReceivedMail): void {
    mail.seq = ++this.seq;
    this.collector.push(mail);
  }

  private envelopeOf(session: SMTPServerSession): SmtpEnvelope {
    const env = session.envelope;
    const mailFrom = env.mailFrom ? env.mailFrom.address : '';
    const envelope: SmtpEnvelope = { from: mailFrom, to: env.rcptTo.map((r) => r.address) };
    if (env.dsn && (env.dsn.ret || env.dsn.envid || env.rcptTo.some((r) => r.dsn))) {
      const recipients: Record<string, { notify?: string[]; orcpt?: string }> = {};
      for (const r of env.rcptTo) if (r.dsn) recipients[r.address] = { notify: r.dsn.notify, orcpt: r.dsn.orcpt };
      envelope.dsn = { ret: env.dsn.ret, envid: env.dsn.envid, recipients };
    }
    return envelope;
  }
}
