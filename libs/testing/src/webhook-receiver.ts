import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One POST as the receiver got it. */
export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Date.now() when the body had arrived. */
  at: number;
}

/** What the receiver answers one request with: a status (and headers), or `hold` (no answer until released). */
export type ScriptedAnswer = number | { status: number; headers?: Record<string, string> } | 'hold';

/**
 * A webhook endpoint for tests: plain HTTP on 127.0.0.1 (the channel runs with WEBHOOK_ALLOW_INSECURE=true
 * against it). Answers 200 unless a path has a script: its answers are used one per request, in order, then 200.
 * Every request is kept, including those it answered with an error.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private readonly held: ServerResponse[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (req, res) => receiver.handle(req, res));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  script(path: string, answers: ScriptedAnswer[]): void {
    this.scripts.set(path, [...answers]);
  }

  to(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Answers every held request with `status`. */
  release(status = 200): void {
    for (const res of this.held.splice(0)) if (!res.destroyed) res.writeHead(status).end();
  }

  /** Resolves once `count` requests have arrived at `path`. */
  async waitFor(path: string, count: number): Promise<ReceivedWebhook[]> {
    while (this.to(path).length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.to(path);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      this.received.push({ path, headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = this.scripts.get(path)?.shift() ?? 200;
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
      if (answer === 'hold') {
        this.held.push(res);
        return;
      }
      const { status, headers: extra } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      res.writeHead(status, { 'content-type': 'text/plain', ...extra }).end(status < 300 ? 'ok' : `status ${status}`);
    });
  }

  async stop(): Promise<void> {
    for (const res of this.held.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
