import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Harness } from './support/harness';

const NOTICES = 50_000;

// A full collection on demand: what is measured is memory still held, not garbage not yet collected.
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/** Counts CSV records as they stream past (quoted fields may hold commas and line breaks), keeping nothing. */
class CsvCounter {
  records = 0;
  header = '';
  firstRecord = '';
  private quoted = false;
  private previous = 0;
  private head = '';

  push(chunk: string): void {
    if (this.records < 2) this.head += chunk;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 34) this.quoted = !this.quoted;
      else if (c === 10 && this.previous === 13 && !this.quoted) this.records++;
      this.previous = c;
    }
    if (this.records >= 2 && !this.firstRecord) [this.header, this.firstRecord] = this.head.split('\r\n');
  }
}

interface Streamed {
  status: number;
  contentType: string;
  bytes: number;
  heapGrowthMb: number;
  rssGrowthMb: number;
  ms: number;
}

/**
 * GETs a URL, handing each chunk to `onChunk`, while sampling this process's memory after a full
 * collection every 2 s (a collection stops the server too: more often would mostly measure it).
 */
function stream(url: string, key: string, onChunk: (text: string) => void): Promise<Streamed> {
  gc();
  const base = process.memoryUsage();
  let heapPeak = base.heapUsed;
  let rssPeak = base.rss;
  const started = Date.now();
  const sampler = setInterval(() => {
    gc();
    const now = process.memoryUsage();
    heapPeak = Math.max(heapPeak, now.heapUsed);
    rssPeak = Math.max(rssPeak, now.rss);
  }, 2000);
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { Authorization: `Bearer ${key}` } }, (res) => {
        let bytes = 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          bytes += Buffer.byteLength(chunk);
          onChunk(chunk);
        });
        res.on('end', () => {
          clearInterval(sampler);
          resolve({
            status: res.statusCode!,
            contentType: String(res.headers['content-type']),
            bytes,
            heapGrowthMb: (heapPeak - base.heapUsed) / 2 ** 20,
            rssGrowthMb: (rssPeak - base.rss) / 2 ** 20,
            ms: Date.now() - started,
          });
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/**
 * 50,000 notices with two events each, inserted straight into the database, exported through
 * the API: every one arrives, and the API holds a page at a time, never the export.
 */
describe('notice export of 50,000 notices', () => {
  let h: Harness;
  let incidentId: string;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    const [tenant] = await h.db.query(`INSERT INTO tenant (external_id, name, locale, country, timezone) VALUES ('bulk-co', 'Bulk Co', 'en', 'PL', 'Europe/Warsaw') RETURNING id`);
    const [other] = await h.db.query(`INSERT INTO tenant (external_id, name, locale, country, timezone) VALUES ('other-co', 'Other Co', 'en', 'PL', 'Europe/Warsaw') RETURNING id`);
    [{ id: incidentId }] = await h.db.query(`INSERT INTO incident (reference) VALUES ('INC-BULK-1') RETURNING id`);
    await h.db.query(`INSERT INTO incident_version (incident_id, version, status, body) VALUES ($1, 1, 'dispatched', '{}')`, [incidentId]);
    const affected = async (tenantId: string) =>
      (
        await h.db.query(
          `INSERT INTO affected_tenant (incident_id, version, tenant_id, kind, facts, ack_token_hash) VALUES ($1, 1, $2, 'initial', '{}', md5(random()::text)) RETURNING id`,
          [incidentId, tenantId],
        )
      )[0].id as string;
    const notices = (affectedId: string, tenantId: string, externalId: string, count: number) =>
      h.db.query(
        `INSERT INTO notice (id, incident_id, version, affected_id, tenant_id, tenant_external_id, contact_id, contact_role, contact_priority, channel, "to",
                             locale, kind, status, attempts, provider_message_id, subject, content_hash, sent_at, delivered_at)
         SELECT gen_random_uuid(), $1, 1, $2, $3, $4, gen_random_uuid(), 'dpo', 1, CASE WHEN g % 2 = 0 THEN 'email' ELSE 'sms' END,
                'contact' || g || '@bulk.example', 'en', 'initial', 'delivered', 1, 'SM' || md5(g::text),
                'INC-BULK-1: Personal data breach, "notice" ' || g || ', ' || repeat('details ', 20), encode(sha256(g::text::bytea), 'hex'), now(), now()
           FROM generate_series(1, $5) g`,
        [incidentId, affectedId, tenantId, externalId, count],
      );
    await notices(await affected(tenant.id), tenant.id, 'bulk-co', NOTICES);
    await notices(await affected(other.id), other.id, 'other-co', 25);
    await h.db.query(
      `INSERT INTO notice_event (notice_id, type, detail)
       SELECT id, t.type, jsonb_build_object('attempt', 1, 'response', '250 2.0.0 Ok: queued as ' || md5(id::text), 'contentHash', content_hash)
         FROM notice, (VALUES ('sent'), ('delivered')) AS t(type)`,
    );
  });

  afterAll(() => h?.close());

  it('streams every notice as CSV with its events while the API holds no more than a few pages', async () => {
    const csv = new CsvCounter();
    const res = await stream(`${h.baseUrl}/v1/notices/export?incidentId=${incidentId}&tenant=bulk-co`, h.auditor.key!, (chunk) => csv.push(chunk));
    console.log(
      `CSV export: ${csv.records - 1} notices, ${(res.bytes / 2 ** 20).toFixed(1)} MB in ${res.ms} ms; ` +
        `peak heap growth ${res.heapGrowthMb.toFixed(1)} MB, peak RSS growth ${res.rssGrowthMb.toFixed(1)} MB`,
    );
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/csv/);
    expect(csv.records).toBe(NOTICES + 1);
    expect(csv.header.split(',')).toEqual(expect.arrayContaining(['id', 'tenant', 'channel', 'status', 'contentHash', 'events']));
    expect(csv.firstRecord).toContain('bulk-co');
    expect(csv.firstRecord).toContain('""notice""');
    expect(csv.firstRecord).toMatch(/""type"":""sent"".*""type"":""delivered""/);
    // The whole export would take well over 100 MB as rows in memory; streaming holds about one page of 1,000.
    expect(res.bytes).toBeGreaterThan(40 * 2 ** 20);
    expect(res.heapGrowthMb).toBeLessThan(40);
  }, 600_000); // seconds on a quiet machine; room for a busy shared one

  it('streams NDJSON too, one parseable notice per line, and filters by tenant', async () => {
    let lines = 0;
    let rest = '';
    let sample: Record<string, any> | null = null;
    const res = await stream(`${h.baseUrl}/v1/notices/export?tenant=other-co&format=ndjson`, h.auditor.key!, (chunk) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const part of parts) {
        sample ??= JSON.parse(part);
        lines++;
      }
    });
    expect(res.contentType).toMatch(/^application\/x-ndjson/);
    expect(rest).toBe('');
    expect(lines).toBe(25);
    expect(sample).toEqual(expect.objectContaining({ tenant: 'other-co', incidentId, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    expect(sample!.events.map((e: { type: string }) => e.type)).toEqual(['sent', 'delivered']);
  });
});
