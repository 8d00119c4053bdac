import { writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';

/**
 * The demo tenant's own webhook endpoint, served by the demo process: it checks each event's Standard Webhooks
 * signature with the tenant's secret (the `standardwebhooks` package, as a tenant would) and prints one line per
 * event that arrives and verifies. Answers 204 to a good event, 400 to one that does not verify. The first
 * verified event is also written, headers and body as received, to a file in the temporary directory.
 */
export class DemoWebhookEndpoint {
  private secret: string | null = null;
  private kept = false;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<DemoWebhookEndpoint> {
    const server = createServer();
    const endpoint = new DemoWebhookEndpoint(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        try {
          if (!endpoint.secret) throw new Error('no secret yet');
          const event = new Webhook(endpoint.secret).verify(body, headers) as { type: string; subject: string; id: string; data: { tenant: { externalId: string } } };
          console.log(`\n  ✔ webhook: signed ${event.type} for ${event.subject} arrived at ${event.data.tenant.externalId}'s endpoint and verified (webhook-id ${event.id})`);
          if (!endpoint.kept) endpoint.keep(headers, body);
          res.writeHead(204).end();
        } catch (error) {
          console.log(`\n  ✘ webhook: an event arrived that did not verify (${(error as Error).message})`);
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  /** Writes the first verified event as received, so a newcomer can read what a tenant's endpoint gets. */
  private keep(headers: Record<string, string>, body: string): void {
    this.kept = true;
    const file = join(tmpdir(), 'breachcast-demo-webhook-event.json');
    const received = Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('webhook-') || k === 'content-type' || k === 'user-agent'));
    writeFileSync(file, JSON.stringify({ headers: received, body: JSON.parse(body) as unknown }, null, 2));
    console.log(`    the event as received (headers and body): ${file}`);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
  }

  /** The tenant's signing secret, as the admin's rotation answered it. */
  useSecret(secret: string): void {
    this.secret = secret;
  }
}
