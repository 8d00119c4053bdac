import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { REDACTED_ACK_TOKEN } from './ack-links';

/**
 * Acknowledgement tokens: an HMAC over (incident, version, tenant) with the service's own key,
 * so a token is unguessable and scoped to one tenant and version. Only its SHA-256 is stored, and only
 * the tenant's own messages carry it: previews and staff's views show `redactedUrl()` instead.
 */
@Injectable()
export class AckTokensService {
  private key: Promise<Buffer> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private secret(): Promise<Buffer> {
    this.key ??= (async () => {
      if (this.config.ackSecret) return Buffer.from(this.config.ackSecret);
      await this.dataSource.query(`INSERT INTO app_secret (name, value) VALUES ('ack', $1) ON CONFLICT (name) DO NOTHING`, [
        randomBytes(32).toString('base64'),
      ]);
      const [row] = await this.dataSource.query(`SELECT value FROM app_secret WHERE name = 'ack'`);
      return Buffer.from(row.value as string, 'base64');
    })().catch((error) => {
      this.key = null;
      throw error;
    });
    return this.key;
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
