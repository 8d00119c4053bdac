import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Progress without counting every notice: per version, counters by metric (`notice:<channel>:<status>`,
 * `tenant:affected|withdrawn|acknowledged`, and the flows `settled:<channel>`, `error:<channel>`).
 *
 * Triggers on `notice` and `affected_tenant` append one delta row per (version, metric) that a statement
 * changed, in that statement's own transaction: whatever changes a status (fan-out, feeder, claims, the write
 * batcher, provider callbacks, bounces, sweeper, escalation, acknowledgements, and any path added later)
 * moves the counters with it, and a crash rolls both back together. Writers only append (no hot counter row);
 * `progress_counter` holds the folded sums, and a reader adds the small tail of deltas not folded yet.
 * Folding deletes deltas and adds them to the counters in one statement, so no sum is ever seen twice or not at all.
 */
export class ProgressCounters1764720000000 implements MigrationInterface {
  name = 'ProgressCounters1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE progress_counter (
        incident_id uuid NOT NULL,
        version int NOT NULL,
        metric text NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (incident_id, version, metric))`);
    await q.query(`
      CREATE TABLE progress_delta (
        id bigserial PRIMARY KEY,
        incident_id uuid NOT NULL,
        version int NOT NULL,
        metric text NOT NULL,
        n bigint NOT NULL,
        at timestamptz NOT NULL DEFAULT statement_timestamp())`);
    await q.query(`CREATE INDEX progress_delta_version_idx ON progress_delta (incident_id, version)`);
    await q.query(`CREATE INDEX progress_delta_at_idx ON progress_delta (at)`);

    await q.query(`
      CREATE FUNCTION progress_notice_delta() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO progress_delta (incident_id, version, metric, n)
          SELECT incident_id, version, 'notice:' || channel || ':' || status, count(*) FROM new_rows GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO progress_delta (incident_id, version, metric, n)
          SELECT incident_id, version, 'notice:' || channel || ':' || status, -count(*) FROM old_rows GROUP BY 1, 2, 3;
        ELSE
          WITH c AS (
            SELECT o.incident_id AS oi, o.version AS ov, o.channel AS oc, o.status AS os,
                   w.incident_id AS ni, w.version AS nv, w.channel AS nc, w.status AS ns
              FROM old_rows o JOIN new_rows w ON w.id = o.id
             WHERE (o.incident_id, o.version, o.channel, o.status) IS DISTINCT FROM (w.incident_id, w.version, w.channel, w.status))
          INSERT INTO progress_delta (incident_id, version, metric, n)
          SELECT i, v, m, sum(d) FROM (
            SELECT oi, ov, 'notice:' || oc || ':' || os, -1 FROM c
            UNION ALL SELECT ni, nv, 'notice:' || nc || ':' || ns, 1 FROM c
            UNION ALL SELECT ni, nv, 'settled:' || nc, 1 FROM c
                       WHERE os IN ('pending', 'queued', 'sending') AND ns NOT IN ('pending', 'queued', 'sending')
            UNION ALL SELECT ni, nv, 'error:' || nc, 1 FROM c
                       WHERE ns IN ('bounced', 'undelivered') OR (ns = 'failed' AND os IN ('sent', 'delivered'))
          ) x(i, v, m, d) GROUP BY 1, 2, 3 HAVING sum(d) <> 0;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER notice_progress_insert AFTER INSERT ON notice REFERENCING NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION progress_notice_delta()`);
    await q.query(`CREATE TRIGGER notice_progress_update AFTER UPDATE ON notice REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION progress_notice_delta()`);
    await q.query(`CREATE TRIGGER notice_progress_delete AFTER DELETE ON notice REFERENCING OLD TABLE AS old_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION progress_notice_delta()`);

    // affected: not withdrawn; withdrawn; acknowledged (any kind), as the full count reads them.
    await q.query(`
      CREATE FUNCTION progress_tenant_delta() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO progress_delta (incident_id, version, metric, n)
          SELECT incident_id, version, m, count(*)
            FROM new_rows, LATERAL (VALUES (CASE WHEN kind = 'withdrawn' THEN 'tenant:withdrawn' ELSE 'tenant:affected' END),
                                           (CASE WHEN acknowledged_at IS NOT NULL THEN 'tenant:acknowledged' END)) t(m)
           WHERE m IS NOT NULL GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO progress_delta (incident_id, version, metric, n)
          SELECT incident_id, version, m, -count(*)
            FROM old_rows, LATERAL (VALUES (CASE WHEN kind = 'withdrawn' THEN 'tenant:withdrawn' ELSE 'tenant:affected' END),
                                           (CASE WHEN acknowledged_at IS NOT NULL THEN 'tenant:acknowledged' END)) t(m)
           WHERE m IS NOT NULL GROUP BY 1, 2, 3;
        ELSE
          WITH c AS (
            SELECT o.incident_id AS oi, o.version AS ov, o.kind AS ok, o.acknowledged_at IS NOT NULL AS oa,
                   w.incident_id AS ni, w.version AS nv, w.kind AS nk, w.acknowledged_at IS NOT NULL AS na
              FROM old_rows o JOIN new_rows w ON w.id = o.id
             WHERE (o.incident_id, o.version, o.kind = 'withdrawn', o.acknowledged_at IS NULL)
                   IS DISTINCT FROM (w.incident_id, w.version, w.kind = 'withdrawn', w.acknowledged_at IS NULL))
          INSERT INTO progress_delta (incident_id, version, metric, n)
          SELECT i, v, m, sum(d) FROM (
            SELECT oi, ov, CASE WHEN ok = 'withdrawn' THEN 'tenant:withdrawn' ELSE 'tenant:affected' END, -1 FROM c
            UNION ALL SELECT ni, nv, CASE WHEN nk = 'withdrawn' THEN 'tenant:withdrawn' ELSE 'tenant:affected' END, 1 FROM c
            UNION ALL SELECT oi, ov, 'tenant:acknowledged', -1 FROM c WHERE oa
            UNION ALL SELECT ni, nv, 'tenant:acknowledged', 1 FROM c WHERE na
          ) x(i, v, m, d) GROUP BY 1, 2, 3 HAVING sum(d) <> 0;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER affected_tenant_progress_insert AFTER INSERT ON affected_tenant REFERENCING NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION progress_tenant_delta()`);
    await q.query(`CREATE TRIGGER affected_tenant_progress_update AFTER UPDATE ON affected_tenant REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION progress_tenant_delta()`);
    await q.query(`CREATE TRIGGER affected_tenant_progress_delete AFTER DELETE ON affected_tenant REFERENCING OLD TABLE AS old_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION progress_tenant_delta()`);

    // TRUNCATE fires no row triggers: it empties the counters of what it emptied.
    await q.query(`
      CREATE FUNCTION progress_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`CREATE TRIGGER notice_progress_truncate AFTER TRUNCATE ON notice FOR EACH STATEMENT EXECUTE FUNCTION progress_truncate()`);
    await q.query(`CREATE TRIGGER affected_tenant_progress_truncate AFTER TRUNCATE ON affected_tenant FOR EACH STATEMENT EXECUTE FUNCTION progress_truncate()`);

    // What exists already, counted once (the triggers count from here on; the migration holds its locks).
    await q.query(`LOCK TABLE notice, affected_tenant IN SHARE MODE`);
    await q.query(`
      INSERT INTO progress_counter (incident_id, version, metric, n)
      SELECT incident_id, version, 'notice:' || channel || ':' || status, count(*) FROM notice GROUP BY 1, 2, 3`);
    await q.query(`
      INSERT INTO progress_counter (incident_id, version, metric, n)
      SELECT incident_id, version, m, count(*)
        FROM affected_tenant, LATERAL (VALUES (CASE WHEN kind = 'withdrawn' THEN 'tenant:withdrawn' ELSE 'tenant:affected' END),
                                              (CASE WHEN acknowledged_at IS NOT NULL THEN 'tenant:acknowledged' END)) t(m)
       WHERE m IS NOT NULL GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notice_progress_insert', 'notice_progress_update', 'notice_progress_delete', 'notice_progress_truncate']) await q.query(`DROP TRIGGER IF EXISTS ${t} ON notice`);
    for (const t of ['affected_tenant_progress_insert', 'affected_tenant_progress_update', 'affected_tenant_progress_delete', 'affected_tenant_progress_truncate'])
      await q.query(`DROP TRIGGER IF EXISTS ${t} ON affected_tenant`);
    await q.query(`DROP FUNCTION IF EXISTS progress_notice_delta(), progress_tenant_delta(), progress_truncate()`);
    await q.query(`DROP TABLE IF EXISTS progress_delta, progress_counter`);
  }
}
