import { entryHash } from '@app/audit';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Harness } from './support/harness';

const APPENDER = join(__dirname, 'support', 'audit-appender.js');
const PROCESSES = 4;
const PER_PROCESS = 60;

interface AppenderResult {
  pid: number;
  appended: number;
  seqs: number[];
}

/** Starts one appender process; resolves `ready` once it is connected, `done` with its report. */
function appender(databaseUrl: string, actor: string): { child: ChildProcess; ready: Promise<void>; done: Promise<AppenderResult> } {
  const child = spawn(process.execPath, [APPENDER, databaseUrl, String(PER_PROCESS), '4', actor], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let signalReady: () => void;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) signalReady();
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<AppenderResult>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n')[1])) : reject(new Error(`appender ${actor} exited ${code}: ${err}`)))),
  );
  return { child, ready, done };
}

/**
 * The chain holds while several OS processes (each with its own pool) and the API append at
 * once; and verify finds an entry edited, deleted, re-hashed or moved through plain SQL.
 */
describe('audit chain', () => {
  let h: Harness;
  const verify = async () => (await h.auditor.get('/v1/audit/verify').expect(200)).body;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });

  afterAll(() => h?.close());

  describe(`${PROCESSES} processes and the API appending at once`, () => {
    let results: AppenderResult[];
    let before: number;

    beforeAll(async () => {
      before = (await verify()).entries;
      const procs = Array.from({ length: PROCESSES }, (_, i) => appender(h.env.DATABASE_URL!, `process-${i}`));
      await Promise.all(procs.map((p) => p.ready));
      for (const p of procs) p.child.stdin!.end('go\n');
      const viaApi = Array.from({ length: 20 }, (_, i) => h.admin.post('/v1/api-keys', { name: `concurrent ${i}`, role: 'auditor', owner: `concurrent-${i}@vendor.example` }).expect(201));
      [results] = await Promise.all([Promise.all(procs.map((p) => p.done)), Promise.all(viaApi)]);
    });

    it('gives every append its own seq, with no gap, and the chain verifies', async () => {
      const seqs = results.flatMap((r) => r.seqs);
      expect(seqs).toHaveLength(PROCESSES * PER_PROCESS);
      expect(new Set(seqs).size).toBe(seqs.length);
      // The processes' appends interleave: the lock is taken per append, not per process.
      const spans = results.map((r) => [Math.min(...r.seqs), Math.max(...r.seqs)]);
      expect(spans.some(([lo, hi], i) => spans.some(([lo2, hi2], j) => i !== j && lo < hi2 && lo2 < hi))).toBe(true);
      const result = await verify();
      console.log(`verify after ${PROCESSES} processes × ${PER_PROCESS} + 20 API appends:`, JSON.stringify(result));
      expect(result).toEqual({ ok: true, entries: before + PROCESSES * PER_PROCESS + 20, firstBadSeq: null, head: { seq: result.entries, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      const [{ min, max, n }] = await h.db.query('SELECT min(seq)::int AS min, max(seq)::int AS max, count(*)::int AS n FROM audit_entry');
      expect({ min, max }).toEqual({ min: 1, max: n });
    });

    it('keeps `at` in chain order: one clock, read under the lock', async () => {
      const [{ backwards }] = await h.db.query(
        'SELECT count(*)::int AS backwards FROM (SELECT at < lag(at) OVER (ORDER BY seq) AS back FROM audit_entry) t WHERE back',
      );
      expect(backwards).toBe(0);
    });
  });

  describe('tampering through SQL', () => {
    let row: Record<string, unknown>;
    const seq = 100;

    beforeAll(async () => {
      [row] = await h.db.query('SELECT * FROM audit_entry WHERE seq = $1', [seq]);
    });

    afterEach(async () => {
      // Put the original row back; the chain must verify again.
      await h.db.query('DELETE FROM audit_entry WHERE seq = $1 OR seq < 0', [seq]);
      await h.db.query('INSERT INTO audit_entry (seq, at, actor, action, subject, details, hash, prev_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        row.seq,
        row.at,
        row.actor,
        row.action,
        row.subject,
        row.details,
        row.hash,
        row.prev_hash,
      ]);
      expect(await verify()).toEqual(expect.objectContaining({ ok: true, firstBadSeq: null }));
    });

    it('an UPDATE of the details is reported at that seq', async () => {
      console.log('verify before tampering:', JSON.stringify(await verify()));
      await h.db.query(`UPDATE audit_entry SET details = details || '{"n": -1}' WHERE seq = $1`, [seq]);
      const result = await verify();
      console.log(`verify after UPDATE of seq ${seq}'s details:`, JSON.stringify(result));
      expect(result).toEqual({ ok: false, entries: seq, firstBadSeq: seq, head: { seq: seq - 1, hash: row.prev_hash } });
    });

    it('a DELETE is reported at the missing seq', async () => {
      await h.db.query('DELETE FROM audit_entry WHERE seq = $1', [seq]);
      const result = await verify();
      console.log(`verify after DELETE of seq ${seq}:`, JSON.stringify(result));
      expect(result).toEqual(expect.objectContaining({ ok: false, firstBadSeq: seq }));
    });

    it('an edit that also recomputes the hash breaks the next link', async () => {
      await h.db.query(`UPDATE audit_entry SET actor = 'someone-else' WHERE seq = $1`, [seq]);
      const [edited] = await h.db.query('SELECT * FROM audit_entry WHERE seq = $1', [seq]);
      const rehashed = entryHash({ seq, at: new Date(edited.at).toISOString(), actor: edited.actor, action: edited.action, subject: edited.subject, details: edited.details, prevHash: edited.prev_hash });
      await h.db.query('UPDATE audit_entry SET hash = $2 WHERE seq = $1', [seq, rehashed]);
      expect(await verify()).toEqual(expect.objectContaining({ ok: false, firstBadSeq: seq + 1 }));
    });

    it('moving an entry to another place is reported where the order breaks', async () => {
      await h.db.query('UPDATE audit_entry SET seq = -1 WHERE seq = $1', [seq]);
      const result = await verify();
      expect(result).toEqual(expect.objectContaining({ ok: false, firstBadSeq: seq }));
      // Not "repaired" by putting it back at the end either.
      const [{ last }] = await h.db.query('SELECT max(seq)::int AS last FROM audit_entry');
      await h.db.query('UPDATE audit_entry SET seq = $1 WHERE seq = -1', [last + 1]);
      expect(await verify()).toEqual(expect.objectContaining({ ok: false, firstBadSeq: seq }));
      await h.db.query('UPDATE audit_entry SET seq = -1 WHERE seq = $1', [last + 1]);
    });
  });

  it('a cut-off tail verifies on its own: the recorded head shows it', async () => {
    const recorded = (await verify()).head;
    const [last] = await h.db.query('SELECT * FROM audit_entry WHERE seq = $1', [recorded.seq]);
    await h.db.query('DELETE FROM audit_entry WHERE seq = $1', [recorded.seq]);
    const after = await verify();
    expect(after.ok).toBe(true);
    expect(after.head.seq).toBe(recorded.seq - 1);
    expect(after.head).not.toEqual(recorded);
    await h.db.query('INSERT INTO audit_entry (seq, at, actor, action, subject, details, hash, prev_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      last.seq,
      last.at,
      last.actor,
      last.action,
      last.subject,
      last.details,
      last.hash,
      last.prev_hash,
    ]);
    expect((await verify()).head).toEqual(recorded);
  });
});
