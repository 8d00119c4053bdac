import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each tenant's own clocks: the legal regimes it is under (null: by its country) and the hours the
 * vendor's agreement gives from awareness to its first notice (null: NOTICE_DEADLINE_DEFAULT). Each
 * affected tenant carries when its first notice is due, and the board reads it in due order.
 */
export class TenantClocks1764500000000 implements MigrationInterface {
  name = 'TenantClocks1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenant ADD COLUMN regimes text[], ADD COLUMN notice_deadline_hours int`);
    await q.query(`ALTER TABLE affected_tenant ADD COLUMN due_at timestamptz`);
    await q.query(`CREATE INDEX affected_tenant_due_idx ON affected_tenant (incident_id, version, due_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS affected_tenant_due_idx`);
    await q.query(`ALTER TABLE affected_tenant DROP COLUMN IF EXISTS due_at`);
    await q.query(`ALTER TABLE tenant DROP COLUMN IF EXISTS regimes, DROP COLUMN IF EXISTS notice_deadline_hours`);
  }
}
