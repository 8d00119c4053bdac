import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The sealed webhook signing secret on the tenant row, and the endpoints a rotation brings back. */
@Injectable()
export class WebhookSecretRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The tenant's id, its row locked until the transaction ends (two rotations at once: one after the other). */
  async lockTenant(manager: EntityManager, externalId: string): Promise<string | null> {
    const [row] = await manager.query('SELECT id FROM tenant WHERE external_id = $1 FOR UPDATE', [externalId]);
    return row?.id ?? null;
  }

  /** Stores the sealed secret; answers the tenant's id, whether it had one before and when it was rotated, or undefined for an unknown tenant. */
  async store(manager: EntityManager, externalId: string, sealed: string): Promise<{ id: string; replaced: boolean; rotated_at: Date } | undefined> {
    const [row] = await manager.query(
      `UPDATE tenant t SET webhook_secret = $2, webhook_secret_rotated_at = now()
         FROM (SELECT id, webhook_secret IS NOT NULL AS replaced FROM tenant WHERE external_id = $1 FOR UPDATE) old
        WHERE t.id = old.id
        RETURNING t.id, old.replaced, t.webhook_secret_rotated_at AS rotated_at`,
      [externalId, sealed],
    );
    return row;
  }

  /** Clears the tenant's retired endpoints: a new secret is what a tenant that re-created its endpoint asks for. */
  async clearRetirements(manager: EntityManager, tenantId: string): Promise<number> {
    const rows = await manager.query('DELETE FROM webhook_retirement WHERE tenant_id = $1 RETURNING url', [tenantId]);
    return rows.length;
  }

  async sealedOf(tenantId: string): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT webhook_secret FROM tenant WHERE id = $1', [tenantId]);
    return row?.webhook_secret ?? null;
  }
}
