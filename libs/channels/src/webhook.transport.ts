import { SandboxMessageEntity } from '@app/database';
import { DataSource } from 'typeorm';
import { ChannelError, SendResult } from './channel.types';
import { safePost, SafeHttpOptions, SafeResponse, UnsafeTargetError } from '@app/outbound';

export interface OutgoingWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one POST came to: a result, or the error to throw (and whether the endpoint said it is gone for good). */
export interface WebhookOutcome {
  result?: SendResult;
  error?: ChannelError;
  retire: boolean;
}

export interface WebhookTransport {
  readonly sandboxed: boolean;
  send(hook: OutgoingWebhook): Promise<WebhookOutcome>;
  close(): Promise<void>;
}

/** Longest wait a Retry-After may ask for; a longer one is held to this. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const ms = /^\s*\d+\s*$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS) : null;
}

const NETWORK_TRANSIENT = new Set(['ETIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** An HTTP answer in our terms (see WebhookChannelDriver). */
export function classifyWebhookResponse(response: Pick<SafeResponse, 'status' | 'headers' | 'body'>): WebhookOutcome {
  const { status } = response;
  const answer = `${status}${response.body ? ` ${response.body.slice(0, 200).replace(/\s+/g, ' ').trim()}` : ''}`;
  if (status >= 200 && status < 300) return { result: { providerMessageId: '', response: answer, delivered: true, sandboxed: false }, retire: false };
  if (status === 410) return { error: new ChannelError(`410 Gone: endpoint retired`, true, 410, answer), retire: true };
  if (status === 429 || status >= 500) {
    const error = new ChannelError(`${status} from the endpoint`, false, status, answer);
    error.retryAfterMs = retryAfterMs(response.headers['retry-after']);
    return { error, retire: false };
  }
  // Redirects are not followed: a 3xx is a refusal like any other 4xx.
  return { error: new ChannelError(`${status} from the endpoint${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`, true, status, answer), retire: false };
}

/** Posts events through safe outbound HTTP (see safe-http.ts). */
export class HttpWebhookTransport implements WebhookTransport {
  readonly sandboxed = false;
  constructor(private readonly options: SafeHttpOptions) {}

  async send(hook: OutgoingWebhook): Promise<WebhookOutcome> {
    let response: SafeResponse;
    try {
      response = await safePost(hook.url, hook.headers, hook.body, this.options);
    } catch (error) {
      if (error instanceof UnsafeTargetError) return { error: new ChannelError(`refused: ${error.message}`, true, 'unsafe-target', null), retire: false };
      const code = (error as NodeJS.ErrnoException).code ?? null;
      // Network trouble is worth another attempt; a TLS certificate the endpoint cannot prove is not.
      const permanent = code !== null && !NETWORK_TRANSIENT.has(code) && /CERT|SSL|TLS/.test(code);
      return { error: new ChannelError(`${code ?? 'network error'}: ${(error as Error).message}`, permanent, code, null), retire: false };
    }
    const outcome = classifyWebhookResponse(response);
    if (outcome.result) outcome.result = { ...outcome.result, providerMessageId: hook.headers['webhook-id'] };
    return outcome;
  }

  async close(): Promise<void> {}
}

/** Captures events in the database instead of posting them: the demo and a fresh install stay on the machine. */
export class SandboxWebhookTransport implements WebhookTransport {
  readonly sandboxed = true;
  constructor(private readonly dataSource: DataSource) {}

  async send(hook: OutgoingWebhook): Promise<WebhookOutcome> {
    const event = JSON.parse(hook.body) as { type?: string };
    await this.dataSource.getRepository(SandboxMessageEntity).insert({
      channel: 'webhook',
      to: hook.url,
      from: null,
      subject: event.type ?? null,
      text: hook.body,
      html: null,
      headers: hook.headers,
      providerId: hook.headers['webhook-id'],
    });
    return { result: { providerMessageId: hook.headers['webhook-id'], response: '200 captured by sandbox', sandboxed: true }, retire: false };
  }

  async close(): Promise<void> {}
}
