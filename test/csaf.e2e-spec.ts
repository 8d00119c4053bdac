import { AckTokensService } from '@app/ack';
import { CSAF_WORDS } from '@app/csaf';
import { Locale } from '@app/templates';
import { csafSchemaErrors, runCsafValidator, SAMPLE_TEXTS } from '@app/testing';
import { LABELS } from '@app/wording';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ACCEPT_LANGUAGE_GAPS, Harness } from './support/harness';
import { ackTokenOf, mailTo, sampleIncident, sampleTenant, VENDOR_ENV } from './support/notice-fixtures';

const TENANTS = {
  pl: sampleTenant({ externalId: 'csaf-gdansk', name: 'Port Gdańsk S.A.', locale: 'pl', dataSubjects: 14321, records: 98765 }),
  nl: sampleTenant({ externalId: 'csaf-delft', name: 'Zorggroep Delft', locale: 'nl', dataSubjects: 1517, records: 30511 }),
  fr: sampleTenant({ externalId: 'csaf-lyon', name: 'Eau de Lyon', locale: 'fr', dataSubjects: 2743, records: 17293 }),
};
type Key = keyof typeof TENANTS;
const KEYS = Object.keys(TENANTS) as Key[];
/** What only one tenant's documents may show: its name, its id and its own figures as its language writes them. */
const OWN: Record<Key, string[]> = {
  pl: ['Port Gdańsk', 'csaf-gdansk', '14\u00a0321', '98\u00a0765'],
  nl: ['Zorggroep Delft', 'csaf-delft', '1.517', '30.511'],
  fr: ['Eau de Lyon', 'csaf-lyon', '2\u202f743', '17\u202f293'],
};
const CHANGE = {
  en: 'The scope is narrowed to the SMS gateway of the ports and utilities.',
  pl: 'Zakres ograniczono do bramki SMS portów i przedsiębiorstw komunalnych.',
  nl: 'De reikwijdte is beperkt tot de sms-gateway van havens en nutsbedrijven.',
  fr: 'Le périmètre est limité à la passerelle SMS des ports et des services publics.',
};

/**
 * The tenant's notice as a CSAF 2.0 document: valid against the official schema and the mandatory tests of
 * the BSI validator, for two incidents and three languages; one id per tenant and incident, one revision per
 * version, the same facts as the JSON summary, and nothing of another tenant. Same token rules as the page.
 */
