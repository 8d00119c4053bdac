import { randomBytes } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { Collector, DEFAULT_WAIT_MS, type WaitTarget } from './wait';
import {
  checkCreateMessage,
  checkPathParam,
  messageResourceProperties,
  messagesSpec,
  smsSegments,
  twilioError,
  type FormParams,
  type MessageStatus,
  type TwilioErrorBody,
} from './twilio-spec';

export interface AutoCallbacks {
  /** Statuses to report, in order, one callback each (default `['sent', 'delivered']`). */
  statuses?: MessageStatus[];
  /** Delay before each callback (default 10 ms). */
  delayMs?: number;
  /** ErrorCode sent with `failed`/`undelivered` (default 30003 for undelivered, 30008 for failed). */
  errorCode?: number;
}

export interface TwilioDoubleOptions {
  /** Default: a random `AC` + 32 hex. */
  accountSid?: string;
  /** Default: random 32 hex. */
  authToken?: string;
  /** API keys (`SK…` → secret) also accepted as Basic credentials for `accountSid`. */
  apiKeys?: Record<string, string>;
  port?: number;
  /** `false` (default): callbacks only via `sendStatusCallback`; else sent by the double after each create. */
  autoCallbacks?: false | AutoCallbacks;
  /** Honour Twilio's magic test numbers (default true). */
  magicNumbers?: boolean;
  /** Latency added to every API response (ms). */
  latencyMs?: number;
  /** Answer 429/20429 beyond this many creates per second (token bucket, burst = perSecond). */
  rateLimit?: { perSecond: number };
  /** Sender the double assigns when a message has a MessagingServiceSid but no From (default `+15005550006`). */
  messagingServiceFrom?: string;
  /** Keep every request in `.requests` (default true; turn off for long benchmarks). */
  recordRequests?: boolean;
  /**
   * Where status callbacks are actually sent, as a reverse proxy would: a base URL replacing the
   * origin of the StatusCallback (e.g. `http://127.0.0.1:3000` while StatusCallback is
   * `https://bc.example/v1/webhooks/twilio/status`), or a function. The signature is still
   * computed over the StatusCallback as given, which is what Twilio signs.
   */
  deliverCallbacksTo?: string | ((statusCallbackUrl: string) => string);
}

/**
 * One scripted answer to a create request for a given To:
 * - a bare HTTP status (`429`, `500`, `503`) → Twilio's error body with the usual code;
 * - `{status: 4xx/5xx, code?, message?}` → that error;
 * - `{status: 201, callbacks?, errorCode?}` → created normally, then these status callbacks;
 * - `{drop: true}` → the connection is destroyed without an answer.
 * Any of them may add `delayMs` before answering.
 */
export type TwilioOutcome =
  | number
  | { status: number; code?: number; message?: string; delayMs?: number; headers?: Record<string, string> }
  | { status: 201; callbacks?: MessageStatus[]; errorCode?: number; delayMs?: number }
  | { drop: true; delayMs?: number };

/** The message resource exactly as the API returns it (the spec's `api.v2010.account.message`). */
export type TwilioMessageResource = Record<string, unknown> & {
  sid: string;
  account_sid: string;
  to: string;
  from: string | null;
  body: string;
  status: MessageStatus;
  messaging_service_sid: string | null;
  error_code: number | null;
  error_message: string | null;
};

export interface DoubleMessage {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  messagingServiceSid: string | null;
  statusCallback?: string;
  /** Current status (follows callbacks). */
  status: MessageStatus;
  statusHistory: { status: MessageStatus; at: Date }[];
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
  /** The create request's form parameters. */
  form: FormParams;
  createdAt: Date;
  /** The resource as GET returns it now. */
  resource: TwilioMessageResource;
}

