import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { REDACTED_ACK_TOKEN } from './ack-links';
import { AckRepository } from './ack.repository';

/**
 * Acknowledgement tokens: an HMAC over (incident, version, tenant) with the service's own key,
 * so a token is unguessable and scoped to one tenant and version. Only its SHA-256 is stored, and only
 * the tenant's own messages carry it: previews and staff's views show `redactedUrl()` instead.
 */
@Injectable()
export class AckTokensService {
  private key: Promise<Buffer> | null = null;
  /** Keys derived from it, by purpose (HKDF per signed webhook cost more than the signature). */
  private readonly derived = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly repository: AckRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private secret(): Promise<Buffer> {
    this.key ??= (async () => {
      if (this.config.ackSecret) return Buffer.from(this.config.ackSecret);
      await this.repository.insertSecretIfMissing(randomBytes(32).toString('base64'));
      return Buffer.from(await this.repository.readSecret(), 'base64');
    })().catch((error) => {
      this.key = null;
      throw error;
    });
    return this.key;
  }

  /** A 32-byte key for another purpose, derived from the ack key (HKDF-SHA256): it changes only when the ack key does. */
  derivedKey(purpose: string): Promise<Buffer> {
    let key = this.derived.get(purpose);
    if (!key) {
      key = this.secret().then((secret) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `breachcast:${purpose}`, 32)));
      key.catch(() => this.derived.delete(purpose));
      this.derived.set(purpose, key);
    }
    return key;
  }

  async token(incidentId: string, version: number, tenantId: string): Promise<string> {
    const mac = createHmac('sha256', await this.secret()).update(`ack:${incidentId}:${version}:${tenantId}`).digest();
    return mac.subarray(0, 16).toString('base64url');
  }

  static hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  url(token: string): string {
    return `${this.config.publicBaseUrl}/ack/${token}`;
  }

  /** Where the link goes, without a token: as long as a real one, so a preview renders like the message sent. */
  redactedUrl(): string {
    return this.url(REDACTED_ACK_TOKEN);
  }
}
