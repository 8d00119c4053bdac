import { MigrationInterface, QueryRunner } from 'typeorm';

/** `GET /v1/audit?subject=|actor=` and evidence packs look entries up by subject and by actor. */
export class AuditLookups1764100000000 implements MigrationInterface {
  name = 'AuditLookups1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX audit_subject_idx ON audit_entry (subject, seq);
      CREATE INDEX audit_actor_idx ON audit_entry (actor, seq);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS audit_subject_idx, audit_actor_idx');
  }
}