describe('CSAF documents of a notice', () => {
  let h: Harness;
  const incident: Record<'first' | 'second', string> = { first: '', second: '' };
  /** tokens of incident 1 version 1, incident 1 version 2 (final update; nl withdrawn), incident 2 version 1. */
  const token = { v1: {} as Record<Key, string>, v2: {} as Record<Key, string>, other: {} as Record<Key, string> };
  const docs: Array<{ name: string; key: Key; body: any }> = [];

  const csaf = async (t: string, query: Record<string, string> = {}) => request(h.baseUrl).get(`/ack/${t}.csaf.json`).query(query).expect(200);
  const tokensOf = async (count: number) => {
    const mails = await h.smtp.waitFor(count);
    const found = {} as Record<Key, string>;
    for (const key of KEYS) found[key] = ackTokenOf(mailTo(mails, `dpo@${TENANTS[key].externalId}.example`).text);
    h.smtp.clear();
    return found;
  };
  const sentAt = async (incidentId: string, version: number, key: Key): Promise<string> => {
    const [row] = await h.db.query(
      `SELECT a.first_sent_at FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id WHERE a.incident_id = $1 AND a.version = $2 AND t.external_id = $3`,
      [incidentId, version, TENANTS[key].externalId],
    );
    return new Date(row.first_sent_at).toISOString();
  };
  const ackState = async () => ({
    rows: await h.db.query('SELECT id, acknowledged_at, ack_ip FROM affected_tenant ORDER BY id'),
    audit: (await h.db.query('SELECT count(*)::int AS n FROM audit_entry'))[0].n,
  });

  beforeAll(async () => {
    h = await Harness.start({ env: { ...VENDOR_ENV } });
    await h.admin.post('/v1/tenants/import', { tenants: Object.values(TENANTS) }).expect(200);

    incident.first = await h.fileAndDispatch(sampleIncident({ reference: 'INC-CSAF-1' }));
    await h.waitForCompletion(incident.first);
    token.v1 = await tokensOf(3);
    // Version 2, the final one: Delft is no longer in scope and gets a withdrawal.
    await h.admin.post(`/v1/incidents/${incident.first}/updates`, { changeSummary: CHANGE, final: true, scope: { ...sampleIncident().scope, excludeTenants: ['csaf-delft'] } }).expect(201);
    await h.approver.post(`/v1/incidents/${incident.first}/approve`, ACCEPT_LANGUAGE_GAPS).expect(200);
    await h.admin.post(`/v1/incidents/${incident.first}/dispatch`).expect(202);
    await h.waitForCompletion(incident.first);
    token.v2 = await tokensOf(3);

    // A second incident, early: no description, consequences, findings or encryption known yet.
    const early = sampleIncident({ reference: 'INC-CSAF-2', description: undefined, consequences: undefined, findings: undefined, encryption: undefined });
    incident.second = await h.fileAndDispatch({ ...early, scope: { ...early.scope, dataCategories: ['phone_number'] } });
    await h.waitForCompletion(incident.second);
    token.other = await tokensOf(3);

    for (const [name, tokens] of Object.entries(token)) for (const key of KEYS) docs.push({ name: `${name} ${key}`, key, body: (await csaf(tokens[key])).body });
  });

  afterAll(() => h?.close());

  it('answers JSON with the CSAF file name, and no caching', async () => {
    const res = await csaf(token.v1.pl);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe('inline; filename="inc-csaf-1+csaf-gdansk.json"');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('is valid against the CSAF 2.0 JSON schema and passes every mandatory test of the validator, in pl, nl and fr, for both incidents', () => {
    expect(docs).toHaveLength(9);
    expect(new Set(docs.map((d) => d.body.document.lang))).toEqual(new Set(['pl', 'nl', 'fr']));
    for (const doc of docs) expect({ doc: doc.name, errors: csafSchemaErrors(doc.body) }).toEqual({ doc: doc.name, errors: [] });
    const results = runCsafValidator(docs.map((d) => d.body));
    results.forEach((result, i) => {
      expect({ doc: docs[i].name, isValid: result.isValid, errors: result.errors }).toEqual({ doc: docs[i].name, isValid: true, errors: [] });
      expect(result.tests).toEqual(expect.arrayContaining(['csaf_2_0_strict', 'mandatoryTest_6_1_14', 'mandatoryTest_6_1_21', 'mandatoryTest_6_1_27_1', 'mandatoryTest_6_1_27_2']));
    });
    // The validator loads for some 20 s of CPU before it checks anything: a busy machine needs more than the default.
  }, 300_000);

  it('is a TLP:AMBER security incident response of the configured vendor, in the tenant’s language, referring to its ack page', async () => {
    const { document } = (await csaf(token.v1.pl)).body;
    expect(document).toMatchObject({
      category: 'csaf_security_incident_response',
      csaf_version: '2.0',
      lang: 'pl',
      title: `INC-CSAF-1: ${SAMPLE_TEXTS.pl.title}`,
      publisher: { category: 'vendor', name: VENDOR_ENV.VENDOR_LEGAL_NAME, namespace: h.baseUrl },
      distribution: { tlp: { label: 'AMBER' } },
    });
    expect(document.references).toEqual([
      expect.objectContaining({ category: 'external', url: `${h.baseUrl}/ack/${token.v1.pl}` }),
      expect.objectContaining({ category: 'self', url: `${h.baseUrl}/ack/${token.v1.pl}.csaf.json` }),
    ]);
    expect((await csaf(token.v1.pl, { lang: 'en' })).body.document.lang).toBe('en');
    const page = await request(h.baseUrl).get(`/ack/${token.v1.pl}`).expect(200);
    expect(page.text).toContain(`<a href="/ack/${token.v1.pl}.csaf.json">`);
  });

  it('states the same facts as the JSON summary', async () => {
    for (const key of ['pl', 'fr'] as const) {
      const summary = (await request(h.baseUrl).get(`/ack/${token.v1[key]}.json`).expect(200)).body;
      const { document } = (await csaf(token.v1[key])).body;
      const notes = document.notes.map((n: { text: string }) => n.text).join('\n');
      expect(document.tracking.version).toBe(String(summary.version));
      expect(document.title).toBe(`${summary.reference}: ${summary.title}`);
      for (const text of [summary.art33.a_nature.description, summary.art33.c_likelyConsequences, summary.art33.d_measures.taken, summary.art33.d_measures.recommendedForController]) expect(notes).toContain(text);
      for (const system of summary.art33.a_nature.systems) expect(notes).toContain(system);
      expect(notes).toContain(summary.art33.b_contactPoint.email);
      expect(notes).toContain(OWN[key][2]);
      expect(notes).toContain(OWN[key][3]);
      for (const category of summary.art33.a_nature.dataCategories as Array<keyof typeof LABELS.pl.dataCategories>) expect(notes).toContain(LABELS[key].dataCategories[category]);
    }
  });

  it('keeps one id per tenant and incident across versions, with one revision per version dated when it was sent', async () => {
    const ids = new Set(docs.map((d) => d.body.document.tracking.id));
    expect(ids).toEqual(new Set(KEYS.flatMap((key) => [`INC-CSAF-1+${TENANTS[key].externalId}`, `INC-CSAF-2+${TENANTS[key].externalId}`])));
    const first = (await csaf(token.v1.pl)).body.document.tracking;
    const second = (await csaf(token.v2.pl)).body.document.tracking;
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({ version: '1', status: 'interim' });
    expect(first.revision_history).toEqual([{ number: '1', date: await sentAt(incident.first, 1, 'pl'), summary: expect.any(String) }]);
    expect(second).toMatchObject({ version: '2', status: 'final' });
    expect(second.revision_history).toEqual([
      { number: '1', date: await sentAt(incident.first, 1, 'pl'), summary: first.revision_history[0].summary },
      { number: '2', date: await sentAt(incident.first, 2, 'pl'), summary: expect.stringContaining(CHANGE.pl) },
    ]);
    expect(second.initial_release_date).toBe(second.revision_history[0].date);
    expect(second.current_release_date).toBe(second.revision_history[1].date);
  });

  it('tells a withdrawn tenant why, in its language, with no figures', async () => {
    const { document } = (await csaf(token.v2.nl)).body;
    expect(document.tracking).toMatchObject({ version: '2', status: 'final' });
    expect(document.notes[0].text).toContain(CSAF_WORDS.nl.withdrawn);
    expect(document.notes[0].text).toContain(CHANGE.nl);
    expect(JSON.stringify(document)).not.toContain(OWN.nl[2]);
    expect(JSON.stringify(document)).not.toContain(OWN.nl[3]);
  });

  it('shows what the vendor does not know yet as pending, in the tenant’s language', async () => {
    const { document } = (await csaf(token.other.fr)).body;
    expect(document.notes[0]).toEqual({ category: 'summary', title: 'Description de la violation', text: LABELS.fr.pendingShort });
    const pending = document.notes.find((n: { title: string }) => n.title === CSAF_WORDS.fr.stillPending);
    for (const field of ['description', 'consequences', 'findings', 'encryption'] as const) expect(pending.text).toContain(LABELS.fr.fields[field]);
  });

  it('never shows another tenant’s name, id or figures', () => {
    for (const doc of docs) {
      const text = JSON.stringify(doc.body);
      for (const other of KEYS.filter((k) => k !== doc.key)) for (const own of OWN[other]) expect({ doc: doc.name, leaks: text.includes(own) ? own : null }).toEqual({ doc: doc.name, leaks: null });
    }
  });

  it('is described in the OpenAPI document with its typed answer', async () => {
    const doc = (await request(h.baseUrl).get('/docs-json').expect(200)).body;
    const answer = doc.paths['/ack/{token}.csaf.json'].get.responses['200'].content['application/json'].schema;
    expect(answer).toEqual({ $ref: '#/components/schemas/CsafDocumentView' });
    expect(Object.keys(doc.components.schemas.CsafTrackingView.properties)).toEqual(expect.arrayContaining(['id', 'status', 'version', 'revision_history']));
  });

  it('answers 404 to forged, unknown or other-version tokens as the JSON summary does, and changes nothing', async () => {
    const before = await ackState();
    const [{ id: gdansk }] = await h.db.query(`SELECT id FROM tenant WHERE external_id = 'csaf-gdansk'`);
    const otherVersion = await h.api.get(AckTokensService).token(incident.first, 3, gdansk);
    for (const forged of [otherVersion, randomBytes(16).toString('base64url'), `${token.v1.pl.slice(0, -1)}${token.v1.pl.endsWith('A') ? 'B' : 'A'}`, 'short', `${token.v1.pl}x`]) {
      const res = await request(h.baseUrl).get(`/ack/${forged}.csaf.json`).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404 });
      await request(h.baseUrl).get(`/ack/${forged}.json`).expect(404);
    }
    for (const lang of ['en', 'de', 'xx'] as Array<Locale | 'xx'>) await csaf(token.v1.nl, { lang });
    expect(await ackState()).toEqual(before);
  });
});
