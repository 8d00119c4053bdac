import { waitUntil } from '@app/testing';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { Harness, scenario } from './support/harness';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * One tenant's evidence pack: what it was told (the hash matches what the SMTP server and
 * Twilio received), when, every delivery event, its acknowledgement and the related audit
 * entries — and nothing about any other tenant.
 */
describe('evidence pack', () => {
  const sms = scenario('sms-gateway-archive');
  const tenant = sms.tenants.find((t) => t.externalId === 'city-north');
  const other = sms.tenants.find((t) => t.externalId === 'clinic-west');
  let h: Harness;
  let incidentId: string;
  let pack: Record<string, any>;

  const ack = async (externalId: string, userAgent: string) => {
    const email = sms.tenants.find((t) => t.externalId === externalId).contacts[0].email;
    const mail = h.smtp.messages.find((m) => m.envelope.to.includes(email))!;
    const token = /\/ack\/([A-Za-z0-9_-]{16,})/.exec(mail.text ?? '')![1];
    await request(h.baseUrl).post(`/ack/${token}`).set('Accept', 'application/json').set('User-Agent', userAgent).expect(200);
  };

  beforeAll(async () => {
    h = await Harness.start({ twilio: { autoCallbacks: { statuses: ['sent', 'delivered'], delayMs: 20 } } });
    await h.admin.post('/v1/tenants/import', { tenants: sms.tenants }).expect(200);
    await h.admin.put('/v1/tenants/city-north', tenant).expect(200);
    incidentId = await h.fileAndDispatch(sms.incident);
    await h.waitForCompletion(incidentId);
    await waitUntil(async () => (await h.notices(incidentId)).filter((n) => n.channel === 'sms' && n.status === 'delivered').length === 4);
    await ack('city-north', 'evidence-test/1.0 (lawyer)');
    await ack('clinic-west', 'someone-else/2.0');
    // A callback that arrives before the send is committed is looked at again a little later, so
    // Twilio's `sent` may land after its `delivered`: wait for our own send and both callbacks.
    await waitUntil(async () => {
      pack = (await h.auditor.get(`/v1/tenants/city-north/evidence?incidentId=${incidentId}`).expect(200)).body;
      return pack.notices.find((n: any) => n.channel === 'sms')?.events.length >= 3;
    });
  });

  afterAll(() => h?.close());

  it('names the tenant and the incident, with each version and what this tenant was told in it', () => {
    expect(pack.tenant).toEqual({ externalId: 'city-north', name: tenant.name, locale: 'pl', country: 'PL', timezone: 'Europe/Warsaw' });
    expect(pack.incident).toEqual(expect.objectContaining({ id: incidentId, reference: sms.incident.reference, currentVersion: 1, closedAt: null }));
    expect(pack.versions).toHaveLength(1);
    const [v1] = pack.versions;
    expect(v1).toEqual(
      expect.objectContaining({ version: 1, status: 'dispatched', affected: true, kind: 'initial', approvedAt: expect.any(String), completedAt: expect.any(String) }),
    );
    expect(v1.facts).toEqual(expect.objectContaining({ dataSubjects: tenant.exposures[0].dataSubjects, records: tenant.exposures[0].records, systems: ['sms-gateway'] }));
    expect(v1.body.title).toEqual(sms.incident.title);
    expect(v1.body.scope).not.toHaveProperty('includeTenants');
  });

  it('holds each notice with the hash of exactly what the SMTP server and Twilio received', () => {
    const email = pack.notices.find((n: any) => n.channel === 'email');
    const text = pack.notices.find((n: any) => n.channel === 'sms');
    expect(pack.notices).toHaveLength(2);
    const mail = h.smtp.messages.find((m) => m.envelope.to.includes(tenant.contacts[0].email))!;
    expect(email.contentHash).toBe(sha256(JSON.stringify([mail.subject, mail.text, mail.html])));
    const message = h.twilio.messages.find((m) => m.to === tenant.contacts[0].phone)!;
    expect(text.contentHash).toBe(sha256(JSON.stringify([null, message.body, null])));
    expect(pack.contentHash).toEqual(expect.objectContaining({ algorithm: 'SHA-256', encoding: 'hex', input: 'JSON.stringify([subject, text, html]) as UTF-8' }));
  });

  it('holds every delivery event, the send carrying the same hash', () => {
    const text = pack.notices.find((n: any) => n.channel === 'sms');
    // Our own `sent` (with the hash) and Twilio's `sent` and `delivered` callbacks, in whichever order they landed.
    expect(text.events.map((e: any) => e.type).sort()).toEqual(['delivered', 'sent', 'sent']);
    expect(text.events.filter((e: any) => e.detail.contentHash).map((e: any) => e.detail.contentHash)).toEqual([text.contentHash]);
    expect(text.status).toBe('delivered');
    const email = pack.notices.find((n: any) => n.channel === 'email');
    expect(email.events.map((e: any) => e.type)).toEqual(['sent']);
  });

  it("holds the tenant's acknowledgement: when, from which address, with which browser", () => {
    const expected = { at: expect.any(String), ip: expect.stringMatching(/127\.0\.0\.1$/), userAgent: 'evidence-test/1.0 (lawyer)' };
    expect(pack.versions[0].acknowledgement).toEqual(expected);
    expect(pack.acknowledgements).toEqual([{ version: 1, ...expected }]);
  });

  it("holds the incident's audit entries and this tenant's, never another tenant's", () => {
    const actions = pack.audit.map((e: any) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['tenant.upserted', 'incident.created', 'incident.approved', 'incident.dispatched', 'dispatch.planned', 'dispatch.completed', 'notice.acknowledged']),
    );
    expect(pack.audit.filter((e: any) => e.action === 'notice.acknowledged').map((e: any) => e.details.tenant)).toEqual(['city-north']);
    expect(pack.audit.map((e: any) => e.seq)).toEqual([...pack.audit.map((e: any) => e.seq)].sort((a: number, b: number) => a - b));
    const text = JSON.stringify(pack);
    for (const t of sms.tenants.filter((x) => x.externalId !== 'city-north')) expect(text).not.toContain(t.externalId);
    expect(text).not.toContain(other.contacts[0].email);
  });

  it('is 200 with nothing sent for a tenant the incident did not affect', async () => {
    const res = await h.auditor.get(`/v1/tenants/bank-old/evidence?incidentId=${incidentId}`).expect(200);
    expect(res.body.versions).toEqual([expect.objectContaining({ version: 1, affected: false, facts: null, acknowledgement: null })]);
    expect(res.body.notices).toEqual([]);
  });

  it('is 404 for an unknown tenant or incident, 400 without a valid incidentId, 401 without a key', async () => {
    expect((await h.auditor.get(`/v1/tenants/nobody/evidence?incidentId=${incidentId}`).expect(404)).body.message).toContain('nobody');
    await h.auditor.get(`/v1/tenants/city-north/evidence?incidentId=${randomUUID()}`).expect(404);
    const missing = await h.auditor.get('/v1/tenants/city-north/evidence').expect(400);
    expect(missing.body.errors).toEqual([{ field: 'incidentId', message: 'incidentId is required' }]);
    await h.auditor.get('/v1/tenants/city-north/evidence?incidentId=42').expect(400);
    await request(h.baseUrl).get(`/v1/tenants/city-north/evidence?incidentId=${incidentId}`).expect(401);
  });
});
