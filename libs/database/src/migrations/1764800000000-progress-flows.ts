import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The flows of the last minutes (`settled:<channel>`, `error:<channel>`) per second, so that folding can keep
 * progress_delta short: a progress call adds up the deltas not folded yet, and reads its rates (notices settled,
 * provider errors, over the last minute) off at most one row per second and metric instead of every delta of
 * the minute. The fold moves deltas into progress_counter and, for the flows, into their second here, in one
 * statement; seconds older than the rate window are dropped as it goes.
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
    // Rows that churn every few seconds: vacuumed as soon as there is anything to reclaim (the fold also vacuums
    // progress_delta itself), so a read never walks thousands of dead deltas or counter versions.
    for (const table of ['progress_delta', 'progress_counter', 'progress_flow'])
      await q.query(`ALTER TABLE ${table} SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0)`);
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
    for (const table of ['progress_delta', 'progress_counter'])
      await q.query(`ALTER TABLE ${table} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_vacuum_cost_delay)`);
    await q.query(`DROP TABLE IF EXISTS progress_flow`);
  }
}
