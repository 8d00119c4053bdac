import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a tenant row counts as, late-wise: `tenant:untold:<due_at, µs since 1970>`, `tenant:told_late`, or nothing. */
const STATE = `
  CREATE OR REPLACE FUNCTION progress_tenant_state(kind text, due_at timestamptz, told_at timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN kind = 'withdrawn' OR due_at IS NULL THEN NULL
                WHEN told_at IS NULL THEN 'tenant:untold:' || (extract(epoch FROM due_at) * 1000000)::bigint
                WHEN told_at > due_at THEN 'tenant:told_late' END $$`;

/** The tenant metrics of a row: affected or withdrawn, acknowledged, and its late-wise state. */
const METRICS = (row: string) => `LATERAL (VALUES (CASE WHEN ${row}.kind = 'withdrawn' THEN 'tenant:withdrawn' ELSE 'tenant:affected' END),
                                  (CASE WHEN ${row}.acknowledged_at IS NOT NULL THEN 'tenant:acknowledged' END),
                                  (progress_tenant_state(${row}.kind, ${row}.due_at, ${row}.told_at))) t(m)`;

/**
 * Rows of `told` (`w`: first notices set by the statement, of rows not withdrawn) tell their tenant's rows of every
 * later version (not withdrawn) not told sooner. Only when a later version exists: next to nothing otherwise.
 */
const CARRY = (told: string, changed = 'true') => {
  const from = `FROM ${told} JOIN incident_version iv ON iv.incident_id = w.incident_id AND iv.version > w.version
                WHERE w.kind <> 'withdrawn' AND w.first_sent_at IS NOT NULL AND ${changed}`;
  return `IF EXISTS (SELECT 1 ${from}) THEN
            UPDATE affected_tenant l SET told_at = s.told
              FROM (SELECT w.incident_id, iv.version, w.tenant_id, min(w.first_sent_at) AS told ${from} GROUP BY 1, 2, 3) s
             WHERE l.incident_id = s.incident_id AND l.version = s.version AND l.tenant_id = s.tenant_id AND l.kind <> 'withdrawn'
               AND (l.told_at IS NULL OR l.told_at > s.told);
          END IF;`;
};

/**
 * Late tenants from counters. `affected_tenant.told_at` is when the tenant was first told about the incident:
 * its row's first notice, or that of a row of an earlier version it was not withdrawn in (a withdrawn row keeps
 * its own only). The fan-out sets it from the earlier versions at insert (FanoutRepository.insertAffected); a
 * trigger sets it on the row when first_sent_at is set, and the tenant trigger carries it to the tenant's rows of
 * later versions told later or not at all, in the same transaction.
 *
 * The tenant trigger adds one state metric per row that is not withdrawn and has a due time: while it is not told,
 * `tenant:untold:<due_at in µs>`, and once told after due_at, `tenant:told_late`. Late tenants are then the told
 * late plus the untold whose due time has passed: a sum over a few counters (one per distinct due time), whatever
 * the size of the version.
 */
export class LateTenants1764900000000 implements MigrationInterface {
  name = 'LateTenants1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // Locked to the end of the migration's transaction (ADD COLUMN would take the same lock): no writer meanwhile,
    // so the rows filled and counted here are exactly those the triggers count from.
    await q.query(`LOCK TABLE affected_tenant IN ACCESS EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE affected_tenant ADD COLUMN told_at timestamptz`);
    await q.query(`
      UPDATE affected_tenant a SET told_at = f.told
        FROM (SELECT id, CASE WHEN kind = 'withdrawn' THEN first_sent_at
                              ELSE LEAST(first_sent_at, min(first_sent_at) FILTER (WHERE kind <> 'withdrawn')
                                   OVER (PARTITION BY incident_id, tenant_id ORDER BY version ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) END AS told
                FROM affected_tenant) f
       WHERE a.id = f.id AND f.told IS NOT NULL`);

    await q.query(STATE);
    await q.query(`
      INSERT INTO progress_counter (incident_id, version, metric, n)
      SELECT incident_id, version, progress_tenant_state(kind, due_at, told_at), count(*) FROM affected_tenant
       WHERE progress_tenant_state(kind, due_at, told_at) IS NOT NULL GROUP BY 1, 2, 3`);

