import { DATA_CATEGORIES, DataCategory, Locale } from '@app/templates';
import { formatDateTime } from '@app/wording';
import { SUBJECT_NOTICE_WORDS } from '@app/drafts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Harness } from './support/harness';
import { ackTokenOf, mailTo, sampleIncident, sampleTenant, VENDOR_ENV } from './support/notice-fixtures';

/** A sampleTenant with its own country, zone, data categories and groups of people. */
function tenant(options: { externalId: string; name: string; locale: Locale; country: string; timezone: string; categories: DataCategory[]; groups: string[] }) {
  const base = sampleTenant({ externalId: options.externalId, name: options.name, locale: options.locale, timezone: options.timezone });
  return { ...base, country: options.country, exposures: [{ ...base.exposures[0], dataCategories: options.categories, subjectCategories: options.groups }] };
}

const TENANTS = {
  pl: { externalId: 'poznan-miasto', name: 'Miasto Poznań', locale: 'pl', country: 'PL', timezone: 'Europe/Warsaw', categories: ['phone_number', 'message_content'], groups: ['citizens'] },
  be: { externalId: 'gent-winkel', name: 'Winkel Gent BV', locale: 'nl', country: 'BE', timezone: 'Europe/Brussels', categories: ['email', 'credentials'], groups: ['customers'] },
  de: { externalId: 'berlin-bank', name: 'Berliner Sparhaus AG', locale: 'de', country: 'DE', timezone: 'Europe/Berlin', categories: ['name', 'email', 'national_id', 'payment_data'], groups: ['customers'] },
} as const;
type Key = keyof typeof TENANTS;

