import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook channel: a contact's `webhook` URL; each tenant's signing secret, sealed with a key derived
 * from the service's acknowledgement key (never stored in the clear) and when it was last rotated; and the
 * endpoints that answered 410 Gone (retired: sent nothing more until the URL changes or the secret rotates).
 */
export class WebhookChannel1764700000000 implements MigrationInterface {
  name = 'WebhookChannel1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact ADD COLUMN webhook text`);
    await q.query(`ALTER TABLE tenant ADD COLUMN webhook_secret text, ADD COLUMN webhook_secret_rotated_at timestamptz`);
    await q.query(`CREATE TABLE webhook_retirement (
      tenant_id uuid NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      url text NOT NULL,
      notice_id uuid NOT NULL,
      retired_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, url)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_retirement`);
    await q.query(`ALTER TABLE tenant DROP COLUMN IF EXISTS webhook_secret, DROP COLUMN IF EXISTS webhook_secret_rotated_at`);
    await q.query(`ALTER TABLE contact DROP COLUMN IF EXISTS webhook`);
  }
}
