import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feeder reads each channel's open notices in seq order past its cursor, and the sweeper a seq
 * range of them: one partial index on (channel, seq) serves both, in order, however many notices are
 * settled or still waiting. It replaces the index on updated_at, which only the sweeper used.
 */
export class FeedIndex1764200000000 implements MigrationInterface {
  name = 'FeedIndex1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX notice_open_seq_idx ON notice (channel, seq) WHERE status IN ('pending', 'queued', 'sending');
      DROP INDEX IF EXISTS notice_open_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS notice_open_idx ON notice (updated_at) WHERE status IN ('pending', 'queued', 'sending');
      DROP INDEX IF EXISTS notice_open_seq_idx;
    `);
  }
}
