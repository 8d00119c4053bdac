import { dataSourceOptions, runMigrations, uuid7 } from '@app/database';
import { DeliveryRepository } from '@app/delivery';
import { FanoutRepository } from '@app/dispatch';
import { fold, ProgressRepository, tally } from '@app/progress';
import { createTestDatabase, TestDatabase, waitUntil } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { countersAndFullCount } from '../support/progress-counters';

/** Due times: awareAt + the 24 hours every tenant here has. PAST is long gone, NOW is due tomorrow. */
const PAST = '2023-04-19T14:00:00Z';
const DAY_MS = 24 * 3600_000;

/**
 * Late tenants from the progress counters against real PostgreSQL: each tenant's told_at, kept by the fan-out's
 * insert, the send's record and the triggers, and the counters of not told (by due time) and told late, equal to a
 * full count from first_sent_at after every step, and the late count the progress call gives.
 */
describe('late tenants from counters', () => {
  let database: TestDatabase;
  let db: DataSource;
  let fanout: FanoutRepository;
  let delivery: DeliveryRepository;
  let progress: ProgressRepository;
  let incidentId: string;
  const tenants: Record<string, string> = {};
  const affected: Record<string, string> = {};
  let now: string;

  beforeAll(async () => {
    database = await createTestDatabase('bc_medium');
    await runMigrations(database.url);
    db = await new DataSource(dataSourceOptions(database.url, 6)).initialize();
    [fanout, delivery, progress] = [new FanoutRepository(db), new DeliveryRepository(db), new ProgressRepository(db)];
    for (const { id, external_id } of await db.query(
      `INSERT INTO tenant (external_id, name, locale, country, timezone) SELECT unnest($1::text[]), 'Tenant', 'en', 'PL', 'Europe/Warsaw' RETURNING id, external_id`,
      [['late', 'in-time', 'before-due', 'unsent-in-v1', 'withdrawn', 'fresh', 'raced']],
    ))
      tenants[external_id] = id;
    [{ id: incidentId }] = await db.query(`INSERT INTO incident (reference) VALUES ('INC-LATE') RETURNING id`);
    [{ now }] = await db.query(`SELECT now()::text AS now`);
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const openVersion = (version: number) =>
    db.query(`INSERT INTO incident_version (incident_id, version, status, body) VALUES ($1, $2, 'dispatched', '{}')`, [incidentId, version]);
  /** The fan-out's insert of these tenants into the version, due at awareAt + 24 h. */
  const plan = async (version: number, awareAt: string, names: string[], manager: EntityManager = db.manager) => {
    const rows = names.map((name) => [uuid7(), incidentId, version, tenants[name], version === 1 ? 'initial' : 'update', {}, randomUUID(), 1]);
    for (const r of await fanout.insertAffected(manager, rows, awareAt, DAY_MS, null)) affected[`${name(r.tenant_id)}@${version}`] = r.id;
  };
  const name = (tenantId: string) => Object.keys(tenants).find((k) => tenants[k] === tenantId)!;
  /** The send's record of one notice to this tenant's row (the notice is made for it). */
  const send = async (key: string, repository = delivery) => {
    const [{ id }] = await db.query(
      `INSERT INTO notice (id, incident_id, version, affected_id, tenant_id, tenant_external_id, contact_id, contact_role, contact_priority, channel, "to", locale, kind, status)
       SELECT $1, incident_id, version, id, tenant_id, 'x', gen_random_uuid(), 'dpo', 1, 'email', 'x@example.com', 'en', kind, 'sending' FROM affected_tenant WHERE id = $2 RETURNING id`,
      [uuid7(), affected[key]],
    );
    await repository.recordSent([{ id, affected_id: affected[key], provider_message_id: 'p', message_id: null, subject: null, content_hash: 'h', detail: {} }]);
  };
  const row = async (key: string): Promise<{ first_sent_at: Date | null; told_at: Date | null }> =>
    (await db.query('SELECT first_sent_at, told_at FROM affected_tenant WHERE id = $1', [affected[key]]))[0];
  /** What the progress call says, after checking the counters against a full count. */
  const late = async (version: number) => {
    const { counters, full } = await countersAndFullCount(db, incidentId, version);
    expect(counters).toEqual(full);
    const { folded, tail, nowUs } = (await progress.snapshot(incidentId, version, 60, 10))!;
    return { late: tally(fold(folded, tail), nowUs).tenants.late, told_late: counters['tenant:told_late'] ?? 0 };
  };

  it('counts a tenant not told and overdue as late, and still late once told after its due time', async () => {
    await openVersion(1);
    await plan(1, PAST, ['late', 'before-due', 'unsent-in-v1', 'withdrawn']);
    await plan(1, now, ['in-time', 'fresh']);
    expect(await late(1)).toEqual({ late: 4, told_late: 0 });
    await send('late@1');
    expect(await late(1)).toEqual({ late: 4, told_late: 1 });
    const told = await row('late@1');
    expect(told.told_at).toEqual(told.first_sent_at);
  });

  it('does not count a tenant told in time, by the send or by any other writer of first_sent_at', async () => {
    await send('in-time@1');
    await db.query(`UPDATE affected_tenant SET first_sent_at = '2023-04-20T10:00:00Z' WHERE id = $1`, [affected['before-due@1']]);
    expect((await row('before-due@1')).told_at).toEqual(new Date('2023-04-20T10:00:00Z'));
    expect(await late(1)).toEqual({ late: 3, told_late: 1 });
  });

  it('tells a later version at the earlier first notice: in time stays in time, one not told yet stays late', async () => {
    await openVersion(2);
    await plan(2, PAST, ['late', 'before-due', 'unsent-in-v1']);
    await plan(2, now, ['in-time', 'fresh']);
    expect((await row('before-due@2')).told_at).toEqual(new Date('2023-04-20T10:00:00Z'));
    expect((await row('in-time@2')).told_at).toEqual((await row('in-time@1')).first_sent_at);
    expect(await late(2)).toEqual({ late: 2, told_late: 1 }); // 'late' (told late in v1) and 'unsent-in-v1'
  });

  it('carries a first notice of v1 sent after v2 was planned to the v2 row', async () => {
    expect((await row('unsent-in-v1@2')).told_at).toBeNull();
    await send('unsent-in-v1@1');
    await send('fresh@1');
    expect((await row('unsent-in-v1@2')).told_at).toEqual((await row('unsent-in-v1@1')).first_sent_at);
    expect((await row('fresh@2')).told_at).toEqual((await row('fresh@1')).first_sent_at);
    expect(await late(2)).toEqual({ late: 2, told_late: 2 });
    expect(await late(1)).toEqual({ late: 3, told_late: 2 });
  });

  it('leaves withdrawn tenants out, sent or not', async () => {
    await fanout.insertWithdrawn(db.manager, [[incidentId, 2, tenants.withdrawn, 'withdrawn', {}, randomUUID()]]);
    [{ id: affected['withdrawn@2'] }] = await fanout.affectedIds(db.manager, incidentId, 2, [tenants.withdrawn]);
    expect(await late(2)).toEqual({ late: 2, told_late: 2 });
    await send('withdrawn@2');
    expect(await late(2)).toEqual({ late: 2, told_late: 2 });
    expect(await late(1)).toEqual({ late: 3, told_late: 2 }); // still not told in v1, where it was affected
  });

  it('never misses a first notice recorded while a later version is being planned', async () => {
    const [v1, v2, sender] = [db.createQueryRunner(), db.createQueryRunner(), db.createQueryRunner()];
    await Promise.all([v1.connect(), v2.connect(), sender.connect()]);
    const [[{ pid: v2Pid }], [{ pid: senderPid }]] = await Promise.all([v2, sender].map((r) => r.query('SELECT pg_backend_pid() AS pid')));
    /** Resolves once `work` is done or waits for a lock held by another transaction (whichever comes first). */
    const blockedOrDone = async (pid: number, work: Promise<unknown>) => {
      let done = false;
      work.then(() => (done = true), () => (done = true));
      await waitUntil(async () => done || (await db.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [pid])).length > 0);
    };
    try {
      await openVersion(3);
      // v1's row of 'raced' is written and not committed yet when v3's insert of the tenant starts ...
      await v1.startTransaction();
      await plan(1, PAST, ['raced'], v1.manager);
      await v2.startTransaction();
      const planned = plan(3, PAST, ['raced'], v2.manager);
      await blockedOrDone(v2Pid, planned);
      await v1.commitTransaction();
      await planned;
      // ... and v1's first notice is recorded while v3's insert has not committed yet.
      const recorded = send('raced@1', new DeliveryRepository({ query: (sql: string, params: unknown[]) => sender.query(sql, params) } as unknown as DataSource));
      await blockedOrDone(senderPid, recorded);
      await v2.commitTransaction();
      await recorded;
    } finally {
      for (const runner of [v1, v2]) if (runner.isTransactionActive) await runner.rollbackTransaction();
      await Promise.all([v1.release(), v2.release(), sender.release()]);
    }
    const first = (await row('raced@1')).first_sent_at;
    expect(first).not.toBeNull();
    expect((await row('raced@3')).told_at).toEqual(first);
    expect(await late(3)).toEqual({ late: 1, told_late: 1 });
  });
});