/** How Handlebars escapes text in the page (escapeExpression). */
const html = (text: string) =>
  text.replace(/[&<>"'`=]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c]!);

/**
 * The tenant's own side of the ack link: its supervisory authority by country, its deadlines by its regimes,
 * what each of its reports asks for, and a draft of its notice to its people in its language, with advice
 * for exactly its data categories; to read as JSON, on the page, or to download. Nothing of another tenant.
 */
describe('the tenant’s own filing and its notice to its people', () => {
  let h: Harness;
  const token = {} as Record<Key, string>;
  const json = async (key: Key, lang?: string) => (await request(h.baseUrl).get(`/ack/${token[key]}.json`).query(lang ? { lang } : {}).expect(200)).body;

  beforeAll(async () => {
    h = await Harness.start({ env: { ...VENDOR_ENV } });
    await h.admin.post('/v1/tenants/import', { tenants: Object.values(TENANTS).map((t) => tenant({ ...t, categories: [...t.categories], groups: [...t.groups] })) }).expect(200);
    // The tenant `regimes` field is set directly: a bank under NIS2 and DORA besides the GDPR.
    await h.db.query(`UPDATE tenant SET regimes = '{gdpr,nis2,dora}' WHERE external_id = 'berlin-bank'`);
    const scope = { systems: ['sms-gateway'], subProcessors: ['SerwerSMS'], dataCategories: [...new Set(Object.values(TENANTS).flatMap((t) => t.categories))], exposedFrom: '2018-01-01' };
    // Payment data and credentials are in scope here: the sample's ruled-out categories and their text do not apply.
    const incidentId = await h.fileAndDispatch(sampleIncident({ reference: 'INC-OWN-1', scope, ruledOutCategories: ['health_data'], notAffected: undefined }));
    await h.waitForCompletion(incidentId);
    const mails = await h.smtp.waitFor(3);
    for (const key of Object.keys(TENANTS) as Key[]) token[key] = ackTokenOf(mailTo(mails, `dpo@${TENANTS[key].externalId}.example`).text);
  });

  afterAll(() => h?.close());

  it('names the supervisory authority of each tenant’s country; for Germany, that of the Land, with the list', async () => {
    expect((await json('pl')).authority).toEqual({ name: 'Prezes Urzędu Ochrony Danych Osobowych (UODO)', url: 'https://uodo.gov.pl' });
    expect((await json('be')).authority).toEqual({ name: expect.stringContaining('Gegevensbeschermingsautoriteit'), url: 'https://www.dataprotectionauthority.be' });
    const land = { url: 'https://www.bfdi.bund.de/DE/Service/Anschriften/Laender/Laender-node.html' };
    expect((await json('de')).authority).toEqual({ name: SUBJECT_NOTICE_WORDS.de.authorityOfLand.controller, ...land });
    expect((await json('de', 'en')).authority).toEqual({ name: SUBJECT_NOTICE_WORDS.en.authorityOfLand.controller, ...land });
  });

  it('gives a tenant with default regimes its GDPR deadline, and a tenant with its own regimes every obligation of them', async () => {
    const gdpr = [{ regime: 'gdpr', obligation: 'authority', dueAt: '2023-04-22T14:00:00.000Z', basis: 'GDPR Art. 33(1)' }];
    for (const key of ['pl', 'be'] as const) {
      const body = await json(key);
      expect(body.regimes).toEqual(['gdpr']);
      expect(body.deadlines).toEqual(gdpr);
      expect(body.filing.map((f: any) => f.regime)).toEqual(['gdpr']);
    }
    const bank = await json('de');
    expect(bank.regimes).toEqual(['gdpr', 'nis2', 'dora']);
    expect(bank.deadlines.map((d: any) => `${d.regime}:${d.obligation}:${d.dueAt}`)).toEqual([
      'gdpr:authority:2023-04-22T14:00:00.000Z',
      'nis2:early_warning:2023-04-20T14:00:00.000Z',
      'nis2:incident_notification:2023-04-22T14:00:00.000Z',
      'nis2:final_report:2023-05-22T14:00:00.000Z',
      'dora:initial_notification:2023-04-19T18:00:00.000Z',
      'dora:intermediate_report:2023-04-22T18:00:00.000Z',
      'dora:final_report:2023-05-22T18:00:00.000Z',
    ]);
    expect(bank.deadlines[4]).toMatchObject({ note: 'dora_classification', basis: expect.stringContaining('DORA Art. 19(4)') });
  });

  it('prefills each report from the incident and marks what is still pending', async () => {
    const fields = (filing: any) => Object.fromEntries(filing.fields.map((f: any) => [f.name, f]));
    const [gdpr] = (await json('pl')).filing;
    expect(gdpr.basis).toBe('GDPR Art. 33(3)');
    expect(fields(gdpr)).toMatchObject({
      nature: { value: ['confidentiality'], pending: false },
      dataCategories: { value: ['phone_number', 'message_content'], pending: false },
      subjectCategories: { value: ['citizens'], pending: false },
      approximateDataSubjects: { value: 120000, pending: false },
      approximateRecords: { value: 850000, pending: false },
      contactPoint: { value: null, pending: true },
      controllerMeasures: { value: null, pending: true },
    });
    const [, nis2, dora] = (await json('de')).filing;
    expect(fields(nis2)).toEqual({
      suspectedMalicious: { name: 'suspectedMalicious', value: null, pending: true },
      crossBorderImpact: { name: 'crossBorderImpact', value: null, pending: true },
    });
    expect(fields(dora)).toMatchObject({
      classificationCriteria: { value: null, pending: true },
      detectedAt: { value: '2023-04-19T14:00:00.000Z', pending: false },
      description: { value: expect.stringContaining('SMS'), pending: false },
      affectedServices: { value: expect.arrayContaining([expect.any(String)]), pending: false },
    });
  });

  it.each(Object.keys(TENANTS) as Key[])('drafts the notice of %s to its people in its language, with advice for exactly its data categories', async (key) => {
    const { locale, categories, groups } = TENANTS[key];
    const words = SUBJECT_NOTICE_WORDS[locale];
    const { subjectNotice } = await json(key);
    expect(subjectNotice.subject).toEqual(expect.any(String));
    expect(subjectNotice.text).toContain(words.greeting[groups[0]]);
    expect(subjectNotice.text).toContain(TENANTS[key].name);
    expect(subjectNotice.text).toContain(words.placeholders.contact);
    for (const category of DATA_CATEGORIES) {
      const advice = words.categories[category].advice;
      if ((categories as readonly string[]).includes(category)) expect(subjectNotice.text).toContain(advice);
      else expect(subjectNotice.text).not.toContain(advice);
    }
  });

  it('points each tenant’s people to help in its own country', async () => {
    expect((await json('pl')).subjectNotice.text).toContain('https://incydent.cert.pl');
    expect((await json('be')).subjectNotice.text).toContain('https://safeonweb.be');
    expect((await json('de')).subjectNotice.text).toContain('https://www.bsi.bund.de/');
    expect((await json('de')).subjectNotice.text).not.toContain('incydent.cert.pl');
  });

  it('drafts in the asked language when the reader asks for one', async () => {
    const { subjectNotice, locale } = await json('pl', 'en');
    expect(locale).toBe('en');
    expect(subjectNotice.text).toContain(SUBJECT_NOTICE_WORDS.en.categories.phone_number.advice);
    expect(subjectNotice.text).not.toContain(SUBJECT_NOTICE_WORDS.pl.categories.phone_number.advice);
  });

  it('downloads the draft as a text file, changing nothing', async () => {
    const { subjectNotice } = await json('pl');
    const res = await request(h.baseUrl).get(`/ack/${token.pl}/subject-notice.txt`).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="INC-OWN-1-notice-to-data-subjects-pl.txt"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toBe(`${subjectNotice.subject}\n\n${subjectNotice.text}`);
    const english = await request(h.baseUrl).get(`/ack/${token.pl}/subject-notice.txt?lang=en`).expect(200);
    expect(english.headers['content-disposition']).toContain('-en.txt');
    expect(english.text).toContain(SUBJECT_NOTICE_WORDS.en.placeholders.contact);
    const [row] = await h.db.query(`SELECT a.acknowledged_at FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id WHERE t.external_id = 'poznan-miasto'`);
    expect(row.acknowledged_at).toBeNull();
  });

  it('answers 404 to a forged token on the download', async () => {
    await request(h.baseUrl).get(`/ack/${randomBytes(16).toString('base64url')}/subject-notice.txt`).expect(404);
    await request(h.baseUrl).get('/ack/short/subject-notice.txt').expect(404);
  });

  it('shows the authority, the deadlines, the reports and the draft to copy or download on the page, without a script', async () => {
    const { subjectNotice } = await json('de');
    const page = await request(h.baseUrl).get(`/ack/${token.de}`).expect(200);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toContain('Ihre Fristen');
    expect(page.text).toContain(html(SUBJECT_NOTICE_WORDS.de.authorityOfLand.controller));
    expect(page.text).toContain('Erstmeldung');
    expect(page.text).toContain(html(formatDateTime('2023-04-19T18:00:00.000Z', 'de', 'Europe/Berlin')));
    expect(page.text).toContain('Frühwarnung');
    expect(page.text).toContain('von Ihnen zu ergänzen');
    expect(page.text).toContain(`<textarea id="draft-text" readonly rows="28">${html(subjectNotice.text)}</textarea>`);
    expect(page.text).toContain(`value="${html(subjectNotice.subject)}"`);
    expect(page.text).toContain(`href="/ack/${token.de}/subject-notice.txt?lang${html('=')}de"`);
    expect(page.text).not.toMatch(/<script/i);
    expect(page.headers['content-security-policy']).not.toContain('script-src');
  });

  it('shows nothing of another tenant: JSON, page and download are the tenant’s own', async () => {
    for (const key of Object.keys(TENANTS) as Key[]) {
      const others = (Object.keys(TENANTS) as Key[]).filter((k) => k !== key).flatMap((k) => [TENANTS[k].name, TENANTS[k].externalId]);
      const body = JSON.stringify(await json(key));
      const page = (await request(h.baseUrl).get(`/ack/${token[key]}`).expect(200)).text;
      const file = (await request(h.baseUrl).get(`/ack/${token[key]}/subject-notice.txt`).expect(200)).text;
      for (const other of others) {
        expect({ key, other, json: body.includes(other), page: page.includes(html(other)), file: file.includes(other) }).toEqual({ key, other, json: false, page: false, file: false });
      }
    }
  });
});
