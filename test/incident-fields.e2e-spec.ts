import request from 'supertest';
import { INCIDENT_EXAMPLE } from '../apps/api/src/ops/api-examples';
import { Harness } from './support/harness';
import { sampleIncident } from './support/notice-fixtures';

/**
 * The details that let a DPO act on a notice alone (Contract v2): filed with an incident, stored as
 * given, returned by GET, changed by an update (which merges field by field), and checked against
 * the rest of the body, the merged one on an update.
 */
const DETAILS = {
  language: 'pl',
  service: { en: 'SMS gateway', pl: 'bramka SMS' },
  systemNames: { 'sms-gateway': { en: 'SMS gateway', pl: 'bramka SMS' }, 'sms-archive': 'SMS archive' },
  containedAt: '2023-04-19T18:00:00+02:00',
  findings: { accessed: 'yes', exfiltrated: 'unknown', published: 'no', misused: 'no' },
  encryption: 'encrypted_key_compromised',
  notAffected: { en: 'Payment data is held in another system.', pl: 'Dane płatnicze są przechowywane w innym systemie.' },
  ruledOutCategories: ['payment_data', 'credentials'],
  notifications: [
    { to: 'authority', name: 'Prezes Urzędu Ochrony Danych Osobowych', at: '2023-04-20T09:30:00+02:00', reference: 'DKN.5130.1234.2023' },
    { to: 'police', name: 'Komenda Stołeczna Policji' },
  ],
  delayReason: 'Podwykonawca poinformował nas dopiero 22 kwietnia.',
  contact: {
    name: { en: 'Security incident desk', pl: 'Zespół ds. incydentów' },
    email: 'security@vendor.example',
    phone: '+48221234567',
    availability: { en: '24/7', pl: 'całą dobę' },
    dpo: { name: 'Maria Kowalska', email: 'dpo@vendor.example', phone: '+48221234500' },
  },
};

describe('incident details a DPO acts on', () => {
  let h: Harness;

  beforeAll(async () => (h = await Harness.start({ worker: false })));
  afterAll(() => h?.close());

  const versions = async (id: string) => Number((await h.db.query('SELECT count(*) AS n FROM incident_version WHERE incident_id = $1', [id]))[0].n);

  it('stores every new field as given and returns it with GET; containedAt implies contained', async () => {
    const created = await h.admin.post('/v1/incidents', sampleIncident({ reference: 'INC-V2-ALL', contained: undefined, ...DETAILS })).expect(201);
    const got = (await h.admin.get(`/v1/incidents/${created.body.id}`).expect(200)).body;
    expect(got).toMatchObject({ ...DETAILS, contained: true });
    expect(got.contact).toEqual(DETAILS.contact);
    expect(got.notifications).toEqual(DETAILS.notifications);
    expect(created.body).toMatchObject(DETAILS);
  });

  it('takes the request example of the API documentation, which shows the new fields', async () => {
    await h.admin.post('/v1/incidents', { ...INCIDENT_EXAMPLE, reference: 'INC-V2-DOCS' }).expect(201);
    const doc = (await request(h.baseUrl).get('/docs-json').expect(200)).body;
    const fields = doc.components.schemas.CreateIncidentDto.properties;
    for (const field of ['language', 'service', 'systemNames', 'containedAt', 'findings', 'encryption', 'notAffected', 'ruledOutCategories', 'notifications', 'delayReason']) {
      expect({ field, described: field in fields }).toEqual({ field, described: true });
    }
    expect(fields.encryption.enum).toEqual(['none', 'encrypted', 'encrypted_key_compromised', 'partly', 'unknown']);
    const contact = doc.components.schemas.ContactPointDto.properties;
    expect(Object.keys(contact)).toEqual(expect.arrayContaining(['availability', 'dpo']));
    const exposure = doc.components.schemas.ExposureDto.properties;
    expect(exposure.subjectCategories.items.enum).toContain('citizens');
  });

  describe('an update', () => {
    let id: string;

    beforeAll(async () => {
      id = await h.fileAndDispatch(
        sampleIncident({ reference: 'INC-V2-UPD', contained: false, containedAt: null, findings: { accessed: 'yes' }, ruledOutCategories: ['payment_data'], service: 'SMS gateway' }),
      );
    });

    it('changes the fields it gives, keeps the others, and a containment time turns an ongoing breach into a contained one', async () => {
      const update = {
        changeSummary: 'The breach was contained; no sign that the archive was copied.',
        containedAt: '2023-04-20T08:00:00Z',
        findings: { accessed: 'yes', exfiltrated: 'no', published: 'no', misused: 'unknown' },
        notifications: [{ to: 'csirt', name: 'CERT Polska', reference: 'CERT-2023-77' }],
        delayReason: 'The sub-processor told us late.',
      };
      const res = await h.admin.post(`/v1/incidents/${id}/updates`, update).expect(201);
      expect(res.body).toMatchObject({ version: 2, contained: true, ...update, changeSummary: update.changeSummary });
      const got = (await h.admin.get(`/v1/incidents/${id}`).expect(200)).body;
      expect(got).toMatchObject({ version: 2, contained: true, containedAt: '2023-04-20T08:00:00Z', findings: update.findings, service: 'SMS gateway', ruledOutCategories: ['payment_data'] });
      await h.approver.post(`/v1/incidents/${id}/approve`).expect(200);
      await h.admin.post(`/v1/incidents/${id}/dispatch`).expect(202);
    });

    it('refuses a scope that concerns a category the incident ruled out, naming ruledOutCategories, and files no version', async () => {
      const before = await versions(id);
      const res = await h.admin
        .post(`/v1/incidents/${id}/updates`, { changeSummary: 'Payment data too', scope: { systems: ['sms-gateway'], dataCategories: ['phone_number', 'payment_data'] } })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'ruledOutCategories', message: expect.stringContaining('payment_data') }]);
      expect(await versions(id)).toBe(before);
    });

    it('refuses contained: false while the containment time stands, and takes it with containedAt: null', async () => {
      const before = await versions(id);
      const res = await h.admin.post(`/v1/incidents/${id}/updates`, { changeSummary: 'It is back', contained: false }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'containedAt', message: expect.stringContaining('contained: false') }]);
      expect(await versions(id)).toBe(before);
      const reopened = await h.admin.post(`/v1/incidents/${id}/updates`, { changeSummary: 'It is back', contained: false, containedAt: null }).expect(201);
      expect(reopened.body).toMatchObject({ contained: false, containedAt: null, findings: { exfiltrated: 'no' } });
    });
  });
});
