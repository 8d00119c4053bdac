import { AuditService } from '@app/audit';
import { NotFoundError } from '@app/kernel';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AckTokensService } from './ack-tokens.service';
import { WebhookSecretRepository } from './webhook-secret.repository';

/** The prefix of a Standard Webhooks secret; the rest is the key in base64. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** Bytes of a new secret (Standard Webhooks asks for 24 to 64). */
const SECRET_BYTES = 32;
const SEALED = /^v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url; the tenant id is the associated data, so a sealed secret cannot be moved to another tenant. */
export function seal(key: Buffer, tenantId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(tenantId));
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function unseal(key: Buffer, tenantId: string, sealed: string): string {
  const parts = SEALED.exec(sealed);
  if (!parts) throw new Error('the stored webhook secret is not in a known form');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[1], 'base64url')).setAAD(Buffer.from(tenantId));
  decipher.setAuthTag(Buffer.from(parts[2], 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * Each tenant's webhook signing secret: created or rotated by an admin and shown once, stored sealed under a key
 * derived from the acknowledgement key (ACK_SECRET, else the key kept in the database), opened only to sign.
 * Never logged; the audit records that it was rotated, not its value.
 */
@Injectable()
export class WebhookSecretsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly tokens: AckTokensService,
    private readonly repository: WebhookSecretRepository,
  ) {}

  private key(): Promise<Buffer> {
    return this.tokens.derivedKey('webhook-signing-secret');
  }

  /** A new secret for the tenant, replacing any earlier one at once; its retired endpoints are used again. */
  async rotate(externalId: string, actor: { id: string; name: string }): Promise<{ tenant: string; secret: string; rotatedAt: string; replaced: boolean }> {
    const secret = `${WEBHOOK_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
    return this.dataSource.transaction(async (manager) => {
      const tenant = await this.repository.lockTenant(manager, externalId);
      if (!tenant) throw new NotFoundError(`Tenant ${externalId} does not exist`);
      // Only now: deriving the key may create the ack key, and an unknown tenant must change nothing.
      const key = await this.key();
      const rotatedAt = await this.repository.store(manager, tenant.id, seal(key, tenant.id, secret));
      const unretired = await this.repository.clearRetirements(manager, tenant.id);
      await this.audit.append(manager, {
        actor: actor.id,
        action: 'tenant.webhook_secret_rotated',
        subject: `tenant:${externalId}`,
        details: { replaced: tenant.has_secret, unretiredEndpoints: unretired, by: actor.name },
      });
      return { tenant: externalId, secret, rotatedAt: rotatedAt.toISOString(), replaced: tenant.has_secret };
    });
  }

  /** The tenant's secret (`whsec_…`) to sign with, or null when it has none. */
  async secretOf(tenantId: string): Promise<string | null> {
    return this.open(tenantId, await this.repository.sealedOf(tenantId));
  }

  /** The secret from the tenant's sealed column as already read (`tenant.webhook_secret`), or null when it has none. */
  async open(tenantId: string, sealed: string | null): Promise<string | null> {
    return sealed === null ? null : unseal(await this.key(), tenantId, sealed);
  }
}
