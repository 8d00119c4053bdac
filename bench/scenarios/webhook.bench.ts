import { createServer, Agent, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { seedTenants } from '../support/seed';
import { Stack } from '../support/stack';
import { sleep } from '../support/timeline';
import type { RateResult } from './delivery.bench';

export interface WebhookChannelResult {
  e2e: RateResult;
  bare: RateResult;
  ratio: number;
  concurrency: number;
  bodyBytes: number;
  /** Worker CPU time per notice. */
  workerCpuMsPerNotice: number;
  workerPeakRss: number;
}

/** One receiver for both runs: answers 204 to every POST and counts them, first to last. */
class Receiver {
  count = 0;
  first = 0;
  last = 0;
  bodyBytes = 0;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.keepAliveTimeout = 30_000;
    server.on('request', (req, res) => {
      let size = 0;
      req.on('data', (c: Buffer) => (size += c.length));
      req.on('end', () => {
        const now = Date.now();
        if (receiver.count === 0) receiver.first = now;
        receiver.count++;
        receiver.last = now;
        receiver.bodyBytes = size;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  reset(): void {
    this.count = 0;
    this.first = 0;
    this.last = 0;
  }

  rate(): RateResult {
    const seconds = Math.max((this.last - this.first) / 1000, 0.001);
    return { count: this.count, seconds, perSecond: this.count / seconds };
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The bare baseline: `count` Standard Webhooks–signed POSTs of `bodyBytes`, `concurrency` in flight, over kept-alive sockets. */
async function bareSignedPosts(url: string, secret: string, count: number, concurrency: number, bodyBytes: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const wh = new Webhook(secret);
  const filler = 'x'.repeat(Math.max(0, bodyBytes - 40));
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const id = `bare-${i}`;
      const body = JSON.stringify({ id, specversion: '1.0', data: filler });
      const now = new Date();
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': wh.sign(id, now, body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
  agent.destroy();
}

/**
 * The webhook channel end to end: `count` tenants with one webhook contact each (and a signing secret), one
 * worker with `concurrency` sends in flight, against a bare loop of signed POSTs of the same size to the same
 * receiver with as many in flight, in the same run. Leaves the apps running.
 */
export async function runWebhookChannel(stack: Stack, count: number, concurrency: number, log: (line: string) => void): Promise<WebhookChannelResult> {
  const receiver = await Receiver.start();
  try {
    await seedTenants(stack.db.url, count, 'email');
    const db = new Client({ connectionString: stack.db.url });
    await db.connect();
    let externalIds: string[];
    try {
      await db.query('UPDATE contact SET webhook = $1, email = NULL', [receiver.url]);
      externalIds = (await db.query<{ external_id: string }>('SELECT external_id FROM tenant ORDER BY external_id')).rows.map((r) => r.external_id);
    } finally {
      await db.end();
    }
    await stack.startApps(1, { SEND_CONCURRENCY: String(concurrency), WEBHOOK_SANDBOX: 'false', WEBHOOK_ALLOW_INSECURE: 'true', WEBHOOK_RATE_PER_SEC: '0' });
    // Every tenant signs with its own secret, created as an admin would.
    let secret = '';
    let at = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (at < externalIds.length) secret = (await stack.request<{ secret: string }>('POST', `/v1/tenants/${externalIds[at++]}/webhook-secret`)).secret;
      }),
    );
    log(`webhook: ${count} tenants with a webhook and a signing secret`);

    const cpuBefore = stack.workers[0].cpuSeconds();
    await stack.fileAndDispatch('BENCH-WEBHOOK', ['webhook']);
    const deadline = Date.now() + Math.max(120_000, count * 50);
    while (receiver.count < count) {
      if (Date.now() > deadline) throw new Error(`only ${receiver.count} of ${count} webhook events arrived`);
      await sleep(100);
    }
    const e2e = receiver.rate();
    const workerCpuMsPerNotice = ((stack.workers[0].cpuSeconds() - cpuBefore) * 1000) / count;
    const bodyBytes = receiver.bodyBytes;
    log(`end-to-end webhook: ${e2e.perSecond.toFixed(0)}/s (${bodyBytes} bytes a body), worker CPU ${workerCpuMsPerNotice.toFixed(2)} ms per notice`);

    receiver.reset();
    await bareSignedPosts(receiver.url, secret, count, concurrency, bodyBytes);
    const bare = receiver.rate();
    log(`bare signed POSTs: ${bare.perSecond.toFixed(0)}/s`);
    return { e2e, bare, ratio: e2e.perSecond / bare.perSecond, concurrency, bodyBytes, workerCpuMsPerNotice, workerPeakRss: stack.peakRss().worker1 ?? 0 };
  } finally {
    await receiver.stop();
  }
}
