import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A provider report (a Twilio status callback, a delivery-status report) is kept once: its event
 * carries a key derived from the provider and the report's identity, unique across the table, so a
 * replayed or concurrently repeated report inserts nothing (ON CONFLICT DO NOTHING). Events of our
 * own making (sends, attempts) carry no key.
 */
export class NoticeEventDedupe1764330000000 implements MigrationInterface {
  name = 'NoticeEventDedupe1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notice_event ADD COLUMN dedupe_key text;
      CREATE UNIQUE INDEX notice_event_dedupe_idx ON notice_event (dedupe_key) WHERE dedupe_key IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS notice_event_dedupe_idx;
      ALTER TABLE notice_event DROP COLUMN IF EXISTS dedupe_key;
    `);
  }
}
