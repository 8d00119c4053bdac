import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-tenant board's rare states, each read off a small index in due order instead of by walking every
 * affected tenant: those not told yet or told after their due time (`unsent`, `late`), and those that
 * acknowledged. A first notice sent in time takes its tenant out of the first; an insert of an affected tenant
 * (unsent) goes into it. Rows written before due times existed get theirs: awareAt plus the tenant's hours,
 * else 24 hours (the default of NOTICE_DEADLINE_DEFAULT), at most 72 under Regulation S-P.
 */
export class BoardIndexes1764610000000 implements MigrationInterface {
  name = 'BoardIndexes1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE affected_tenant a
         SET due_at = (v.body->>'awareAt')::timestamptz
                      + LEAST(coalesce(t.notice_deadline_hours, 24), CASE WHEN 'sec_reg_sp' = ANY(t.regimes) THEN 72 END) * interval '1 hour'
        FROM incident_version v, tenant t
       WHERE a.due_at IS NULL AND a.kind <> 'withdrawn' AND v.incident_id = a.incident_id AND v.version = a.version
         AND t.id = a.tenant_id AND v.body ? 'awareAt'`);
    await q.query(`CREATE INDEX affected_tenant_overdue_idx ON affected_tenant (incident_id, version, due_at, id)
                     WHERE first_sent_at IS NULL OR first_sent_at > due_at`);
    await q.query(`CREATE INDEX affected_tenant_acknowledged_idx ON affected_tenant (incident_id, version, due_at, id) WHERE acknowledged_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS affected_tenant_acknowledged_idx`);
    await q.query(`DROP INDEX IF EXISTS affected_tenant_overdue_idx`);
  }
}
