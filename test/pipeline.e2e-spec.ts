import { QueueProducer } from '@app/queue';
import { twilioSignature, waitUntil } from '@app/testing';
import request from 'supertest';
import { ACCEPT_LANGUAGE_GAPS, Harness, scenario, TWILIO_TOKEN } from './support/harness';

const sms = scenario('sms-gateway-archive');

describe('tracking, idempotent dispatch and access', () => {
  let h: Harness;
  let incidentId: string;

  beforeAll(async () => {
    h = await Harness.start();
    await h.admin.post('/v1/tenants/import', { tenants: sms.tenants }).expect(200);
    incidentId = await h.fileAndDispatch(sms.incident);
    await h.waitForCompletion(incidentId);
  });

  afterAll(() => h?.close());

  const smsNotice = async () => (await h.notices(incidentId)).find((n) => n.channel === 'sms' && n.tenant === 'city-north');
  const callbackUrl = () => `${h.baseUrl}/v1/webhooks/twilio/status`;
  const postCallback = (params: Record<string, string>, signature: string) =>
    request(h.baseUrl).post('/v1/webhooks/twilio/status').type('form').set('X-Twilio-Signature', signature).send(params);

  it('moves an SMS to delivered on a signed status callback', async () => {
    const notice = await smsNotice();
    expect(notice.status).toBe('sent');
    expect(await h.twilio.sendStatusCallback(notice.providerMessageId, 'delivered')).toBe(200);
    const after = (await h.admin.get(`/v1/notices/${notice.id}`).expect(200)).body;
    expect(after.status).toBe('delivered');
    expect(after.deliveredAt).not.toBeNull();
    expect(after.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['sent', 'delivered']));
  });

  it('keeps delivered when a late sent callback arrives', async () => {
    const notice = await smsNotice();
    expect(await h.twilio.sendStatusCallback(notice.providerMessageId, 'sent')).toBe(200);
    const after = (await h.admin.get(`/v1/notices/${notice.id}`).expect(200)).body;
    expect(after.status).toBe('delivered');
    expect(after.events.at(-1)).toMatchObject({ type: 'sent', detail: { applied: false } });
  });

  it('refuses a forged signature with 403 and changes nothing', async () => {
    const notice = (await h.notices(incidentId)).find((n) => n.channel === 'sms' && n.tenant === 'clinic-west');
    const params = { MessageSid: notice.providerMessageId, MessageStatus: 'undelivered', AccountSid: h.twilio.accountSid, ErrorCode: '30003' };
    await postCallback(params, twilioSignature('not-the-token', callbackUrl(), params)).expect(403);
    await postCallback(params, '').expect(403);
    const tampered = { ...params, MessageStatus: 'failed' };
    await postCallback(tampered, twilioSignature(TWILIO_TOKEN, callbackUrl(), params)).expect(403);
    const after = (await h.admin.get(`/v1/notices/${notice.id}`).expect(200)).body;
    expect(after.status).toBe('sent');
    expect(after.events.map((e: any) => e.type)).toEqual(['sent']);
  });

  it('answers 200 to a signed callback for an unknown MessageSid', async () => {
    const params = { MessageSid: 'SM' + '0'.repeat(32), MessageStatus: 'delivered', AccountSid: h.twilio.accountSid };
    await postCallback(params, twilioSignature(TWILIO_TOKEN, callbackUrl(), params)).expect(200);
  });

  it('maps undelivered and failed callbacks with their error code', async () => {
    const notice = (await h.notices(incidentId)).find((n) => n.channel === 'sms' && n.tenant === 'courier-east');
    await h.twilio.sendStatusCallback(notice.providerMessageId, 'undelivered', { errorCode: 30003 });
    const after = (await h.admin.get(`/v1/notices/${notice.id}`).expect(200)).body;
    expect(after.status).toBe('undelivered');
    expect(after.lastError).toContain('30003');
  });

  it('sends nothing new when the same version is dispatched again', async () => {
    const before = await h.notices(incidentId);
    const mails = h.smtp.messages.length;
    const texts = h.twilio.messages.length;
    await h.admin.post(`/v1/incidents/${incidentId}/dispatch`).expect(202);
    await h.admin.post(`/v1/incidents/${incidentId}/dispatch`).expect(202);
    // Whatever those dispatches queued (a fan-out, sends) has run once every queue is empty.
    await waitUntil(async () => Object.values(await h.api.get(QueueProducer, { strict: false }).depths()).every((q) => q.waiting + q.active + q.delayed === 0));
    expect((await h.notices(incidentId)).length).toBe(before.length);
    expect(h.smtp.messages.length).toBe(mails);
    expect(h.twilio.messages.length).toBe(texts);
  });

  it('lets an auditor read but not dispatch, approve or create', async () => {
    await h.auditor.get(`/v1/incidents/${incidentId}/progress`).expect(200);
    await h.auditor.get(`/v1/notices?incidentId=${incidentId}`).expect(200);
    await h.auditor.post(`/v1/incidents/${incidentId}/dispatch`).expect(403);
    await h.auditor.post(`/v1/incidents/${incidentId}/approve`).expect(403);
    await h.auditor.post('/v1/incidents', { ...sms.incident, reference: 'INC-AUDITOR' }).expect(403);
    await h.approver.post(`/v1/incidents/${incidentId}/dispatch`).expect(403);
    await h.auditor.post('/v1/api-keys', { name: 'x', role: 'admin', owner: 'x@vendor.example' }).expect(403);
  });

  it('requires a valid key', async () => {
    await request(h.baseUrl).get('/v1/notices').expect(401);
    await request(h.baseUrl).get('/v1/notices').set('Authorization', 'Bearer bc_nope').expect(401);
  });

  it('does not let the creating key approve its own version, and refuses dispatch before approval', async () => {
    const created = await h.admin.post('/v1/incidents', { ...sms.incident, reference: 'INC-FOUR-EYES' }).expect(201);
    expect(created.body).toMatchObject({ version: 1, status: 'draft' });
    await h.admin.post(`/v1/incidents/${created.body.id}/dispatch`).expect(409);
    const own = await h.admin.post(`/v1/incidents/${created.body.id}/approve`).expect(409);
    expect(own.body.message).toMatch(/different key/);
    await h.approver.post(`/v1/incidents/${created.body.id}/approve`, ACCEPT_LANGUAGE_GAPS).expect(200);
    await h.approver.post(`/v1/incidents/${created.body.id}/approve`, ACCEPT_LANGUAGE_GAPS).expect(409);
  });

  it('refuses a duplicate reference with 409 and an unknown incident with 404', async () => {
    await h.admin.post('/v1/incidents', sms.incident).expect(409);
    await h.admin.get('/v1/incidents/7f8c2a4e-0000-4000-8000-000000000000/progress').expect(404);
    await h.admin.get('/v1/incidents/not-a-uuid').expect(404);
  });

  it('reports progress in the contract shape', async () => {
    const progress = (await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body;
    expect(progress).toMatchObject({
      version: 1,
      status: 'dispatched',
      affectedTenants: 4,
      acknowledgedTenants: 0,
      notices: { total: 8, pending: 0, queued: 0, sending: 0 },
    });
    for (const key of ['sent', 'delivered', 'failed', 'bounced', 'undelivered']) expect(typeof progress.notices[key]).toBe('number');
    for (const key of ['dispatchedAt', 'plannedAt', 'completedAt']) expect(progress[key]).not.toBeNull();
  });

  it('pages notices with a cursor and filters them', async () => {
    const first = (await h.admin.get(`/v1/notices?incidentId=${incidentId}&limit=3`).expect(200)).body;
    expect(first.items).toHaveLength(3);
    const second = (await h.admin.get(`/v1/notices?incidentId=${incidentId}&limit=3&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second.items.map((n: any) => n.id)).not.toEqual(expect.arrayContaining(first.items.map((n: any) => n.id)));
    const emails = (await h.admin.get(`/v1/notices?incidentId=${incidentId}&channel=email&tenant=city-north`).expect(200)).body;
    expect(emails.items).toHaveLength(1);
    expect(emails.items[0]).toMatchObject({ tenant: 'city-north', channel: 'email', contactRole: 'dpo', to: 'iod@city-north.example' });
    await h.admin.get('/v1/notices?status=lost').expect(400);
  });
});
