import { execFileSync } from 'node:child_process';
import { createPrivateKey, KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The fields of an SNS message that the double signs and posts. */
export interface SnsFields {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  TopicArn: string;
  Message: string;
  MessageId?: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

let counter = 0;

/**
 * Amazon SNS on loopback: a generated RSA key with a self-signed certificate (made by the openssl
 * command), served over plain HTTP like SNS serves its signing certificates, a SubscribeURL that counts
 * confirmations, and messages signed as SNS signs them (SignatureVersion 1 or 2).
 */
export class SnsDouble {
  /** Paths of the SubscribeURL requests received, in order. */
  readonly confirmations: string[] = [];
  private constructor(
    private readonly server: Server,
    private readonly key: KeyObject,
    readonly certificatePem: string,
  ) {}

  static async start(): Promise<SnsDouble> {
    const dir = mkdtempSync(join(tmpdir(), 'sns-double-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=sns.amazonaws.com', '-days', '2'], { stdio: 'ignore' });
      const key = createPrivateKey(readFileSync(join(dir, 'key.pem')));
      const certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
      let double: SnsDouble | null = null;
      const server = createServer((req, res) => {
        if (req.url?.startsWith('/SimpleNotificationService-') && req.url.endsWith('.pem')) {
          res.writeHead(200, { 'content-type': 'application/x-x509-ca-cert' }).end(certificate);
        } else if (req.url?.startsWith('/confirm')) {
          double?.confirmations.push(req.url);
          res.writeHead(200, { 'content-type': 'text/xml' }).end('<ConfirmSubscriptionResponse/>');
        } else res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      double = new SnsDouble(server, key, certificate);
      return double;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** `127.0.0.1:<port>`, for SES_SNS_CERT_HOSTS. */
  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get certUrl(): string {
    return `http://${this.host}/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem`;
  }

  subscribeUrl(token: string): string {
    return `http://${this.host}/confirm?Action=ConfirmSubscription&Token=${token}`;
  }

  /** A message as SNS posts it, signed with the double's key (or over other fields, to forge one). */
  message(fields: SnsFields, options: { version?: '1' | '2'; certUrl?: string } = {}): Record<string, string> {
    const version = options.version ?? '2';
    const message: Record<string, string> = {
      MessageId: `sns-${process.pid}-${++counter}`,
      Timestamp: new Date().toISOString(),
      ...(fields as unknown as Record<string, string>),
    };
    const keys = fields.Type === 'Notification' ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
    const text = keys
      .filter((k) => message[k] !== undefined)
      .map((k) => `${k}\n${message[k]}\n`)
      .join('');
    const signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(text, 'utf8'), this.key).toString('base64');
    return { ...message, SignatureVersion: version, Signature: signature, SigningCertURL: options.certUrl ?? this.certUrl };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
