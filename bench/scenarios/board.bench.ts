import { Client } from 'pg';
import { benchIncident, seedTenants } from '../support/seed';
import { Stack, StackOptions } from '../support/stack';
import { loadAverage, sleep } from '../support/timeline';

export interface BoardCase {
  order: 'due' | 'problems';
  state: string | null;
  page: 'first' | 'middle';
  /** Median over the runs, ms, HTTP request to last byte. */
  ms: number;
  items: number;
}

export interface BoardResult {
  tenants: number;
  /** How the seeded incident stands: tenants by state when measured. */
  mix: { sent: number; failed: number; acknowledged: number; late: number };
  limit: number;
  cases: BoardCase[];
  csv: { rows: number; seconds: number };
  load: string;
}

const RUNS = 5;
const LIMIT = 50;
const STATES = [null, 'unsent', 'late', 'unacknowledged', 'acknowledged', 'failed'];

/**
 * One incident over `tenants` tenants, planned by the real fan-out (by SMS, which no seeded tenant can
 * receive, so it writes every affected tenant and its due time and sends nothing), then a delivery
 * written in SQL the way an incident looks 30 hours after awareness, mid-dispatch: 60 % told (at any
 * time since), 0.5 % of notices failed, 5 % acknowledged; one in ten tenants with a 4-hour contract, one in ten with 24 hours, the rest on the
 * 72-hour default. Each board page (both orders, every state, the first page and one halfway through
 * that state's tenants) is timed over HTTP, and the whole board is exported as CSV.
 */
export async function runBoard(tenants: number, base: Omit<StackOptions, 'name'>, log: (line: string) => void): Promise<BoardResult> {
  const stack = await Stack.prepare({ ...base, name: `board-${tenants}` });
  const db = new Client({ connectionString: stack.db.url });
  db.on('error', () => undefined);
  try {
    await seedTenants(stack.db.url, tenants, 'email', log);
    await db.connect();
    await db.query(`UPDATE tenant SET notice_deadline_hours = CASE WHEN split_part(external_id, '-', 2)::int % 10 = 0 THEN 4 WHEN split_part(external_id, '-', 2)::int % 10 = 1 THEN 24 END`);
    await stack.startApps(1, { NOTICE_DEADLINE_DEFAULT: '72h' });
    const incident = await stack.request<{ id: string }>('POST', '/v1/incidents', {
      ...benchIncident(`BENCH-BOARD-${tenants}`, ['sms']),
      awareAt: new Date(Date.now() - 30 * 3600_000).toISOString().slice(0, 19) + 'Z',
    });
    const id = incident.id;
    await stack.request('POST', `/v1/incidents/${id}/approve`);
    await stack.request('POST', `/v1/incidents/${id}/dispatch`);
    const started = Date.now();
    for (;;) {
      const { rows } = await db.query(`SELECT planned_at FROM incident_version WHERE incident_id = $1`, [id]);
      if (rows[0]?.planned_at) break;
      if (Date.now() - started > Math.max(300_000, tenants * 6)) throw new Error('the board incident was not planned in time');
      await sleep(500);
    }
    log(`planned ${tenants} affected tenants in ${((Date.now() - started) / 1000).toFixed(1)} s; writing a delivery`);
    await db.query(`UPDATE affected_tenant SET first_sent_at = now() - random() * interval '30 hours' WHERE incident_id = $1 AND random() < 0.6`, [id]);
    await db.query(`UPDATE affected_tenant SET acknowledged_at = LEAST(now(), first_sent_at + interval '1 hour') WHERE incident_id = $1 AND first_sent_at IS NOT NULL AND random() < 0.08`, [id]);
    await db.query(
      `INSERT INTO notice (id, incident_id, version, affected_id, tenant_id, tenant_external_id, contact_id, contact_role, contact_priority, channel, "to", locale, kind, status, sent_at)
       SELECT gen_random_uuid(), a.incident_id, 1, a.id, a.tenant_id, t.external_id, gen_random_uuid(), 'dpo', 1, 'email', 'x@bench.example', 'en', 'initial',
              CASE WHEN a.first_sent_at IS NULL THEN 'queued' WHEN random() < 0.005 THEN 'failed' WHEN random() < 0.5 THEN 'delivered' ELSE 'sent' END, a.first_sent_at
         FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id WHERE a.incident_id = $1`,
      [id],
    );
    await db.query('VACUUM ANALYZE affected_tenant');
    await db.query('ANALYZE notice');
    const progress = await stack.request<{ lateTenants: number; acknowledgedTenants: number; notices: Record<string, number> }>('GET', `/v1/incidents/${id}/progress`);
    const { rows: sentRows } = await db.query(`SELECT count(*)::int AS n FROM affected_tenant WHERE incident_id = $1 AND first_sent_at IS NOT NULL`, [id]);
    /** The cursor halfway through the board in this order and state, found by paging through it as a client would. */
    const middle = async (order: 'due' | 'problems', state: string | null): Promise<string | null> => {
      const cursors: string[] = [];
      for (let cursor: string | null = null; ; ) {
        const q = new URLSearchParams({ limit: '500', order, ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) });
        const page: { nextCursor: string | null } = await stack.request('GET', `/v1/incidents/${id}/tenants?${q}`);
        if (!page.nextCursor) break;
        cursors.push((cursor = page.nextCursor));
      }
      return cursors.length ? cursors[Math.floor(cursors.length / 2)] : null;
    };
    const cases: BoardCase[] = [];
    for (const order of ['due', 'problems'] as const) {
      for (const state of STATES) {
        for (const page of ['first', 'middle'] as const) {
          const cursor = page === 'middle' ? await middle(order, state) : null;
          if (page === 'middle' && cursor === null) continue; // fewer than one page of 500: no halfway
          const query = new URLSearchParams({ limit: String(LIMIT), order, ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) });
          const times: number[] = [];
          let items = 0;
          for (let run = 0; run < RUNS; run++) {
            const t0 = performance.now();
            items = (await stack.request<{ items: unknown[] }>('GET', `/v1/incidents/${id}/tenants?${query}`)).items.length;
            times.push(performance.now() - t0);
          }
          times.sort((a, b) => a - b);
          cases.push({ order, state, page, ms: times[Math.floor(RUNS / 2)], items });
        }
      }
    }
    const csvStarted = performance.now();
    const res = await fetch(`${stack.apiUrl}/v1/incidents/${id}/tenants.csv`, { headers: { authorization: `Bearer ${stack.adminKey}` } });
    const csvRows = (await res.text()).trim().split('\r\n').length - 1;
    const csvSeconds = (performance.now() - csvStarted) / 1000;
    log(`board of ${tenants}: slowest page ${Math.max(...cases.map((c) => c.ms)).toFixed(0)} ms; CSV of ${csvRows} rows in ${csvSeconds.toFixed(1)} s`);
    return {
      tenants,
      mix: { sent: sentRows[0].n, failed: progress.notices.failed ?? 0, acknowledged: progress.acknowledgedTenants, late: progress.lateTenants },
      limit: LIMIT,
      cases,
      csv: { rows: csvRows, seconds: csvSeconds },
      load: loadAverage(),
    };
  } finally {
    await db.end().catch(() => undefined);
    await stack.close();
  }
}