    // A row's own first notice tells it (every writer of first_sent_at, the send's or any other).
    await q.query(`
      CREATE FUNCTION affected_tenant_told() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.told_at := LEAST(NEW.told_at, NEW.first_sent_at);
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER affected_tenant_told_insert BEFORE INSERT ON affected_tenant
                     FOR EACH ROW WHEN (NEW.first_sent_at IS NOT NULL) EXECUTE FUNCTION affected_tenant_told()`);
    await q.query(`CREATE TRIGGER affected_tenant_told_update BEFORE UPDATE OF first_sent_at ON affected_tenant
                     FOR EACH ROW WHEN (NEW.first_sent_at IS DISTINCT FROM OLD.first_sent_at) EXECUTE FUNCTION affected_tenant_told()`);

    // The tenant metrics with the state, and a first notice carried to the tenant's rows of later versions. That
    // update runs in its own snapshot, after the statement's row locks: a later version's row committed meanwhile
    // is seen (the fan-out locks the earlier rows it reads told_at from, FOR SHARE, so the two never miss each other).
    await q.query(`
      CREATE OR REPLACE FUNCTION progress_tenant_delta() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO progress_delta (incident_id, version, metric, n)
          SELECT incident_id, version, m, count(*) FROM new_rows, ${METRICS('new_rows')} WHERE m IS NOT NULL GROUP BY 1, 2, 3;
          ${CARRY('new_rows w')}
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO progress_delta (incident_id, version, metric, n)
          SELECT incident_id, version, m, -count(*) FROM old_rows, ${METRICS('old_rows')} WHERE m IS NOT NULL GROUP BY 1, 2, 3;
        ELSE
          WITH r AS (
            SELECT o.incident_id AS oi, o.version AS ov, o.kind AS ok, o.acknowledged_at IS NOT NULL AS oa, progress_tenant_state(o.kind, o.due_at, o.told_at) AS os,
                   w.incident_id AS ni, w.version AS nv, w.kind AS nk, w.acknowledged_at IS NOT NULL AS na, progress_tenant_state(w.kind, w.due_at, w.told_at) AS ns
              FROM old_rows o JOIN new_rows w ON w.id = o.id),
          c AS (SELECT * FROM r WHERE (oi, ov, ok = 'withdrawn', oa, os) IS DISTINCT FROM (ni, nv, nk = 'withdrawn', na, ns))
          INSERT INTO progress_delta (incident_id, version, metric, n)
          SELECT i, v, m, sum(d) FROM (
            SELECT oi, ov, CASE WHEN ok = 'withdrawn' THEN 'tenant:withdrawn' ELSE 'tenant:affected' END, -1 FROM c
            UNION ALL SELECT ni, nv, CASE WHEN nk = 'withdrawn' THEN 'tenant:withdrawn' ELSE 'tenant:affected' END, 1 FROM c
            UNION ALL SELECT oi, ov, 'tenant:acknowledged', -1 FROM c WHERE oa
            UNION ALL SELECT ni, nv, 'tenant:acknowledged', 1 FROM c WHERE na
            UNION ALL SELECT oi, ov, os, -1 FROM c WHERE os IS NOT NULL
            UNION ALL SELECT ni, nv, ns, 1 FROM c WHERE ns IS NOT NULL
          ) x(i, v, m, d) GROUP BY 1, 2, 3 HAVING sum(d) <> 0;
          ${CARRY('new_rows w JOIN old_rows o ON o.id = w.id', 'w.first_sent_at IS DISTINCT FROM o.first_sent_at')}
        END IF;
        RETURN NULL;
      END $$`);
    // progress_truncate already empties every `tenant:%` metric when affected_tenant is truncated.
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION progress_tenant_delta() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`DROP TRIGGER IF EXISTS affected_tenant_told_insert ON affected_tenant`);
    await q.query(`DROP TRIGGER IF EXISTS affected_tenant_told_update ON affected_tenant`);
    await q.query(`DROP FUNCTION IF EXISTS affected_tenant_told(), progress_tenant_state(text, timestamptz, timestamptz)`);
    for (const table of ['progress_delta', 'progress_counter']) await q.query(`DELETE FROM ${table} WHERE metric LIKE 'tenant:untold:%' OR metric = 'tenant:told_late'`);
    await q.query(`ALTER TABLE affected_tenant DROP COLUMN IF EXISTS told_at`);
  }
}
