import request from 'supertest';
import { waitUntil } from '@app/testing';
import { Harness, scenario } from './support/harness';

const REAL_ACK_LINK = /\/ack\/[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/;

/**
 * Before sending, an admin sends the rendered notice of any tenant, in any language, on any channel, to
 * an address it types, through the real SMTP and Twilio transports. The message says it is a test, its
 * acknowledgement link works for nobody, the audit records it, and it counts nowhere: no notice, no
 * progress, no export, no send metric. The whole list of affected tenants comes as CSV.
 */
describe('test send and the full affected-tenant list', () => {
  const sms = scenario('sms-gateway-archive');
  let h: Harness;
  let id: string;

  const testSends = async () =>
    (await h.db.query(`SELECT actor, subject, details FROM audit_entry WHERE action = 'notice.test_sent' ORDER BY seq`)) as { actor: string; subject: string; details: Record<string, any> }[];

  beforeAll(async () => {
    h = await Harness.start();
    await h.admin.post('/v1/tenants/import', { tenants: sms.tenants }).expect(200);
    id = (await h.admin.post('/v1/incidents', sms.incident).expect(201)).body.id;
  });

  afterAll(() => h?.close());

  it('sends the email of an affected tenant to the typed address, marked as a test, with a link that works for nobody', async () => {
    const res = await h.admin.post(`/v1/incidents/${id}/test-send`, { tenant: 'city-north', channel: 'email', to: 'ops@vendor.example' }).expect(200);
    expect(res.body).toMatchObject({ test: true, incidentId: id, version: 1, kind: 'initial', channel: 'email', locale: 'pl', to: 'ops@vendor.example', sandboxed: false });
    expect(res.body.tenant).toEqual({ externalId: 'city-north', name: sms.tenants[0].name, affected: true });
    const [mail] = await h.smtp.waitFor((m) => m.envelope.to.includes('ops@vendor.example'));
    expect(mail.subject).toMatch(/^TEST: .*INC-2023-0419/);
    expect(mail.headers.get('x-breachcast-test')).toBe('true');
    expect(mail.text).toMatch(/^TEST SEND: /);
    expect(mail.html).toContain('data-test-send="true"');
    expect(mail.text).toContain('/ack/(redacted-tenant-link)');
    expect(`${mail.text}${mail.html}`).not.toMatch(REAL_ACK_LINK);
    // Nobody else got anything: the tenant's own contacts are told only at dispatch.
    expect(h.smtp.messages.filter((m) => !m.envelope.to.includes('ops@vendor.example'))).toEqual([]);
  });

  it('sends an SMS in the language asked for, and a notice for a registered tenant the scope does not reach', async () => {
    const res = await h.admin.post(`/v1/incidents/${id}/test-send`, { tenant: 'city-north', channel: 'sms', locale: 'en', to: '+48600100200' }).expect(200);
    expect(res.body).toMatchObject({ test: true, channel: 'sms', locale: 'en', subject: null });
    const [message] = await h.twilio.waitFor({ count: 1, where: (m) => m.to === '+48600100200' });
    expect(message.body).toMatch(/^TEST: .*INC-2023-0419/);
    expect(message.body).not.toMatch(REAL_ACK_LINK);
    expect(res.body.providerMessageId).toBe(message.sid);

    const outside = sms.tenants.find((t) => !sms.expected.affected.includes(t.externalId))!;
    const other = await h.admin.post(`/v1/incidents/${id}/test-send`, { tenant: outside.externalId, channel: 'email', locale: 'de', to: 'ops2@vendor.example' }).expect(200);
    expect(other.body).toMatchObject({ locale: 'de', tenant: { externalId: outside.externalId, affected: false } });
    await h.smtp.waitFor((m) => m.envelope.to.includes('ops2@vendor.example'));
  });

  it('records each test send in the audit trail with the address masked', async () => {
    const entries = await testSends();
    expect(entries).toHaveLength(3);
    const adminId = (await h.db.query(`SELECT id FROM api_key WHERE owner = 'bootstrap'`))[0].id;
    expect(entries.every((e) => e.actor === adminId && e.subject === `incident:${id}`)).toBe(true);
    expect(entries.map((e) => [e.details.tenant, e.details.channel, e.details.locale])).toEqual([
      ['city-north', 'email', 'pl'],
      ['city-north', 'sms', 'en'],
      [sms.tenants.find((t) => !sms.expected.affected.includes(t.externalId))!.externalId, 'email', 'de'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('+48600100200');
    expect(JSON.stringify(entries)).not.toContain('ops@vendor.example');
  });

  it('refuses a bad address for the channel, an unknown tenant, channel or locale with 400 naming the field, and sends nothing', async () => {
    const mails = h.smtp.messages.length;
    const texts = h.twilio.messages.length;
    const fields = async (body: Record<string, unknown>) => {
      const res = await h.admin.post(`/v1/incidents/${id}/test-send`, body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      return res.body.errors.map((e: { field: string }) => e.field).sort();
    };
    expect(await fields({ tenant: 'city-north', channel: 'email', to: '+48600100200' })).toEqual(['to']);
    expect(await fields({ tenant: 'city-north', channel: 'sms', to: 'ops@vendor.example' })).toEqual(['to']);
    expect(await fields({ tenant: 'city-north', channel: 'sms', to: '0600100200' })).toEqual(['to']);
    expect(await fields({ tenant: 'city-north', channel: 'email' })).toEqual(['to']);
    expect(await fields({ tenant: 'no-such-tenant', channel: 'email', to: 'ops@vendor.example' })).toEqual(['tenant']);
    expect(await fields({ tenant: 'city-north', channel: 'fax', locale: 'xx', to: 'ops@vendor.example' })).toEqual(['channel', 'locale']);
    expect(await fields({ channel: 'email', to: 'ops@vendor.example', extra: 1 })).toEqual(['extra', 'tenant']);
    await h.admin.post(`/v1/incidents/00000000-0000-4000-8000-000000000000/test-send`, { tenant: 'city-north', channel: 'email', to: 'ops@vendor.example' }).expect(404);
    await h.approver.post(`/v1/incidents/${id}/test-send`, { tenant: 'city-north', channel: 'email', to: 'ops@vendor.example' }).expect(403);
    await request(h.baseUrl).post(`/v1/incidents/${id}/test-send`).send({ tenant: 'city-north', channel: 'email', to: 'ops@vendor.example' }).expect(401);
    expect(h.smtp.messages).toHaveLength(mails);
    expect(h.twilio.messages).toHaveLength(texts);
    expect(await testSends()).toHaveLength(3);
  });

  it('answers 422 when the provider refuses the number for good', async () => {
    const res = await h.admin.post(`/v1/incidents/${id}/test-send`, { tenant: 'city-north', channel: 'sms', to: '+15005550001' }).expect(422);
    expect(res.body.message).toContain('not a valid phone number');
    expect(await testSends()).toHaveLength(3);
  });

  it('lists every affected tenant as CSV, with what each is told', async () => {
    const res = await h.auditor.get(`/v1/incidents/${id}/affected-tenants.csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="affected-tenants-${id}-v1.csv"`);
    const [header, ...rows] = res.text.trim().split('\r\n');
    expect(header).toBe('tenant,name,locale,country,timezone,systems,subProcessors,dataCategories,subjectCategories,dataSubjects,records,periodFrom,periodTo,matchedBy,contacts');
    expect(rows.map((r) => r.split(',')[0])).toEqual([...sms.expected.affected].sort());
    const preview = (await h.admin.get(`/v1/incidents/${id}/preview?limit=50`).expect(200)).body;
    const first = preview.samples[0];
    expect(rows[0]).toContain(`${first.facts.dataSubjects},${first.facts.records}`);
    await h.admin.get('/v1/incidents/00000000-0000-4000-8000-000000000000/affected-tenants.csv').expect(404);
  });

  it('counts the test sends nowhere: after dispatch only the real notices exist, in progress, the log, the export and the metrics', async () => {
    await h.approver.post(`/v1/incidents/${id}/approve`, { acceptLanguageGaps: true }).expect(200);
    await h.admin.post(`/v1/incidents/${id}/dispatch`).expect(202);
    const progress = await h.waitForCompletion(id);
    const notices = await h.notices(id);
    const preview = (await h.admin.get(`/v1/incidents/${id}/preview`).expect(200)).body;
    expect(progress.notices.total).toBe(notices.length);
    expect(notices.length).toBe(preview.plannedNotices.email + preview.plannedNotices.sms);
    const typed = ['ops@vendor.example', 'ops2@vendor.example', '+48600100200'];
    expect(notices.filter((n) => typed.includes(n.to))).toEqual([]);
    const csv = (await h.admin.get(`/v1/notices/export?incidentId=${id}`).expect(200)).text;
    for (const to of typed) expect(csv).not.toContain(to);
    await waitUntil(async () => {
      const metrics = (await request(h.baseUrl).get('/metrics').expect(200)).text;
      const sent = [...metrics.matchAll(/^breachcast_notice_send_seconds_count\{[^}]*outcome="sent"[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      return sent === notices.length;
    }, { message: 'the send metric to count the real notices only' });
  });
});
