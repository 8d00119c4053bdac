import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Outbound HTTP to addresses a tenant gave us, safe against being pointed at our own network: https only;
 * the name is resolved here and every resolved address checked against loopback, private, link-local,
 * CGNAT, metadata and unspecified ranges; the connection goes to the address that was checked (no second
 * lookup, so DNS rebinding cannot swap it); redirects are not followed; at most `maxBodyBytes` of the answer
 * are read; the whole exchange has a deadline. `allowInsecure` lifts the address and scheme checks (tests, demo).
 */

const FORBIDDEN = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  FORBIDDEN.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local, AWS metadata fd00:ec2::254
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 (embeds IPv4)
  ['2001:db8::', 32], // documentation
] as const) {
  FORBIDDEN.addSubnet(net, bits, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address (::ffff:10.0.0.1), if any. */
function embeddedIpv4(address: string): string | null {
  const mapped = /^::(?:ffff:(?:0:)?)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const a = parseInt(hex[1], 16);
    const b = parseInt(hex[2], 16);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  return null;
}

/** Why an IP address must not be reached from here, or null when it is a public address. */
export function forbiddenAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return forbiddenAddress(v4);
  }
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6') ? `${address} is a loopback, private, link-local or reserved address` : null;
}

export type Resolver = (host: string) => Promise<LookupAddress[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address of the name. */
export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export interface SafeHttpOptions {
  /** Lifts the https and address checks (WEBHOOK_ALLOW_INSECURE). */
  allowInsecure: boolean;
  timeoutMs: number;
  maxBodyBytes: number;
  resolver?: Resolver;
}

/** A request refused before anything was sent: the URL or its address is not allowed. */
export class UnsafeTargetError extends Error {
  override name = 'UnsafeTargetError';
}

export interface SafeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** At most maxBodyBytes of the body, as text. */
  body: string;
  /** The address the request went to. */
  address: string;
}

const HTTPS_AGENT = new https.Agent({ keepAlive: true, maxSockets: 256 });
const HTTP_AGENT = new http.Agent({ keepAlive: true, maxSockets: 256 });

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** The URL's problem (scheme, credentials, form), or null; no lookup. */
export function urlProblem(value: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute https URL';
  }
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) return 'must be an https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a #fragment';
  if (value.length > 2000) return 'must be at most 2000 characters';
  return null;
}

/**
 * The address to connect to: the URL's own IP, or the first address its name resolves to, after checking
 * every one of them (a name with one private address among public ones is refused as a whole).
 */
export async function checkedAddress(url: URL, options: Pick<SafeHttpOptions, 'allowInsecure' | 'resolver'>): Promise<LookupAddress> {
  const host = hostOf(url);
  const family = isIP(host);
  const addresses: LookupAddress[] = family ? [{ address: host, family }] : await (options.resolver ?? systemResolver)(host).catch((error: Error) => {
    throw new UnsafeTargetError(`${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? error.message})`);
  });
  if (addresses.length === 0) throw new UnsafeTargetError(`${host} does not resolve`);
  if (!options.allowInsecure) {
    for (const { address } of addresses) {
      const problem = forbiddenAddress(address);
      if (problem) throw new UnsafeTargetError(`${host} resolves to ${address}, a loopback, private, link-local or reserved address`);
    }
  }
  return addresses[0];
}

/** Why a URL would be refused (scheme, form, or the addresses its name resolves to now), or null. */
export async function targetProblem(value: string, options: Pick<SafeHttpOptions, 'allowInsecure' | 'resolver'>): Promise<string | null> {
  const problem = urlProblem(value, options.allowInsecure);
  if (problem) return problem;
  try {
    await checkedAddress(new URL(value), options);
    return null;
  } catch (error) {
    if (error instanceof UnsafeTargetError) return `must point at a public address: ${error.message}`;
    throw error;
  }
}

/**
 * POSTs `body` to `target` under the rules above. Throws UnsafeTargetError before sending when the URL or
 * its address is refused, and the request's own error (with `code`, e.g. ETIMEDOUT, ECONNREFUSED) when
 * the exchange fails; any HTTP answer, redirects included, comes back as a SafeResponse.
 */
export async function safePost(target: string, headers: Record<string, string>, body: string, options: SafeHttpOptions): Promise<SafeResponse> {
  const problem = urlProblem(target, options.allowInsecure);
  if (problem) throw new UnsafeTargetError(`the URL ${problem}`);
  const url = new URL(target);
  const checked = await checkedAddress(url, options);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SafeResponse>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // The socket goes to the address checked above; TLS still verifies the certificate against the name.
        lookup: (_host, lookupOptions, callback) => {
          if ((lookupOptions as { all?: boolean }).all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [checked]);
          else callback(null, checked.address, checked.family);
        },
        servername: isIP(hostOf(url)) ? undefined : hostOf(url),
        // Kept-alive sockets were connected to an address checked when they opened.
        agent: url.protocol === 'https:' ? HTTPS_AGENT : HTTP_AGENT,
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size >= options.maxBodyBytes) return;
          chunks.push(chunk.subarray(0, options.maxBodyBytes - size));
          size += chunk.length;
          if (size >= options.maxBodyBytes) response.destroy();
        });
        const done = () => {
          clearTimeout(deadline);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), address: checked.address });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    // `timeout` above is per idle socket; this bounds the whole exchange.
    const deadline = setTimeout(() => request.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })), options.timeoutMs);
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(body);
  });
}
