import { AckTokensService } from '@app/ack';
import { SAMPLE_TEXTS } from '@app/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Harness } from './support/harness';
import { ackTokenOf, mailTo, sampleIncident, sampleTenant, VENDOR_ENV } from './support/notice-fixtures';

/**
 * The acknowledgement link of a received notice: GET (and HEAD) only show, POST records once,
 * the JSON filing summary follows Art. 33(3)(a)–(d), and a token opens exactly one tenant's version.
 */
describe('acknowledgement links', () => {
  let h: Harness;
  let incidentId: string;
  let tokenPl: string;
  let tokenNl: string;

  const tenants = [
    sampleTenant({ externalId: 'gdansk-port', name: 'Port Gdańsk S.A.', locale: 'pl', dataSubjects: 14321, records: 98765 }),
    sampleTenant({ externalId: 'delft-zorg', name: 'Zorggroep Delft', locale: 'nl', dataSubjects: 1500, records: 30500 }),
    sampleTenant({ externalId: 'lyon-eau', name: 'Eau de Lyon', locale: 'fr', system: 'billing' }),
  ];

  const affectedRows = () =>
    h.db.query(
      `SELECT a.id, a.version, a.acknowledged_at, a.ack_ip, a.ack_user_agent, a.escalated_at, a.notified_priority, t.external_id
         FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id ORDER BY a.version, t.external_id`,
    );
  const auditCount = async () => Number((await h.db.query('SELECT count(*)::int AS n FROM audit_entry'))[0].n);
  const progress = async () => (await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body;

  beforeAll(async () => {
    h = await Harness.start({ env: { ...VENDOR_ENV } });
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);
    incidentId = await h.fileAndDispatch(sampleIncident({ reference: 'INC-ACK-1', measuresPlanned: null }));
    await h.waitForCompletion(incidentId);
    const mails = await h.smtp.waitFor(2);
    tokenPl = ackTokenOf(mailTo(mails, 'dpo@gdansk-port.example').text);
    tokenNl = ackTokenOf(mailTo(mails, 'dpo@delft-zorg.example').text);
  });

  afterAll(() => h?.close());

  it('gives each tenant its own token, the same one in its email and its SMS', async () => {
    expect(tokenPl).not.toBe(tokenNl);
    const sms = h.twilio.messages.map((m) => ackTokenOf(m.body)).sort();
    expect(sms).toEqual([tokenPl, tokenNl].sort());
  });

  it('shows the notice in the tenant language on GET and HEAD, and changes nothing', async () => {
    const before = await affectedRows();
    const audit = await auditCount();
    for (let i = 0; i < 3; i++) {
      const page = await request(h.baseUrl).get(`/ack/${tokenPl}`).set('User-Agent', 'MailScanner/1.0').expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('<html lang="pl">');
      expect(page.text).toContain('Port Gdańsk S.A.');
      expect(page.text).toContain('INC-ACK-1');
      expect(page.text).toContain('Potwierdzam odbiór');
      expect(page.text).toContain('14\u00a0321');
      expect(page.text).toContain('98\u00a0765');
      expect(page.text).toContain('22 kwietnia 2023 r., godz. 16:00 CEST (14:00 UTC)');
      expect(page.text).not.toContain('Confirm receipt');
      expect(page.text).not.toContain('Zorggroep Delft');
    }
    await request(h.baseUrl).head(`/ack/${tokenPl}`).expect(200);
    await request(h.baseUrl).get(`/ack/${tokenPl}.json`).expect(200);
    expect(await affectedRows()).toEqual(before);
    expect(await auditCount()).toBe(audit);
    expect((await progress()).acknowledgedTenants).toBe(0);
  });

  it('labels the page in the language of each tenant', async () => {
    const nl = await request(h.baseUrl).get(`/ack/${tokenNl}`).expect(200);
    expect(nl.text).toContain('<html lang="nl">');
    expect(nl.text).toContain('Ontvangst bevestigen');
    expect(nl.text).toContain('1.500');
    expect(nl.text).not.toContain('Potwierdzam odbiór');
  });

  it('gives a filing summary mapped to Art. 33(3)(a)–(d) before acknowledgement', async () => {
    const { body } = await request(h.baseUrl).get(`/ack/${tokenPl}.json`).expect(200);
    expect(body.acknowledgedAt).toBeNull();
    expect(body.reference).toBe('INC-ACK-1');
    expect(body.version).toBe(1);
    expect(body.tenant).toEqual({ externalId: 'gdansk-port', name: 'Port Gdańsk S.A.' });
    expect(body.art33.a_nature).toMatchObject({
      nature: ['confidentiality'],
      dataCategories: ['message_content', 'phone_number'],
      approximateDataSubjects: 14321,
      approximateRecords: 98765,
      systems: ['Platforma wysyłki SMS'],
      subProcessors: ['SerwerSMS'],
      period: { from: '2019-03-01', to: null },
    });
    expect(body.art33.b_contactPoint).toMatchObject({ email: 'incident@vendor.example', phone: '+48221234567', dpo: { name: 'Jan Kowalski', email: 'dpo@vendor.example' } });
    expect(body.art33.c_likelyConsequences).toContain('phishing');
    expect(body.art33.d_measures.taken).toBe(SAMPLE_TEXTS.pl.measuresTaken);
    expect(body.art33.d_measures.planned).toBeNull();
    expect(body.timeline).toMatchObject({ awareAt: '2023-04-19T14:00:00.000Z', deadlineAt: '2023-04-22T14:00:00.000Z' });
  });

  it('records the acknowledgement once on POST, with time, address and user agent', async () => {
    const audit = await auditCount();
    const first = await request(h.baseUrl).post(`/ack/${tokenPl}`).set('User-Agent', 'Firefox/140 (DPO desk)').set('Accept', 'application/json').expect(200);
    expect(first.body.firstAcknowledgement).toBe(true);
    expect(first.body.acknowledgedAt).toEqual(expect.any(String));

    const [row] = (await affectedRows()).filter((r: any) => r.external_id === 'gdansk-port');
    expect(row.acknowledged_at.toISOString()).toBe(first.body.acknowledgedAt);
    expect(row.ack_ip).toMatch(/127\.0\.0\.1$/);
    expect(row.ack_user_agent).toBe('Firefox/140 (DPO desk)');
    expect(await auditCount()).toBe(audit + 1);
    expect((await progress()).acknowledgedTenants).toBe(1);

    const before = await affectedRows();
    const again = await request(h.baseUrl).post(`/ack/${tokenPl}`).set('User-Agent', 'Other/1').set('Accept', 'application/json').expect(200);
    expect(again.body.firstAcknowledgement).toBe(false);
    expect(again.body.acknowledgedAt).toBe(first.body.acknowledgedAt);
    expect(await affectedRows()).toEqual(before);
    expect(await auditCount()).toBe(audit + 1);
    expect((await progress()).acknowledgedTenants).toBe(1);

    const json = await request(h.baseUrl).get(`/ack/${tokenPl}.json`).expect(200);
    expect(json.body.acknowledgedAt).toBe(first.body.acknowledgedAt);
    const page = await request(h.baseUrl).get(`/ack/${tokenPl}`).expect(200);
    expect(page.text).toContain('Odbiór potwierdzono');
    expect(page.text).not.toContain('Potwierdzam odbiór</button>');
  });

  it('shows the confirmation page to a browser form POST', async () => {
    const page = await request(h.baseUrl).post(`/ack/${tokenNl}`).type('form').set('Accept', 'text/html').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Ontvangst bevestigd');
    expect((await progress()).acknowledgedTenants).toBe(2);
  });

  it('answers 404 to forged tokens and to tokens of another version or an unaffected tenant', async () => {
    const tokens = h.api.get(AckTokensService);
    const [{ id: lyonId }] = await h.db.query(`SELECT id FROM tenant WHERE external_id = 'lyon-eau'`);
    const [{ id: gdanskId }] = await h.db.query(`SELECT id FROM tenant WHERE external_id = 'gdansk-port'`);
    const unaffected = await tokens.token(incidentId, 1, lyonId);
    const otherVersion = await tokens.token(incidentId, 2, gdanskId);
    expect(await tokens.token(incidentId, 1, gdanskId)).toBe(tokenPl);
    for (const token of [randomBytes(16).toString('base64url'), unaffected, otherVersion, `${tokenPl.slice(0, -1)}${tokenPl.endsWith('A') ? 'B' : 'A'}`, 'short', `${tokenPl}x`]) {
      for (const path of [`/ack/${token}`, `/ack/${token}.json`]) {
        const res = await request(h.baseUrl).get(path).expect(404);
        expect(res.body).toMatchObject({ statusCode: 404 });
      }
      await request(h.baseUrl).post(`/ack/${token}`).expect(404);
    }
    expect((await progress()).acknowledgedTenants).toBe(2);
  });
});