export interface DoubleRequest {
  at: Date;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  form: FormParams;
  /** Basic credentials matched the configured account (or an API key). */
  authOk: boolean;
  /** AccountSid from the path, if the path had one. */
  accountSid?: string;
  to?: string;
  /** HTTP status answered (0 for a dropped connection). */
  status: number;
  responseBody?: unknown;
  /** Form parameters not in the spec (tolerated). */
  unknownParams?: string[];
  /** What decided the answer: 'spec', 'script', 'magic', 'auth', 'rate-limit', 'ok'. */
  decidedBy: string;
}

export interface DoubleCallback {
  at: Date;
  sid: string;
  /** The StatusCallback URL (what was signed). */
  url: string;
  params: Record<string, string>;
  signature: string;
  /** HTTP status of the receiver; 0 when the request failed (see `error`). */
  status: number;
  error?: string;
}

export interface StatusCallbackOptions {
  errorCode?: number;
  errorMessage?: string;
  /** Send to this URL instead of the message's StatusCallback. */
  url?: string;
  /** Sign with this token instead of the account's (to test rejection of bad signatures). */
  signWith?: string;
  /** Extra parameters (e.g. ChannelStatusMessage). */
  extraParams?: Record<string, string>;
}

const API_VERSION = '2010-04-01';
const ERROR_DEFAULTS: Record<number, [number, string]> = {
  400: [20001, 'Invalid parameter'],
  401: [20003, 'Authenticate'],
  403: [20003, 'Permission Denied'],
  404: [20404, 'The requested resource was not found'],
  429: [20429, 'Too Many Requests'],
  500: [20500, 'An internal server error has occurred'],
  502: [20500, 'Bad Gateway'],
  503: [20503, 'Service is unavailable. Please try again'],
};

/** Twilio's magic test numbers (test credentials). */
const MAGIC_TO: Record<string, [number, string]> = {
  '+15005550001': [21211, "The 'To' number +15005550001 is not a valid phone number."],
  '+15005550002': [21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS."],
  '+15005550003': [21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003."],
  '+15005550004': [21610, 'Attempt to send to unsubscribed recipient'],
  '+15005550009': [21614, "'To' number +15005550009 is not a valid mobile number"],
};
const MAGIC_FROM: Record<string, [number, string]> = {
  '+15005550001': [21212, "The 'From' number +15005550001 is not a valid phone number, shortcode, or alphanumeric sender ID."],
  '+15005550007': [21606, "The 'From' phone number provided (+15005550007) is not a valid message-capable Twilio phone number for this destination."],
  '+15005550008': [21611, "This 'From' number has exceeded the maximum number of queued messages"],
};

const CREATE_RE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const FETCH_RE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
export const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** RawDlrDoneDate: YYMMDDhhmm (UTC). */
const dlrDate = (d: Date) => d.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d).*$/, '$1$2$3$4$5');

