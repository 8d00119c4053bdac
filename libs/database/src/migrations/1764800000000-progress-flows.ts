import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The flows of the last minutes (`settled:<channel>`, `error:<channel>`) per second, so that folding can keep
 * progress_delta short: a progress call adds up the deltas not folded yet, and reads its rates (notices settled,
 * provider errors, over the last minute) off at most one row per second and metric instead of every delta of
 * the minute. The fold moves deltas into progress_counter and, for the flows, into their second here, in one
 * statement; seconds older than the rate window are dropped as it goes. A partial index keeps the other
 * incidents' open counters (queued, sending) to the ones that are not zero, however many incidents there were.
 */
export class ProgressFlows1764800000000 implements MigrationInterface {
  name = 'ProgressFlows1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE progress_flow (
        second timestamptz NOT NULL,
        incident_id uuid NOT NULL,
        version int NOT NULL,
        metric text NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (second, incident_id, version, metric))`);
    // The pace asks what other incidents have open: only counters that are not zero, whatever the history.
    await q.query(`CREATE INDEX progress_counter_open_idx ON progress_counter (metric)
                     WHERE n <> 0 AND (metric LIKE 'notice:%:queued' OR metric LIKE 'notice:%:sending')`);
    // TRUNCATE notice empties the flows too (they are flows of notices).
    await q.query(`
      CREATE OR REPLACE FUNCTION progress_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'notice' THEN
          DELETE FROM progress_delta WHERE metric NOT LIKE 'tenant:%';
          DELETE FROM progress_counter WHERE metric NOT LIKE 'tenant:%';
          DELETE FROM progress_flow;
        ELSE
          DELETE FROM progress_delta WHERE metric LIKE 'tenant:%';
          DELETE FROM progress_counter WHERE metric LIKE 'tenant:%';
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION progress_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'notice' THEN
          DELETE FROM progress_delta WHERE metric NOT LIKE 'tenant:%';
          DELETE FROM progress_counter WHERE metric NOT LIKE 'tenant:%';
        ELSE
          DELETE FROM progress_delta WHERE metric LIKE 'tenant:%';
          DELETE FROM progress_counter WHERE metric LIKE 'tenant:%';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`DROP INDEX IF EXISTS progress_counter_open_idx`);
    await q.query(`DROP TABLE IF EXISTS progress_flow`);
  }
}
