import { InvalidInputError } from '@app/kernel';
import type { IncidentsService } from '@app/incidents';
import type { BoardQuery, BoardRepository, BoardRow } from './board.repository';
import { BoardService, encodeBoardCursor } from './board.service';

const ID = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

function row(n: number, patch: Partial<BoardRow> = {}): BoardRow {
  const due = new Date(Date.UTC(2023, 3, 19, 14) + n * 3600_000);
  return {
    id: ID(n),
    external_id: `t-${n}`,
    name: `Tenant ${n}`,
    regimes: null,
    country: 'PL',
    due_at: due,
    due_us: String(due.getTime() * 1000),
    first_sent_at: null,
    late: false,
    acknowledged_at: null,
    escalated: false,
    total: 2,
    sent: 2,
    delivered: 0,
    failed: 0,
    bounced: 0,
    undelivered: 0,
    ...patch,
  };
}

/** A fake of the repository over rows in (due, id) order, split into the problem segment by `problem`. */
function fakeRepository(rows: BoardRow[], problem: (r: BoardRow) => boolean) {
  const queries: BoardQuery[] = [];
  const repository: Pick<BoardRepository, 'page'> = {
    page: jest.fn(async (q: BoardQuery) => {
      queries.push(q);
      const inSegment = rows.filter((r) => (q.segment === 'all' ? true : q.segment === 'problems' ? problem(r) : !problem(r)));
      const after = q.after;
      const rest = after ? inSegment.filter((r) => BigInt(r.due_us) > BigInt(after.dueUs) || (r.due_us === after.dueUs && r.id > after.id)) : inSegment;
      return rest.slice(0, q.limit);
    }),
  };
  return { repository, queries };
}

describe(BoardService.name, () => {
  const incidents: Pick<IncidentsService, 'currentVersion'> = {
    currentVersion: jest.fn(async () => ({ version: { version: 2 }, closedAt: null }) as unknown as Awaited<ReturnType<IncidentsService['currentVersion']>>),
  };
  const make = (rows: BoardRow[], problem: (r: BoardRow) => boolean = () => false) => {
    const fake = fakeRepository(rows, problem);
    return { sut: new BoardService(fake.repository as BoardRepository, incidents as IncidentsService), queries: fake.queries };
  };

  it('maps a row: regimes in effect, times in ISO 8601, notice counts', async () => {
    const { sut } = make([row(1, { regimes: ['dora'], first_sent_at: new Date('2023-04-19T15:30:00Z'), late: true, escalated: true, failed: 1, sent: 1 }), row(2, { country: 'US' })]);
    const page = await sut.page('incident', {});
    expect(page.version).toBe(2);
    expect(page.items).toEqual([
      {
        tenant: 't-1',
        name: 'Tenant 1',
        regimes: ['dora'],
        dueAt: '2023-04-19T15:00:00.000Z',
        firstSentAt: '2023-04-19T15:30:00.000Z',
        late: true,
        acknowledgedAt: null,
        escalated: true,
        notices: { total: 2, sent: 1, delivered: 0, failed: 1, bounced: 0, undelivered: 0 },
      },
      expect.objectContaining({ tenant: 't-2', regimes: ['us_state'], late: false }),
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it('pages through every row once, in order, with an opaque cursor', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(i));
    const { sut } = make(rows);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await sut.page('incident', { limit: '3', cursor });
      seen.push(...page.items.map((i) => i.tenant));
      cursor = page.nextCursor ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor);
    expect(seen).toEqual(rows.map((r) => r.external_id));
  });

  it('order=problems: tenants with a failed, bounced or undelivered notice first, then the others, each by due time, across pages', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => row(i));
    const problem = (r: BoardRow) => r.external_id === 't-2' || r.external_id === 't-5';
    const { sut, queries } = make(rows, problem);
    const first = await sut.page('incident', { order: 'problems', limit: 3 });
    expect(first.items.map((i) => i.tenant)).toEqual(['t-2', 't-5', 't-0']);
    const second = await sut.page('incident', { order: 'problems', limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.tenant)).toEqual(['t-1', 't-3', 't-4']);
    expect(second.nextCursor).toBeNull();
    expect(queries.map((q) => q.segment)).toEqual(['problems', 'others', 'others']);
  });

  it('state=failed with order=problems reads the problem segment only', async () => {
    const { sut, queries } = make([row(1)], () => true);
    await sut.page('incident', { order: 'problems', state: 'failed' });
    expect(queries.map((q) => [q.segment, q.state])).toEqual([['problems', 'failed']]);
  });

  it('exports every row with the same filter, a page at a time, after checking the query', async () => {
    await expect(make([]).sut.export('incident', { state: 'lost' })).rejects.toBeInstanceOf(InvalidInputError);
    const rows = Array.from({ length: 2500 }, (_, i) => row(i));
    const { sut, queries } = make(rows);
    const all: string[] = [];
    const { items } = await sut.export('incident', { state: 'unacknowledged' });
    for await (const item of items) all.push(item.tenant);
    expect(all).toHaveLength(2500);
    expect(new Set(all).size).toBe(2500);
    expect(queries.every((q) => q.state === 'unacknowledged' && q.limit === 1001)).toBe(true);
  });

  it.each([
    [{ state: 'lost' }, 'state'],
    [{ order: 'name' }, 'order'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ cursor: 'AAAA' }, 'cursor'],
    [{ cursor: Buffer.from('b1.due.all.12.not-a-uuid-not-a-uuid-not-a-uuid-xxxx').toString('base64url') }, 'cursor'],
    [{ order: 'due', cursor: encodeBoardCursor('problems', 'others', { dueUs: '1', id: ID(1) }) }, 'cursor'],
    [{ order: 'problems', state: 'failed', cursor: encodeBoardCursor('problems', 'others', { dueUs: '1', id: ID(1) }) }, 'cursor'],
  ])('refuses %j, naming %s', async (request, field) => {
    const { sut } = make([]);
    const error = await sut.page('incident', request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((p) => p.field)).toEqual([field]);
  });
});
