import { verify as verifySignature, X509Certificate } from 'node:crypto';
import { isRecord } from './email-event';

/** An Amazon SNS message as posted over HTTP(S) (Notification, SubscriptionConfirmation, UnsubscribeConfirmation). */
export interface SnsMessage {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

const REQUIRED = ['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL'] as const;
const CONFIRMATIONS = new Set(['SubscriptionConfirmation', 'UnsubscribeConfirmation']);

/** The SNS message in a request body (SNS posts JSON as text/plain), or null when it is not one. */
export function parseSnsMessage(body: unknown): SnsMessage | null {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return null;
    }
  }
  if (!isRecord(value)) return null;
  const fields = [...REQUIRED, ...(CONFIRMATIONS.has(value.Type as string) ? (['SubscribeURL', 'Token'] as const) : [])];
  if (fields.some((f) => typeof value[f] !== 'string')) return null;
  if ('Subject' in value && value.Subject !== null && typeof value.Subject !== 'string') return null;
  return value as unknown as SnsMessage;
}

/** What SNS signs: `name\nvalue\n` for each signed field present, in this order. */
export function snsStringToSign(message: SnsMessage): string {
  const keys = CONFIRMATIONS.has(message.Type)
    ? (['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const)
    : (['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const);
  return keys
    .filter((k) => typeof message[k] === 'string')
    .map((k) => `${k}\n${message[k]}\n`)
    .join('');
}

const AWS_SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The URL if SNS may send us there (a signing certificate, a subscription confirmation): https on
 * `sns.<region>.amazonaws.com` or on a host of SES_SNS_CERT_HOSTS (`host` or `host:port`). Plain http
 * is allowed only for a loopback host named in SES_SNS_CERT_HOSTS, which is a local test double:
 * nothing on the network can stand in for it.
 */
export function allowedSnsUrl(raw: string, extraHosts: readonly string[]): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  const listed = extraHosts.includes(url.host) || (url.port === '' && extraHosts.includes(url.hostname));
  if (url.protocol === 'https:' && (listed || (url.port === '' && AWS_SNS_HOST.test(url.hostname)))) return url;
  if (url.protocol === 'http:' && listed && LOOPBACK.has(url.hostname)) return url;
  return null;
}

const FETCH_TIMEOUT_MS = 5_000;
const MAX_CERT_BYTES = 64 * 1024;

/** GETs an allowed URL: no redirects, a short timeout, at most `limit` bytes of body. */
export async function getLimited(url: URL, limit: number): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > limit) throw new Error(`the answer from ${url.host} is over ${limit} bytes`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return { status: res.status, body: Buffer.concat(chunks).toString('utf8') };
}

/** SNS signing certificates by URL, fetched once each from an allowed host (a small cache: AWS uses few). */
export class SnsCertificates {
  private readonly cache = new Map<string, X509Certificate>();

  constructor(private readonly extraHosts: readonly string[]) {}

  async get(raw: string): Promise<X509Certificate | null> {
    const url = allowedSnsUrl(raw, this.extraHosts);
    if (!url || !url.pathname.endsWith('.pem')) return null;
    const cached = this.cache.get(url.href);
    if (cached) return cached;
    const { status, body } = await getLimited(url, MAX_CERT_BYTES);
    if (status !== 200) throw new Error(`the signing certificate at ${url.host} answered ${status}`);
    const certificate = new X509Certificate(body);
    if (this.cache.size >= 32) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(url.href, certificate);
    return certificate;
  }
}

/**
 * Whether an SNS message is signed by the certificate it names (SignatureVersion 1: SHA1withRSA,
 * 2: SHA256withRSA), that certificate coming from an allowed host and being valid now.
 */
export async function verifySns(message: SnsMessage, certificates: SnsCertificates, now = new Date()): Promise<boolean> {
  const algorithm = message.SignatureVersion === '1' ? 'sha1' : message.SignatureVersion === '2' ? 'sha256' : null;
  if (!algorithm) return false;
  const certificate = await certificates.get(message.SigningCertURL);
  if (!certificate || new Date(certificate.validFrom) > now || new Date(certificate.validTo) < now) return false;
  try {
    return verifySignature(algorithm, Buffer.from(snsStringToSign(message), 'utf8'), certificate.publicKey, Buffer.from(message.Signature, 'base64'));
  } catch {
    return false;
  }
}
