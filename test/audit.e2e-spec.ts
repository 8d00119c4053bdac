import { waitUntil } from '@app/testing';
import request from 'supertest';
import { ConsoleClient } from './support/console-client';
import { Harness, scenario } from './support/harness';

interface Entry {
  seq: number;
  at: string;
  actor: string;
  actorName: string | null;
  actorOwner: string | null;
  actorRole: string | null;
  action: string;
  subject: string;
  details: Record<string, any>;
  hash: string;
  prevHash: string;
}

/**
 * Every action by a key and every dispatch milestone lands in the audit trail, in order, with
 * the key that did it; `GET /v1/audit` finds them by action, actor, subject and time, page by page.
 */
describe('audit trail', () => {
  const sms = scenario('sms-gateway-archive');
  let h: Harness;
  let incidentId: string;
  let startedAt: string;
  let entries: Entry[];
  const keyIds: Record<string, string> = {};

  const all = async (query = ''): Promise<Entry[]> => {
    const out: Entry[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Entry[]; nextCursor: string | null } } = await h.auditor
        .get(`/v1/audit?limit=7${query}${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    h = await Harness.start({ env: { ESCALATE_AFTER: '1h' } });
    startedAt = new Date().toISOString();
    keyIds.operator = (await h.admin.post('/v1/api-keys', { name: 'operator', role: 'admin', owner: 'operator@vendor.example' }).expect(201)).body.id;
    await h.admin.post('/v1/tenants/import', { tenants: sms.tenants.slice(1) }).expect(200);
    await h.admin.put(`/v1/tenants/${sms.tenants[0].externalId}`, sms.tenants[0]).expect(201);
    incidentId = await h.fileAndDispatch(sms.incident);
    await h.waitForCompletion(incidentId);
    // One tenant acknowledges; the others stay silent and are escalated to their next contacts.
    const mail = h.smtp.messages.find((m) => m.envelope.to.includes(sms.tenants[0].contacts[0].email))!;
    const token = /\/ack\/([A-Za-z0-9_-]{16,})/.exec(mail.text ?? '')![1];
    await request(h.baseUrl).post(`/ack/${token}`).set('Accept', 'application/json').expect(200);
    // ESCALATE_AFTER passes only once the acknowledgement is in, however slow the machine.
    await h.db.query(`UPDATE affected_tenant SET first_sent_at = first_sent_at - interval '1 hour' WHERE incident_id = $1`, [incidentId]);
    await waitUntil(async () => (await all('&action=tenant.escalated')).length > 0);
    await h.admin.post(`/v1/incidents/${incidentId}/updates`, { changeSummary: 'Figures confirmed.', measuresTaken: 'Archive export disabled.' }).expect(201);
    await h.admin.post(`/v1/incidents/${incidentId}/close`).expect(200);
    entries = await all();
    for (const e of entries.filter((x) => x.action === 'api_key.created')) keyIds[e.details.name] = e.subject.replace('api_key:', '');
  });

  afterAll(() => h?.close());

  it('records every action by a key, with the key as actor', () => {
    const by = (action: string) => entries.filter((e) => e.action === action);
    const adminId = keyIds['bootstrap admin (ADMIN_API_KEY)'];
    expect(by('api_key.created').map((e) => e.details.name)).toEqual(['bootstrap admin (ADMIN_API_KEY)', 'approver', 'auditor', 'operator']);
    expect(by('api_key.created').slice(1).every((e) => e.actor === adminId)).toBe(true);
    expect(by('tenants.imported')).toEqual([expect.objectContaining({ actor: adminId, details: expect.objectContaining({ imported: sms.tenants.length - 1 }) })]);
    expect(by('tenant.upserted')).toEqual([expect.objectContaining({ actor: adminId, subject: `tenant:${sms.tenants[0].externalId}`, details: expect.objectContaining({ created: true }) })]);
    const subject = `incident:${incidentId}`;
    expect(by('incident.created')).toEqual([expect.objectContaining({ actor: adminId, subject, details: { reference: sms.incident.reference, version: 1 } })]);
    // The demo incident is in English apart from its title and description: its Polish and German readers' gaps were accepted.
    const acceptedLanguageGaps = [expect.objectContaining({ locale: 'pl', tenants: 3 }), expect.objectContaining({ locale: 'de', tenants: 1 })];
    expect(by('incident.approved')).toEqual([
      expect.objectContaining({ actor: keyIds.approver, subject, details: { version: 1, creatorOwner: 'bootstrap', approverOwner: 'approver@vendor.example', acceptedLanguageGaps } }),
    ]);
    expect(by('incident.dispatched')).toEqual([expect.objectContaining({ actor: adminId, subject, details: { version: 1 } })]);
    expect(by('incident.updated')).toEqual([expect.objectContaining({ actor: adminId, subject, details: { version: 2, changed: ['measuresTaken'] } })]);
    expect(by('incident.closed')).toEqual([expect.objectContaining({ actor: adminId, subject })]);
  });

  it('records the dispatch milestones, the acknowledgement and the escalations', () => {
    const milestones = entries.filter((e) => e.subject === `incident:${incidentId}` && e.actor !== keyIds['bootstrap admin (ADMIN_API_KEY)'] && e.actor !== keyIds.approver);
    const planned = milestones.find((e) => e.action === 'dispatch.planned')!;
    expect(planned.details).toEqual(expect.objectContaining({ version: 1, affectedTenants: sms.expected.affected.length }));
    expect(milestones.find((e) => e.action === 'dispatch.completed')!.details).toEqual(expect.objectContaining({ version: 1, failed: 0 }));
    expect(milestones.filter((e) => e.action === 'notice.acknowledged')).toEqual([
      expect.objectContaining({ actor: `tenant:${sms.tenants[0].externalId}`, details: { version: 1, tenant: sms.tenants[0].externalId } }),
    ]);
    const escalated = milestones.filter((e) => e.action === 'tenant.escalated');
    expect(escalated.length).toBeGreaterThan(0);
    expect(escalated.every((e) => e.actor === 'system' && e.details.tenant !== sms.tenants[0].externalId)).toBe(true);
    const order = ['incident.created', 'incident.approved', 'incident.dispatched', 'dispatch.planned', 'dispatch.completed', 'incident.updated', 'incident.closed'];
    const seqOf = (action: string) => entries.find((e) => e.action === action)!.seq;
    expect(order.map(seqOf)).toEqual(order.map(seqOf).sort((a, b) => a - b));
  });

  it('pages through every entry in seq order, each linked to the one before', () => {
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
    expect(JSON.stringify(entries)).not.toMatch(/\+\d{9,}|bc_[A-Za-z0-9_-]{20,}/);
  });

  it('filters by action, actor and subject', async () => {
    expect((await all('&action=incident.approved')).map((e) => e.actor)).toEqual([keyIds.approver]);
    expect((await all(`&actor=${keyIds.approver}`)).map((e) => e.action)).toEqual(['incident.approved']);
    const about = await all(`&subject=incident:${incidentId}`);
    expect(about.length).toBeGreaterThan(7);
    expect(about.every((e) => e.subject === `incident:${incidentId}`)).toBe(true);
    expect(await all('&action=no.such.action')).toEqual([]);
  });

  it('names the key that acted by its name, owner and role; the service and tenants have none', () => {
    const approved = entries.find((e) => e.action === 'incident.approved')!;
    expect(approved).toMatchObject({ actorName: 'approver', actorOwner: 'approver@vendor.example', actorRole: 'approver' });
    expect(entries.find((e) => e.action === 'incident.created')).toMatchObject({ actorName: 'bootstrap admin (ADMIN_API_KEY)', actorOwner: 'bootstrap', actorRole: 'admin' });
    expect(entries.filter((e) => e.actor === 'system' || e.actor.startsWith('tenant:')).every((e) => e.actorName === null && e.actorOwner === null)).toBe(true);
  });

  it('filters by incident, and by action, actor and time together', async () => {
    const about = await all(`&incident=${incidentId}`);
    expect(about).toEqual(await all(`&subject=incident:${incidentId}`));
    expect(about.map((e) => e.action)).toEqual(expect.arrayContaining(['incident.created', 'dispatch.completed', 'notice.acknowledged', 'incident.closed']));
    expect(await all('&incident=00000000-0000-4000-8000-000000000000')).toEqual([]);
    const approved = entries.find((e) => e.action === 'incident.approved')!;
    const adminId = keyIds['bootstrap admin (ADMIN_API_KEY)'];
    const byAdminAfter = await all(`&incident=${incidentId}&actor=${adminId}&from=${encodeURIComponent(approved.at)}`);
    expect(byAdminAfter.map((e) => e.action)).toEqual(['incident.dispatched', 'incident.updated', 'incident.closed']);
    expect(await all(`&incident=${incidentId}&action=incident.dispatched&actor=${keyIds.approver}`)).toEqual([]);
    expect((await all(`&actor=tenant:${sms.tenants[0].externalId}`)).map((e) => e.action)).toEqual(['notice.acknowledged']);
  });

  it('refuses bad filters with 400 naming each field', async () => {
    const fields = async (query: string) => (await h.auditor.get(`/v1/audit?${query}`).expect(400)).body.errors.map((e: { field: string }) => e.field).sort();
    expect(await fields('incident=INC-2023-0419&actor=somebody&action=DROP%20TABLE')).toEqual(['action', 'actor', 'incident']);
    expect(await fields('from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).toEqual(['to']);
    expect(await fields(`incident=${incidentId}&subject=tenants`)).toEqual(['incident']);
    expect(await fields('to=tomorrow')).toEqual(['to']);
  });

  it('shows the filtered trail in the console with names and owners, and a bad filter as a 400 naming it', async () => {
    const user = await ConsoleClient.signIn(h.baseUrl, h.auditor.key!);
    const page = (await user.page(`/console/audit?incident=${incidentId}&actor=${keyIds.approver}`)).text;
    const rows = page.match(/<tr[ >][\s\S]*?<\/tr>/g)!.slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('incident.approved');
    expect(rows[0]).toMatch(/>approver<br><span class="muted">approver@vendor\.example<\/span>/);
    expect(rows[0]).toContain(`>incident ${sms.incident.reference}</a>`);
    expect(page).toMatch(new RegExp(`<option value="${keyIds.approver}" selected>approver — approver@vendor\\.example \\(approver\\)</option>`));
    const bad = await user.agent.get('/console/audit?from=2026-01-02T00:00&to=2026-01-01T00:00').expect(400);
    expect(bad.text).toContain('to must not be before from');
    const quiet = (await user.page('/console/audit?action=no.such.action')).text;
    expect(quiet).toContain('No entry matches these filters.');
  });

  it('filters by time, both ends included', async () => {
    const approved = entries.find((e) => e.action === 'incident.approved')!;
    const closed = entries.find((e) => e.action === 'incident.closed')!;
    const window = await all(`&from=${encodeURIComponent(approved.at)}&to=${encodeURIComponent(closed.at)}`);
    expect(window[0].seq).toBeLessThanOrEqual(approved.seq);
    expect(window.map((e) => e.seq)).toContain(closed.seq);
    expect(window.every((e) => e.at >= approved.at && e.at <= closed.at)).toBe(true);
    expect((await all(`&to=${encodeURIComponent(startedAt)}`)).every((e) => e.action === 'api_key.created')).toBe(true);
  });

  it('refuses a bad query with 400 naming the field, and an unauthenticated one with 401', async () => {
    const bad = await h.auditor.get('/v1/audit?cursor=abc&from=yesterday').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cursor', 'from']);
    await h.auditor.get('/v1/audit?limit=0').expect(400);
    await request(h.baseUrl).get('/v1/audit').expect(401);
    await request(h.baseUrl).get('/v1/audit/verify').expect(401);
  });

  it('verifies the whole trail for an auditor', async () => {
    const result = (await h.auditor.get('/v1/audit/verify').expect(200)).body;
    expect(result).toEqual({ ok: true, entries: expect.any(Number), firstBadSeq: null, head: { seq: result.entries, hash: expect.any(String) } });
    expect(result.entries).toBeGreaterThanOrEqual(entries.length);
  });
});
