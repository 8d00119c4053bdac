import { incident, tenant } from './support/delivery-fixtures';
import { ACCEPT_LANGUAGE_GAPS, Harness } from './support/harness';

/**
 * Requests that race on one incident (several API processes, a double click, a retrying client) are
 * serialized by the database: one wins, the others get 409 (never 500, never a second version n+1),
 * and the audit holds exactly one entry for what happened. Dispatching again stays 202 and sends nothing new.
 */
describe('concurrent changes to one incident', () => {
  const RACERS = 10;
  let h: Harness;
  let incidentId: string;

  const statuses = (responses: { status: number }[]) => responses.map((r) => r.status).sort();
  const bodies = (responses: { status: number; body: any }[], status: number) => responses.filter((r) => r.status === status).map((r) => r.body);
  const audited = async (action: string, id: string) =>
    (await h.admin.get(`/v1/audit?action=${action}&subject=incident:${id}&limit=100`).expect(200)).body.items as any[];
  const race = <T>(request: () => PromiseLike<T>) => Promise.all(Array.from({ length: RACERS }, () => request()));

  beforeAll(async () => {
    h = await Harness.start();
    await h.admin.post('/v1/tenants/import', { tenants: [tenant('race-a', [{ email: 'dpo@race-a.example' }]), tenant('race-b', [{ email: 'dpo@race-b.example' }])] }).expect(200);
    incidentId = (await h.admin.post('/v1/incidents', incident('INC-RACE-1', { channels: ['email'] })).expect(201)).body.id;
  });

  afterAll(() => h?.close());

  it('approves once: one 200, the others 409, one audit entry', async () => {
    const answers = await race(() => h.approver.post(`/v1/incidents/${incidentId}/approve`, ACCEPT_LANGUAGE_GAPS));
    expect(statuses(answers)).toEqual([200, ...Array(RACERS - 1).fill(409)]);
    for (const body of bodies(answers, 409)) expect(body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(await audited('incident.approved', incidentId)).toHaveLength(1);
  });

  it('dispatches once: every call 202, one audit entry, one notice per contact', async () => {
    const answers = await race(() => h.admin.post(`/v1/incidents/${incidentId}/dispatch`));
    expect(statuses(answers)).toEqual(Array(RACERS).fill(202));
    await h.waitForCompletion(incidentId);
    expect(await audited('incident.dispatched', incidentId)).toHaveLength(1);
    expect((await h.notices(incidentId)).map((n) => n.to).sort()).toEqual(['dpo@race-a.example', 'dpo@race-b.example']);
  });

  it('files one update on a version: one 201 with version 2, the others 409, one audit entry', async () => {
    const answers = await race(() => h.admin.post(`/v1/incidents/${incidentId}/updates`, { changeSummary: 'The number of affected records is now known.', description: 'Logs of one day were readable.' }));
    expect(statuses(answers)).toEqual([201, ...Array(RACERS - 1).fill(409)]);
    expect(bodies(answers, 201)[0]).toMatchObject({ version: 2, status: 'draft' });
    for (const body of bodies(answers, 409)) expect(body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    const now = (await h.admin.get(`/v1/incidents/${incidentId}`).expect(200)).body;
    expect(now.versions.map((v: any) => v.version)).toEqual([1, 2]);
    const entries = await audited('incident.updated', incidentId);
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toMatchObject({ version: 2 });
  });

  it('closes once: one 200, the others 409, one audit entry', async () => {
    const answers = await race(() => h.admin.post(`/v1/incidents/${incidentId}/close`));
    expect(statuses(answers)).toEqual([200, ...Array(RACERS - 1).fill(409)]);
    expect(bodies(answers, 200)[0]).toMatchObject({ status: 'closed' });
    expect(await audited('incident.closed', incidentId)).toHaveLength(1);
    await h.admin.post(`/v1/incidents/${incidentId}/close`).expect(409);
  });

  it('lets an update and a close racing on one incident each happen at most once', async () => {
    const id = await h.fileAndDispatch(incident('INC-RACE-2', { channels: ['email'] }));
    await h.waitForCompletion(id);
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        i % 2 === 0 ? h.admin.post(`/v1/incidents/${id}/updates`, { changeSummary: 'More is known.', description: 'Two days of logs.' }) : h.admin.post(`/v1/incidents/${id}/close`),
      ),
    );
    for (const answer of answers) expect([200, 201, 409]).toContain(answer.status);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const updated = answers.filter((a) => a.status === 201).length;
    expect(updated).toBeLessThanOrEqual(1);
    expect(await audited('incident.closed', id)).toHaveLength(1);
    expect(await audited('incident.updated', id)).toHaveLength(updated);
    const now = (await h.admin.get(`/v1/incidents/${id}`).expect(200)).body;
    expect(now.versions).toHaveLength(1 + updated);
    expect((await h.admin.get('/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true, firstBadSeq: null });
  });
});
