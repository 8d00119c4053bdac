import { Harness } from './support/harness';
import { sampleIncident } from './support/notice-fixtures';

/**
 * A vendor cannot become aware of a breach in the future: `awareAt` more than a few minutes ahead of
 * the server's clock (skew between machines is allowed) is a 400 naming `awareAt`, on create and on
 * update, and nothing is written. The tenant's deadlines all count from it.
 */
const MINUTE = 60_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe('awareAt is not in the future', () => {
  let h: Harness;
  let dispatchedId: string;
  const count = async (sql: string, params: unknown[] = []) => Number((await h.db.query(sql, params))[0].n);

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    dispatchedId = await h.fileAndDispatch(sampleIncident({ reference: 'INC-AWARE-BASE' }));
  });

  afterAll(() => h?.close());

  it.each([
    ['an hour ahead', at(60 * MINUTE)],
    ['a year ahead', at(365 * 24 * 60 * MINUTE)],
    ['ten minutes ahead, written in another zone', new Date(Date.now() + 10 * MINUTE + 2 * 60 * MINUTE).toISOString().replace('Z', '+02:00')],
  ])('refuses an incident whose vendor became aware %s, naming awareAt, and writes nothing', async (_name, awareAt) => {
    const res = await h.admin.post('/v1/incidents', sampleIncident({ reference: 'INC-AWARE-FUTURE', awareAt })).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toContain('awareAt');
    expect(res.body.errors).toEqual([{ field: 'awareAt', message: expect.stringMatching(/future/) }]);
    expect(await count(`SELECT count(*) AS n FROM incident WHERE reference = 'INC-AWARE-FUTURE'`)).toBe(0);
  });

  it('accepts now, the past, and a clock a couple of minutes ahead of ours', async () => {
    for (const [i, awareAt] of [at(0), at(-48 * 60 * MINUTE), at(2 * MINUTE), '2023-04-19T14:00:00Z'].entries()) {
      await h.admin.post('/v1/incidents', sampleIncident({ reference: `INC-AWARE-OK-${i}`, awareAt })).expect(201);
    }
  });

  it('refuses an update that moves awareAt into the future, and files no version', async () => {
    const res = await h.admin.post(`/v1/incidents/${dispatchedId}/updates`, { changeSummary: 'We learnt of it later', awareAt: at(30 * MINUTE) }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'awareAt', message: expect.stringMatching(/future/) }]);
    expect(await count('SELECT count(*) AS n FROM incident_version WHERE incident_id = $1', [dispatchedId])).toBe(1);
    const ok = await h.admin.post(`/v1/incidents/${dispatchedId}/updates`, { changeSummary: 'Earlier than we said', awareAt: '2023-04-19T10:00:00Z' }).expect(201);
    expect(ok.body).toMatchObject({ version: 2, awareAt: '2023-04-19T10:00:00Z' });
  });
});
