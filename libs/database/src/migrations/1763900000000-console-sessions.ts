import { MigrationInterface, QueryRunner } from 'typeorm';

/** Console sign-ins: the cookie holds a random id, the table only its SHA-256. */
export class ConsoleSessions1763900000000 implements MigrationInterface {
  name = 'ConsoleSessions1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE console_session (
        id_hash text PRIMARY KEY,
        api_key_id uuid NOT NULL REFERENCES api_key(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX console_session_expires_idx ON console_session (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS console_session');
  }
}
