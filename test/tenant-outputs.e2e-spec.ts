import { LOCALES } from '@app/templates';
import { formatNumber } from '@app/wording';
import request from 'supertest';
import { Harness } from './support/harness';
import { ackTokenOf, mailTo, sampleIncident, sampleTenant } from './support/notice-fixtures';

/**
 * What one tenant gets to read about an incident (its evidence pack, its acknowledgement page before
 * and after acknowledging, its filing summary as JSON) says nothing about any other tenant: not its
 * name or id, not its figures, and not how many tenants were affected or any total across them.
 */
const A = { externalId: 'iso-alpha', name: 'Alpha Clinic Ltd', dataSubjects: 123_457, records: 765_433 };
const B = { externalId: 'iso-bravo', name: 'Bravo Gmina', dataSubjects: 234_569, records: 876_547 };

/** Each figure as written raw and as any locale formats it. */
const spellings = (n: number) => [String(n), ...LOCALES.map((l) => formatNumber(n, l))];
/** B's own words and figures, and sums that would only exist by adding B to A. */
const FOREIGN = [
  B.name,
  B.externalId,
  'bravo',
  ...spellings(B.dataSubjects),
  ...spellings(B.records),
  ...spellings(A.dataSubjects + B.dataSubjects),
  ...spellings(A.records + B.records),
];

/** Every key at any depth of a JSON value. */
function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) keysOf(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      out.push(key);
      keysOf(inner, out);
    }
  }
  return out;
}

/** Numbers anywhere in a JSON value, with the key that holds them. */
function numbersOf(value: unknown, key = '', out: [string, number][] = []): [string, number][] {
  if (typeof value === 'number') out.push([key, value]);
  else if (Array.isArray(value)) for (const item of value) numbersOf(item, key, out);
  else if (value && typeof value === 'object') for (const [k, inner] of Object.entries(value)) numbersOf(inner, k, out);
  return out;
}

function expectNothingForeign(surface: string, text: string): void {
  const found = FOREIGN.filter((s) => text.toLowerCase().includes(s.toLowerCase()));
  expect({ surface, found }).toEqual({ surface, found: [] });
  expect({ surface, affectedCount: /affected.?tenants|tenants.?affected|total/i.test(text) }).toEqual({ surface, affectedCount: false });
}

describe('one tenant’s outputs say nothing of other tenants', () => {
  let h: Harness;
  let incidentId: string;
  let token: string;
  const seen: Record<string, string> = {};

  beforeAll(async () => {
    h = await Harness.start({ twilio: { autoCallbacks: { statuses: ['sent', 'delivered'], delayMs: 20 } } });
    const tenants = [A, B].map((t, i) =>
      sampleTenant({
        externalId: t.externalId,
        name: t.name,
        locale: 'en',
        dataSubjects: t.dataSubjects,
        records: t.records,
        contacts: [{ role: 'dpo', email: `dpo@${t.externalId}.example`, phone: `+4850100020${i}`, priority: 1 }],
      }),
    );
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);
    // B named in the scope too: the vendor's include list is about other tenants as well.
    incidentId = await h.fileAndDispatch(sampleIncident({ reference: 'INC-ISO-2', scope: { systems: ['sms-gateway'], includeTenants: [B.externalId] } }));
    await h.waitForCompletion(incidentId);
    const mails = await h.smtp.waitFor(2);
    token = ackTokenOf(mailTo(mails, `dpo@${A.externalId}.example`).text);
    // B acknowledges too: its acknowledgement must not show in A's outputs.
    await request(h.baseUrl).post(`/ack/${ackTokenOf(mailTo(mails, `dpo@${B.externalId}.example`).text)}`).set('Accept', 'application/json').expect(200);

    seen['ack page'] = (await request(h.baseUrl).get(`/ack/${token}`).expect(200)).text;
    seen['ack json'] = (await request(h.baseUrl).get(`/ack/${token}.json`).expect(200)).text;
    seen['ack post page'] = (await request(h.baseUrl).post(`/ack/${token}`).type('form').set('Accept', 'text/html').expect(200)).text;
    seen['ack post json'] = (await request(h.baseUrl).post(`/ack/${token}`).set('Accept', 'application/json').expect(200)).text;
    seen['ack page after'] = (await request(h.baseUrl).get(`/ack/${token}?lang=pl`).expect(200)).text;
    seen['ack json after'] = (await request(h.baseUrl).get(`/ack/${token}.json`).expect(200)).text;
    seen['evidence'] = (await h.auditor.get(`/v1/tenants/${A.externalId}/evidence?incidentId=${incidentId}`).expect(200)).text;
  });

  afterAll(() => h?.close());

  it('names and counts the tenant itself in its outputs (so the checks below look at real content)', () => {
    for (const surface of Object.keys(seen)) expect(seen[surface]).toContain(A.externalId);
    expect(seen['ack json']).toContain(String(A.dataSubjects));
    expect(JSON.parse(seen['evidence']).notices).toHaveLength(2);
  });

  it.each(['ack page', 'ack json', 'ack post page', 'ack post json', 'ack page after', 'ack json after'])('keeps the %s to this tenant', (surface) => {
    expectNothingForeign(surface, seen[surface]);
  });

  it('keeps the evidence pack to this tenant: no other tenant, no tenant count, no totals across tenants', () => {
    expectNothingForeign('evidence', seen['evidence']);
    const pack = JSON.parse(seen['evidence']);
    expect(keysOf(pack).filter((k) => /tenants|total|^ok$|^failed$|^notices$/i.test(k) && k !== 'notices')).toEqual([]);
    // Entries about the whole incident carry no figure but the version: counts of notices or tenants would be everyone's.
    const incidentWide = pack.audit.filter((e: { subject: string; details: Record<string, unknown> }) => e.subject === `incident:${incidentId}` && !('tenant' in e.details));
    expect(incidentWide.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['dispatch.planned', 'dispatch.completed']));
    for (const entry of incidentWide) expect({ action: entry.action, numbers: numbersOf(entry.details) }).toEqual({ action: entry.action, numbers: [['version', 1]] });
    expect(pack.audit.filter((e: { action: string }) => e.action === 'notice.acknowledged').map((e: { details: { tenant: string } }) => e.details.tenant)).toEqual([A.externalId]);
  });
});
