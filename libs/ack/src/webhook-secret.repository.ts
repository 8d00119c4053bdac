import { rowsOf } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The sealed webhook signing secret on the tenant row, and the endpoints a rotation brings back. */
@Injectable()
export class WebhookSecretRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The tenant's id and whether it has a secret, its row locked until the transaction ends (two rotations at once: one after the other). */
  async lockTenant(manager: EntityManager, externalId: string): Promise<{ id: string; has_secret: boolean } | undefined> {
    const [row] = await manager.query('SELECT id, webhook_secret IS NOT NULL AS has_secret FROM tenant WHERE external_id = $1 FOR UPDATE', [externalId]);
    return row;
  }

  /** Stores the sealed secret; answers when it was rotated. */
  async store(manager: EntityManager, tenantId: string, sealed: string): Promise<Date> {
    const [row] = rowsOf<{ rotated_at: Date }>(
      await manager.query(
      'UPDATE tenant SET webhook_secret = $2, webhook_secret_rotated_at = now() WHERE id = $1 RETURNING webhook_secret_rotated_at AS rotated_at',
      [tenantId, sealed],
      ),
    );
    return new Date(row.rotated_at);
  }

  /** Clears the tenant's retired endpoints: a new secret is what a tenant that re-created its endpoint asks for. */
  async clearRetirements(manager: EntityManager, tenantId: string): Promise<number> {
    return rowsOf(await manager.query('DELETE FROM webhook_retirement WHERE tenant_id = $1 RETURNING url', [tenantId])).length;
  }

  async sealedOf(tenantId: string): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT webhook_secret FROM tenant WHERE id = $1', [tenantId]);
    return row?.webhook_secret ?? null;
  }
}
