import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys belong to a person (`owner`: four eyes compares owners, not keys), record their last use,
 * and the key made from ADMIN_API_KEY is marked so that a new value at start revokes the old one.
 * Existing keys: the bootstrap key gets owner `bootstrap`, every other key its name.
 */
export class ApiKeyOwners1764300000000 implements MigrationInterface {
  name = 'ApiKeyOwners1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE api_key
        ADD COLUMN owner text,
        ADD COLUMN last_used_at timestamptz,
        ADD COLUMN bootstrap boolean NOT NULL DEFAULT false;
      UPDATE api_key SET owner = 'bootstrap', bootstrap = true WHERE name = 'bootstrap admin (ADMIN_API_KEY)' AND created_by IS NULL;
      UPDATE api_key SET owner = name WHERE owner IS NULL;
      ALTER TABLE api_key ALTER COLUMN owner SET NOT NULL;
      CREATE INDEX console_session_api_key_idx ON console_session (api_key_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS console_session_api_key_idx;
      ALTER TABLE api_key DROP COLUMN IF EXISTS owner, DROP COLUMN IF EXISTS last_used_at, DROP COLUMN IF EXISTS bootstrap;
    `);
  }
}