function parseForm(raw: string): FormParams {
  const out: FormParams = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * A Twilio Programmable Messaging double on 127.0.0.1: Messages create/fetch per Twilio's OpenAPI
 * description, HTTP Basic auth, scripted failures per To number, magic test numbers, and signed
 * status callbacks.
 */
export class TwilioDouble {
  readonly accountSid: string;
  readonly authToken: string;
  port = 0;
  private readonly server: http.Server;
  private readonly options: TwilioDoubleOptions;
  private readonly messageCollector = new Collector<DoubleMessage>('TwilioDouble messages');
  private readonly requestCollector = new Collector<DoubleRequest>('TwilioDouble requests');
  private readonly callbackCollector = new Collector<DoubleCallback>('TwilioDouble callbacks');
  private readonly bySid = new Map<string, DoubleMessage>();
  private readonly scripts = new Map<string, TwilioOutcome[]>();
  private readonly attemptCounts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly resourceKeys = messageResourceProperties();
  private bucket = { tokens: 0, at: Date.now() };
  private stopped = false;

  private constructor(options: TwilioDoubleOptions) {
    this.options = options;
    this.accountSid = options.accountSid ?? `AC${hex(16)}`;
    this.authToken = options.authToken ?? hex(16);
    if (options.rateLimit) this.bucket.tokens = options.rateLimit.perSecond;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        if (!res.headersSent) this.json(res, 500, twilioError(500, 20500, `TwilioDouble bug: ${err.message}`));
      });
    });
    this.server.keepAliveTimeout = 30_000;
  }

  /** Starts the double on 127.0.0.1 (random port unless `port` is given). */
  static async start(options: TwilioDoubleOptions = {}): Promise<TwilioDouble> {
    const d = new TwilioDouble(options);
    await new Promise<void>((resolve, reject) => {
      d.server.once('error', reject);
      d.server.listen(options.port ?? 0, '127.0.0.1', () => {
        d.server.off('error', reject);
        resolve();
      });
    });
    d.port = (d.server.address() as AddressInfo).port;
    return d;
  }

  /** Base URL replacing `https://api.twilio.com`, e.g. `http://127.0.0.1:PORT`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every HTTP request received, in order. */
  get requests(): DoubleRequest[] {
    return this.requestCollector.items;
  }
  /** Messages created (201), in order. */
  get messages(): DoubleMessage[] {
    return this.messageCollector.items;
  }
  /** Status callbacks sent, in order. */
  get callbacks(): DoubleCallback[] {
    return this.callbackCollector.items;
  }

  message(sid: string): DoubleMessage | undefined {
    return this.bySid.get(sid);
  }

  /** Messages created for this To number. */
  messagesTo(to: string): DoubleMessage[] {
    return this.messages.filter((m) => m.to === to);
  }

  /**
   * Scripts the answers to create requests for `to` (`'*'`: any To without its own script): one
   * outcome is consumed per request; when the list is used up, requests are handled normally.
   * Calling it again appends.
   */
  script(to: string, outcomes: TwilioOutcome[]): this {
    const list = this.scripts.get(to) ?? [];
    list.push(...outcomes);
    this.scripts.set(to, list);
    return this;
  }

  /** Create requests received for this To (whatever their answer). */
  attempts(to: string): number {
    return this.attemptCounts.get(to) ?? 0;
  }

  /** Waits for created messages: a count, a predicate or `{count, where}`. */
  waitFor(target: WaitTarget<DoubleMessage>, timeoutMs = DEFAULT_WAIT_MS): Promise<DoubleMessage[]> {
    return this.messageCollector.waitFor(target, timeoutMs);
  }
  waitForRequests(target: WaitTarget<DoubleRequest>, timeoutMs = DEFAULT_WAIT_MS): Promise<DoubleRequest[]> {
    return this.requestCollector.waitFor(target, timeoutMs);
  }
  waitForCallbacks(target: WaitTarget<DoubleCallback>, timeoutMs = DEFAULT_WAIT_MS): Promise<DoubleCallback[]> {
    return this.callbackCollector.waitFor(target, timeoutMs);
  }

  /** Forgets requests, messages, callbacks, scripts and attempt counts; cancels pending auto callbacks. */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.requestCollector.clear();
    this.messageCollector.clear();
    this.callbackCollector.clear();
    this.bySid.clear();
    this.scripts.clear();
    this.attemptCounts.clear();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /**
   * POSTs Twilio's status callback for message `sid` to its StatusCallback (or `options.url`):
   * form-encoded MessageSid, SmsSid, MessageStatus, SmsStatus, AccountSid, From, To, ApiVersion,
   * MessagingServiceSid (when used), ErrorCode (failed/undelivered), RawDlrDoneDate
   * (delivered/undelivered), signed with `X-Twilio-Signature` = twilio.getExpectedTwilioSignature(
   * authToken, url, params). Also moves the message resource to `status`. Resolves with the HTTP
   * status of the receiver; rejects if the request fails.
   */
  async sendStatusCallback(sid: string, status: MessageStatus, options: StatusCallbackOptions = {}): Promise<number> {
    const record = await this.deliverCallback(sid, status, options);
    if (record.error) throw new Error(`status callback to ${record.url} failed: ${record.error}`);
    return record.status;
  }

  /** Moves a message to a status without sending a callback (what GET then shows). */
  setStatus(sid: string, status: MessageStatus, errorCode?: number, errorMessage?: string): DoubleMessage {
    const m = this.bySid.get(sid);
    if (!m) throw new Error(`TwilioDouble: no message ${sid}`);
    const now = new Date();
    m.status = status;
    m.statusHistory.push({ status, at: now });
    const r = m.resource;
    r.status = status;
    r.date_updated = rfc2822(now);
    if (['sending', 'sent', 'delivered', 'undelivered', 'read', 'failed'].includes(status)) {
      if (m.from === null) {
        m.from = this.options.messagingServiceFrom ?? '+15005550006';
        r.from = m.from;
      }
      if (r.num_segments === '0') r.num_segments = String(m.segments);
    }
    if (['sent', 'delivered', 'undelivered', 'read'].includes(status) && !r.date_sent) r.date_sent = rfc2822(now);
    if (status === 'failed' || status === 'undelivered') {
      r.error_code = errorCode ?? (status === 'failed' ? 30008 : 30003);
      r.error_message = errorMessage ?? (r.error_code === 30003 ? 'Unreachable destination handset' : r.error_code === 30008 ? 'Unknown error' : 'Delivery failed');
    }
    return m;
  }

  // -------------------------------------------------------------------------------------------

  private async deliverCallback(sid: string, status: MessageStatus, options: StatusCallbackOptions): Promise<DoubleCallback> {
    const m = this.setStatus(sid, status, options.errorCode, options.errorMessage);
    const url = options.url ?? m.statusCallback;
    if (!url) throw new Error(`TwilioDouble: message ${sid} has no StatusCallback and no url was given`);
    const params: Record<string, string> = {};
    if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
    if (status === 'failed' || status === 'undelivered') params.ErrorCode = String(m.resource.error_code);
    params.SmsSid = m.sid;
    params.SmsStatus = status;
    params.MessageStatus = status;
    params.To = m.to;
    params.MessageSid = m.sid;
    params.AccountSid = this.accountSid;
    params.From = m.from ?? '';
    params.ApiVersion = API_VERSION;
    if (status === 'delivered' || status === 'undelivered') params.RawDlrDoneDate = dlrDate(new Date());
    Object.assign(params, options.extraParams);
    const signature = twilio.getExpectedTwilioSignature(options.signWith ?? this.authToken, url, params);
    const record: DoubleCallback = { at: new Date(), sid, url, params, signature, status: 0 };
    try {
      record.status = await this.post(this.physicalUrl(url), new URLSearchParams(params).toString(), {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'X-Twilio-Signature': signature,
        'I-Twilio-Idempotency-Token': hex(16),
        'User-Agent': 'TwilioProxy/1.1',
        Accept: '*/*',
      });
    } catch (err) {
      record.error = (err as Error).message;
    }
    this.callbackCollector.push(record);
    return record;
  }

  private physicalUrl(url: string): string {
    const target = this.options.deliverCallbacksTo;
    if (!target) return url;
    if (typeof target === 'function') return target(url);
    const u = new URL(url);
    return target.replace(/\/+$/, '') + u.pathname + u.search;
  }

  private post(url: string, body: string, headers: Record<string, string>): Promise<number> {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const req = lib.request(
        u,
        {
          method: 'POST',
          headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
          agent: u.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          timeout: 15_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });
  }

  private schedule(fn: () => void, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private runCallbacks(m: DoubleMessage, statuses: MessageStatus[], delayMs: number, errorCode?: number): void {
    const step = (i: number) => {
      if (i >= statuses.length || this.stopped) return;
      this.schedule(() => {
        if (!this.bySid.has(m.sid)) return; // cleared
        const run = m.statusCallback
          ? this.deliverCallback(m.sid, statuses[i], { errorCode }).then(() => undefined)
          : Promise.resolve(void this.setStatus(m.sid, statuses[i], errorCode));
        run.catch(() => undefined).finally(() => step(i + 1));
      }, delayMs);
    };
    step(0);
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Twilio-Request-Id': `RQ${hex(16)}`,
      ...headers,
    });
    res.end(text);
  }

  private authenticate(header: string | undefined): boolean {
    if (!header || !/^basic /i.test(header)) return false;
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return false;
    const user = decoded.slice(0, i);
    const pass = decoded.slice(i + 1);
    if (user === this.accountSid) return pass === this.authToken;
    return this.options.apiKeys?.[user] !== undefined && this.options.apiKeys[user] === pass;
  }

  private takeToken(): boolean {
    const rl = this.options.rateLimit;
    if (!rl) return true;
    const now = Date.now();
    this.bucket.tokens = Math.min(rl.perSecond, this.bucket.tokens + ((now - this.bucket.at) / 1000) * rl.perSecond);
    this.bucket.at = now;
    if (this.bucket.tokens < 1) return false;
    this.bucket.tokens -= 1;
    return true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    const isForm = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
    const form = isForm ? parseForm(rawBody) : {};
    const authOk = this.authenticate(req.headers.authorization);
    const record: DoubleRequest = {
      at: new Date(),
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      rawBody,
      form,
      authOk,
      status: 0,
      decidedBy: 'ok',
    };
    const answer = async (status: number, body: unknown, decidedBy: string, headers: Record<string, string> = {}, delayMs = 0) => {
      const wait = delayMs + (this.options.latencyMs ?? 0);
      if (wait > 0) await sleep(wait);
      record.status = status;
      record.responseBody = body;
      record.decidedBy = decidedBy;
      if (this.options.recordRequests !== false) this.requestCollector.push(record);
      this.json(res, status, body, headers);
    };

    const create = CREATE_RE.exec(path);
    const fetch = FETCH_RE.exec(path);
    const accountSid = create?.[1] ?? fetch?.[1];
    record.accountSid = accountSid;
    if (!create && !fetch) {
      return answer(404, twilioError(404, 20404, `The requested resource ${path} was not found`), 'route');
    }
    if (create) record.to = first(form.To);
    if (create && req.method === 'POST' && record.to) this.attemptCounts.set(record.to, this.attempts(record.to) + 1);

    if (!authOk || accountSid !== this.accountSid) {
      return answer(401, twilioError(401, 20003, 'Authenticate'), 'auth', { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
    }

    if (fetch) {
      if (req.method !== 'GET') return answer(405, twilioError(405, 20004, 'Method not allowed'), 'route');
      const sid = fetch[2];
      const m = checkPathParam('fetchMessage', 'Sid', sid) ? this.bySid.get(sid) : undefined;
      if (!m) return answer(404, twilioError(404, 20404, `The requested resource ${path} was not found`), 'route');
      return answer(messagesSpec().operations.fetchMessage.successStatus, m.resource, 'ok');
    }

    if (req.method !== 'POST') return answer(405, twilioError(405, 20004, 'Method not allowed'), 'route');
    const to = record.to;

    // scripted outcome for this To
    const scripted = to !== undefined ? this.nextOutcome(to) : undefined;
    let acceptOutcome: { callbacks?: MessageStatus[]; errorCode?: number; delayMs?: number } | undefined;
    if (scripted !== undefined) {
      const o = typeof scripted === 'number' ? { status: scripted } : scripted;
      if ('drop' in o) {
        if (o.delayMs) await sleep(o.delayMs);
        record.decidedBy = 'script';
        if (this.options.recordRequests !== false) this.requestCollector.push(record);
        req.socket.destroy();
        return;
      }
      if (o.status >= 400) {
        const e = o as { status: number; code?: number; message?: string; delayMs?: number; headers?: Record<string, string> };
        const [defCode, defMessage] = ERROR_DEFAULTS[e.status] ?? [20500, 'Error'];
        return answer(e.status, twilioError(e.status, e.code ?? defCode, e.message ?? defMessage), 'script', e.headers, e.delayMs);
      }
      acceptOutcome = o as { callbacks?: MessageStatus[]; errorCode?: number; delayMs?: number };
    }

    if (!this.takeToken()) return answer(429, twilioError(429, 20429, 'Too Many Requests'), 'rate-limit');

    const check = checkCreateMessage(form);
    record.unknownParams = check.unknownParams;
    if (check.error) return answer(check.error.status, check.error, 'spec');

    if (this.options.magicNumbers !== false) {
      const magic = MAGIC_FROM[first(form.From) ?? ''] ?? MAGIC_TO[to ?? ''];
      if (magic) return answer(400, twilioError(400, magic[0], magic[1]), 'magic');
    }

    const m = this.createMessage(form);
    await answer(messagesSpec().operations.createMessage.successStatus, m.resource, 'ok', {}, acceptOutcome?.delayMs);
    this.messageCollector.push(m);

    const auto = this.options.autoCallbacks;
    if (acceptOutcome?.callbacks) {
      this.runCallbacks(m, acceptOutcome.callbacks, auto ? (auto.delayMs ?? 10) : 10, acceptOutcome.errorCode);
    } else if (auto) {
      this.runCallbacks(m, auto.statuses ?? ['sent', 'delivered'], auto.delayMs ?? 10, auto.errorCode);
    }
  }

  private nextOutcome(to: string): TwilioOutcome | undefined {
    for (const key of [to, '*']) {
      const list = this.scripts.get(key);
      if (list && list.length > 0) {
        const o = list.shift();
        if (list.length === 0) this.scripts.delete(key);
        return o;
      }
    }
    return undefined;
  }

  private createMessage(form: FormParams): DoubleMessage {
    const now = new Date();
    const sid = `SM${hex(16)}`;
    const to = first(form.To)!;
    const from = first(form.From) || null;
    const mss = first(form.MessagingServiceSid) || null;
    const body = first(form.Body) ?? '';
    const media = form.MediaUrl === undefined ? [] : Array.isArray(form.MediaUrl) ? form.MediaUrl : [form.MediaUrl];
    const seg = smsSegments(body);
    const status: MessageStatus = mss ? 'accepted' : 'queued';
    const base = `/${API_VERSION}/Accounts/${this.accountSid}/Messages/${sid}`;
    const values: Record<string, unknown> = {
      body,
      // per the spec: "For messages sent via a Messaging Service, num_segments is initially 0"
      num_segments: mss ? '0' : String(seg.segments),
      direction: 'outbound-api',
      from,
      to,
      date_updated: rfc2822(now),
      price: null,
      error_message: null,
      uri: `${base}.json`,
      account_sid: this.accountSid,
      num_media: String(media.length),
      status,
      messaging_service_sid: mss,
      sid,
      date_sent: null,
      date_created: rfc2822(now),
      error_code: null,
      price_unit: null,
      api_version: API_VERSION,
      subresource_uris: { media: `${base}/Media.json`, feedback: `${base}/Feedback.json` },
    };
    // exactly the spec's properties, in the spec's order (a property we do not know stays null)
    const resource: Record<string, unknown> = {};
    for (const key of this.resourceKeys) resource[key] = key in values ? values[key] : null;
    const m: DoubleMessage = {
      sid,
      to,
      from,
      body,
      messagingServiceSid: mss,
      statusCallback: first(form.StatusCallback) || undefined,
      status,
      statusHistory: [{ status, at: now }],
      segments: seg.segments,
      encoding: seg.encoding,
      form,
      createdAt: now,
      resource: resource as TwilioMessageResource,
    };
    this.bySid.set(sid, m);
    return m;
  }
}

/**
 * A twilio SDK client that talks to the double: `client.api.baseUrl = double.url` (twilio 6 keeps
 * the base URL as a plain property of each Domain; `client.messages` goes through `client.api`).
 */
export function twilioClientFor(double: TwilioDouble, options: { accountSid?: string; authToken?: string } = {}): twilio.Twilio {
  const client = twilio(options.accountSid ?? double.accountSid, options.authToken ?? double.authToken);
  client.api.baseUrl = double.url;
  return client;
}

/** `X-Twilio-Signature` for a form POST to `url`, as Twilio computes it (for hand-made webhook requests). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
