import { incident, tenant } from './support/delivery-fixtures';
import { dbFingerprint } from './support/db-fingerprint';
import { Harness } from './support/harness';
import { postLargeBody } from './support/raw-request';

/** A valid tenant and incident body, each case breaks one thing. */
const T = (patch: Record<string, unknown> = {}) => ({ ...tenant('corpus-t', [{ email: 'dpo@corpus.example', phone: '+48612345678' }]), ...patch });
const C = (patch: Record<string, unknown>) => T({ contacts: [{ role: 'dpo', email: 'dpo@corpus.example', ...patch }] });
const E = (patch: Record<string, unknown>) => T({ exposures: [{ system: 'mail-relay', dataCategories: ['email'], from: '2021-01-01', to: null, ...patch }] });
const I = (patch: Record<string, unknown> = {}) => incident('INC-CORPUS-OK', patch);
const S = (patch: Record<string, unknown>) => I({ scope: { systems: ['mail-relay'], ...patch } });
const without = (body: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
const json = (text: string) => ({ type: 'application/json', data: text });

interface Case {
  name: string;
  method?: 'post' | 'put' | 'get' | 'delete';
  /** `{draft}` is replaced by the id of a draft incident made in beforeAll. */
  path: string;
  body?: unknown;
  /** Sent as is, with this Content-Type. */
  raw?: { type: string; data: string };
  status: number;
  /** What the answer must name (in its message or its field list). */
  names: string;
}

/** The corpus: each row is one malformed request, the status it must get and what the answer must name. */
const CORPUS: Case[] = [
  // tenants: wrong types, missing fields, unknown enums, bad dates, reversed windows
  { name: 'tenant name as a number', method: 'put', path: '/v1/tenants/corpus-t', body: T({ name: 42 }), status: 400, names: 'name' },
  { name: 'tenant without a name', method: 'put', path: '/v1/tenants/corpus-t', body: without(T(), 'name'), status: 400, names: 'name' },
  { name: 'unknown locale', method: 'put', path: '/v1/tenants/corpus-t', body: T({ locale: 'xx' }), status: 400, names: 'locale' },
  { name: 'unknown country', method: 'put', path: '/v1/tenants/corpus-t', body: T({ country: 'XX' }), status: 400, names: 'country' },
  { name: 'unknown time zone', method: 'put', path: '/v1/tenants/corpus-t', body: T({ timezone: 'Mars/Olympus_Mons' }), status: 400, names: 'timezone' },
  { name: 'no contacts', method: 'put', path: '/v1/tenants/corpus-t', body: T({ contacts: [] }), status: 400, names: 'contacts' },
  { name: 'contacts as an object', method: 'put', path: '/v1/tenants/corpus-t', body: T({ contacts: { role: 'dpo' } }), status: 400, names: 'contacts' },
  { name: 'contact with neither email nor phone', method: 'put', path: '/v1/tenants/corpus-t', body: T({ contacts: [{ role: 'dpo' }] }), status: 400, names: 'contacts[0].email' },
  { name: 'phone not in E.164', method: 'put', path: '/v1/tenants/corpus-t', body: C({ phone: '0612 345 678' }), status: 400, names: 'contacts[0].phone' },
  { name: 'email without a domain', method: 'put', path: '/v1/tenants/corpus-t', body: C({ email: 'dpo@' }), status: 400, names: 'contacts[0].email' },
  { name: 'priority as a string', method: 'put', path: '/v1/tenants/corpus-t', body: C({ priority: '1' }), status: 400, names: 'contacts[0].priority' },
  { name: 'negative priority', method: 'put', path: '/v1/tenants/corpus-t', body: C({ priority: -1 }), status: 400, names: 'contacts[0].priority' },
  { name: 'unknown data category', method: 'put', path: '/v1/tenants/corpus-t', body: E({ dataCategories: ['dna_sequence'] }), status: 400, names: 'exposures[0].dataCategories' },
  { name: 'impossible exposure date', method: 'put', path: '/v1/tenants/corpus-t', body: E({ from: '2021-02-30' }), status: 400, names: 'exposures[0].from' },
  { name: 'exposure that ends before it starts', method: 'put', path: '/v1/tenants/corpus-t', body: E({ from: '2022-01-01', to: '2021-01-01' }), status: 400, names: 'exposures[0].to' },
  { name: 'fractional record count', method: 'put', path: '/v1/tenants/corpus-t', body: E({ records: 1.5 }), status: 400, names: 'exposures[0].records' },
  { name: 'unknown tenant field', method: 'put', path: '/v1/tenants/corpus-t', body: T({ colour: 'blue' }), status: 400, names: 'colour' },
  { name: 'externalId in the path that is not one', method: 'put', path: '/v1/tenants/has%20spaces%20and%20%3Cangles%3E', body: without(T(), 'externalId'), status: 400, names: 'externalId' },
  { name: 'externalId in the body differing from the path', method: 'put', path: '/v1/tenants/corpus-t', body: T({ externalId: 'other' }), status: 400, names: 'externalId' },
  { name: 'tenant body that is an array', method: 'put', path: '/v1/tenants/corpus-t', body: [T()], status: 400, names: 'JSON object' },
  // prototype pollution
  { name: '__proto__ key in a tenant', method: 'put', path: '/v1/tenants/corpus-t', raw: json(JSON.stringify(T()).replace(/^\{/, '{"__proto__": {"isAdmin": true}, ')), status: 400, names: '__proto__' },
  { name: 'constructor key in a contact', method: 'put', path: '/v1/tenants/corpus-t', body: C({ constructor: { prototype: { isAdmin: true } } }), status: 400, names: 'constructor' },
  { name: '__proto__ key in an incident scope', path: '/v1/incidents', raw: json(JSON.stringify(I({ reference: 'INC-PROTO' })).replace('"scope":{', '"scope":{"__proto__":{"polluted":1},')), status: 400, names: '__proto__' },
  // huge strings
  { name: 'tenant name of 100,000 characters', method: 'put', path: '/v1/tenants/corpus-t', body: T({ name: 'N'.repeat(100_000) }), status: 400, names: 'name' },
  { name: 'incident description of 50,000 characters', path: '/v1/incidents', body: I({ reference: 'INC-HUGE', description: 'd'.repeat(50_000) }), status: 400, names: 'description' },
  { name: 'reference of 10,000 characters', path: '/v1/incidents', body: I({ reference: 'R'.repeat(10_000) }), status: 400, names: 'reference' },
  // imports
  { name: 'import without a tenants array', path: '/v1/tenants/import', body: { tenants: 'all of them' }, status: 400, names: 'tenants' },
  { name: 'empty import', path: '/v1/tenants/import', body: { tenants: [] }, status: 400, names: 'tenants' },
  { name: 'import repeating an externalId', path: '/v1/tenants/import', body: { tenants: [T(), T()] }, status: 400, names: 'tenants[1].externalId' },
  { name: 'import with a stray top-level field', path: '/v1/tenants/import', body: { tenants: [T()], dryRun: true }, status: 400, names: 'dryRun' },
  // incidents
  { name: 'incident without a reference', path: '/v1/incidents', body: without(I(), 'reference'), status: 400, names: 'reference' },
  { name: 'incident without a contact point', path: '/v1/incidents', body: without(I(), 'contact'), status: 400, names: 'contact' },
  { name: 'reference with spaces', path: '/v1/incidents', body: I({ reference: 'INC 2024 1' }), status: 400, names: 'reference' },
  { name: 'awareAt without a zone', path: '/v1/incidents', body: I({ awareAt: '2024-05-02T08:00:00' }), status: 400, names: 'awareAt' },
  { name: 'awareAt on the 45th of the 13th month', path: '/v1/incidents', body: I({ awareAt: '2024-13-45T08:00:00Z' }), status: 400, names: 'awareAt' },
  { name: 'awareAt as a number', path: '/v1/incidents', body: I({ awareAt: 1714636800000 }), status: 400, names: 'awareAt' },
  { name: 'breach that ends before it starts', path: '/v1/incidents', body: I({ occurredFrom: '2024-05-02T00:00:00Z', occurredTo: '2024-05-01T00:00:00Z' }), status: 400, names: 'occurredTo' },
  { name: 'exposure window reversed', path: '/v1/incidents', body: S({ exposedFrom: '2024-05-01', exposedTo: '2020-01-01' }), status: 400, names: 'scope.exposedTo' },
  { name: 'unknown nature', path: '/v1/incidents', body: I({ nature: ['confidentiality', 'vibes'] }), status: 400, names: 'nature' },
  { name: 'unknown channel', path: '/v1/incidents', body: I({ channels: ['fax'] }), status: 400, names: 'channels' },
  { name: 'no channels', path: '/v1/incidents', body: I({ channels: [] }), status: 400, names: 'channels' },
  { name: 'unknown source kind', path: '/v1/incidents', body: I({ source: { kind: 'vendor', name: 'x' } }), status: 400, names: 'source.kind' },
  { name: 'title in an unknown locale', path: '/v1/incidents', body: I({ title: { xx: 'Hallo' } }), status: 400, names: 'title' },
  { name: 'scope as a string', path: '/v1/incidents', body: I({ scope: 'everything' }), status: 400, names: 'scope' },
  { name: 'unknown data category in the scope', path: '/v1/incidents', body: S({ dataCategories: ['thoughts'] }), status: 400, names: 'scope.dataCategories' },
  { name: 'contact point with a bad phone', path: '/v1/incidents', body: I({ contact: { name: 'DPO', phone: '12345' } }), status: 400, names: 'contact.phone' },
  // incident details a DPO acts on (Contract v2)
  { name: 'unknown language', path: '/v1/incidents', body: I({ reference: 'INC-V2-1', language: 'xx' }), status: 400, names: 'language' },
  { name: 'blank service', path: '/v1/incidents', body: I({ reference: 'INC-V2-2', service: ' ' }), status: 400, names: 'service' },
  { name: 'systemNames as a list', path: '/v1/incidents', body: I({ reference: 'INC-V2-3', systemNames: ['Mail relay'] }), status: 400, names: 'systemNames' },
  { name: 'system name in an unknown locale', path: '/v1/incidents', body: I({ reference: 'INC-V2-4', systemNames: { 'mail-relay': { xx: 'Relay' } } }), status: 400, names: 'systemNames.mail-relay' },
  { name: 'system name of 201 characters', path: '/v1/incidents', body: I({ reference: 'INC-V2-5', systemNames: { 'mail-relay': 'r'.repeat(201) } }), status: 400, names: 'systemNames.mail-relay' },
  { name: 'system name key of 201 characters', path: '/v1/incidents', body: I({ reference: 'INC-V2-6', systemNames: { ['k'.repeat(201)]: 'Relay' } }), status: 400, names: 'systemNames' },
  { name: 'containedAt without a zone', path: '/v1/incidents', body: I({ reference: 'INC-V2-7', containedAt: '2024-05-01T12:00:00' }), status: 400, names: 'containedAt' },
  { name: 'containedAt with contained: false', path: '/v1/incidents', body: I({ reference: 'INC-V2-8', containedAt: '2024-05-01T12:00:00Z', contained: false }), status: 400, names: 'containedAt' },
  { name: 'containedAt next year', path: '/v1/incidents', body: I({ reference: 'INC-V2-9', containedAt: new Date(Date.now() + 365 * 86_400_000).toISOString() }), status: 400, names: 'containedAt' },
  { name: 'containedAt before the breach began', path: '/v1/incidents', body: I({ reference: 'INC-V2-10', containedAt: '2024-04-30T00:00:00Z' }), status: 400, names: 'containedAt' },
  { name: 'finding outside yes/no/unknown', path: '/v1/incidents', body: I({ reference: 'INC-V2-11', findings: { exfiltrated: 'probably' } }), status: 400, names: 'findings.exfiltrated' },
  { name: 'unknown finding', path: '/v1/incidents', body: I({ reference: 'INC-V2-12', findings: { sold: 'yes' } }), status: 400, names: 'findings.sold' },
  { name: 'unknown encryption state', path: '/v1/incidents', body: I({ reference: 'INC-V2-13', encryption: 'rot13' }), status: 400, names: 'encryption' },
  { name: 'notAffected as a number', path: '/v1/incidents', body: I({ reference: 'INC-V2-14', notAffected: 7 }), status: 400, names: 'notAffected' },
  { name: 'unknown ruled-out category', path: '/v1/incidents', body: I({ reference: 'INC-V2-15', ruledOutCategories: ['thoughts'] }), status: 400, names: 'ruledOutCategories' },
  { name: 'ruled-out category the scope concerns', path: '/v1/incidents', body: I({ reference: 'INC-V2-16', ruledOutCategories: ['email'] }), status: 400, names: 'ruledOutCategories' },
  { name: 'notification to an unknown recipient', path: '/v1/incidents', body: I({ reference: 'INC-V2-17', notifications: [{ to: 'press', name: 'Daily News' }] }), status: 400, names: 'notifications[0].to' },
  { name: 'notification without a name', path: '/v1/incidents', body: I({ reference: 'INC-V2-18', notifications: [{ to: 'authority' }] }), status: 400, names: 'notifications[0].name' },
  { name: 'notification time without a zone', path: '/v1/incidents', body: I({ reference: 'INC-V2-19', notifications: [{ to: 'police', name: 'Polizei', at: '2024-05-02 10:00' }] }), status: 400, names: 'notifications[0].at' },
  { name: '51 notifications', path: '/v1/incidents', body: I({ reference: 'INC-V2-20', notifications: Array.from({ length: 51 }, () => ({ to: 'other', name: 'x' })) }), status: 400, names: 'notifications' },
  { name: 'delayReason in an unknown locale', path: '/v1/incidents', body: I({ reference: 'INC-V2-21', delayReason: { xx: 'late' } }), status: 400, names: 'delayReason' },
  { name: 'contact point name in an unknown locale', path: '/v1/incidents', body: I({ reference: 'INC-V2-22', contact: { name: { xx: 'Desk' }, email: 'security@vendor.example' } }), status: 400, names: 'contact.name' },
  { name: 'blank contact availability', path: '/v1/incidents', body: I({ reference: 'INC-V2-23', contact: { name: 'Desk', email: 'security@vendor.example', availability: '' } }), status: 400, names: 'contact.availability' },
  { name: 'DPO with neither email nor phone', path: '/v1/incidents', body: I({ reference: 'INC-V2-24', contact: { name: 'Desk', email: 'security@vendor.example', dpo: { name: 'Maria' } } }), status: 400, names: 'contact.dpo.email' },
  { name: 'DPO phone not in E.164', path: '/v1/incidents', body: I({ reference: 'INC-V2-25', contact: { name: 'Desk', email: 'security@vendor.example', dpo: { phone: '030 1234567' } } }), status: 400, names: 'contact.dpo.phone' },
  { name: 'update with an unknown encryption state', path: '/v1/incidents/{draft}/updates', body: { changeSummary: 'x', encryption: 'strong' }, status: 400, names: 'encryption' },
  { name: 'update with containedAt next year', path: '/v1/incidents/{draft}/updates', body: { changeSummary: 'x', containedAt: new Date(Date.now() + 365 * 86_400_000).toISOString() }, status: 400, names: 'containedAt' },
  { name: 'update with a bad system name', path: '/v1/incidents/{draft}/updates', body: { changeSummary: 'x', systemNames: { 'mail-relay': '' } }, status: 400, names: 'systemNames.mail-relay' },
  { name: 'unknown subject category', method: 'put', path: '/v1/tenants/corpus-t', body: E({ subjectCategories: ['aliens'] }), status: 400, names: 'exposures[0].subjectCategories' },
  { name: 'subject category repeated', method: 'put', path: '/v1/tenants/corpus-t', body: E({ subjectCategories: ['customers', 'customers'] }), status: 400, names: 'exposures[0].subjectCategories' },
  { name: 'subject categories as a string', method: 'put', path: '/v1/tenants/corpus-t', body: E({ subjectCategories: 'customers' }), status: 400, names: 'exposures[0].subjectCategories' },
  { name: 'unknown subject category in an import', path: '/v1/tenants/import', body: { tenants: [E({ subjectCategories: ['voters'] })] }, status: 400, names: 'tenants[0].exposures[0].subjectCategories' },
  // each tenant's own clocks
  { name: 'unknown regime', method: 'put', path: '/v1/tenants/corpus-t', body: T({ regimes: ['gdpr', 'sox'] }), status: 400, names: 'regimes' },
  { name: 'regime repeated', method: 'put', path: '/v1/tenants/corpus-t', body: T({ regimes: ['nis2', 'nis2'] }), status: 400, names: 'regimes' },
  { name: 'regimes as a string', method: 'put', path: '/v1/tenants/corpus-t', body: T({ regimes: 'gdpr' }), status: 400, names: 'regimes' },
  { name: 'empty regimes', method: 'put', path: '/v1/tenants/corpus-t', body: T({ regimes: [] }), status: 400, names: 'regimes' },
  { name: 'notice deadline of 0 hours', method: 'put', path: '/v1/tenants/corpus-t', body: T({ noticeDeadlineHours: 0 }), status: 400, names: 'noticeDeadlineHours' },
  { name: 'notice deadline of 721 hours', method: 'put', path: '/v1/tenants/corpus-t', body: T({ noticeDeadlineHours: 721 }), status: 400, names: 'noticeDeadlineHours' },
  { name: 'fractional notice deadline', method: 'put', path: '/v1/tenants/corpus-t', body: T({ noticeDeadlineHours: 1.5 }), status: 400, names: 'noticeDeadlineHours' },
  { name: 'notice deadline as a string', method: 'put', path: '/v1/tenants/corpus-t', body: T({ noticeDeadlineHours: '24' }), status: 400, names: 'noticeDeadlineHours' },
  { name: 'unknown regime in an import', path: '/v1/tenants/import', body: { tenants: [T({ regimes: ['ccpa'] })] }, status: 400, names: 'tenants[0].regimes' },
  { name: 'board of an unknown state', method: 'get', path: '/v1/incidents/{draft}/tenants?state=lost', status: 400, names: 'state' },
  { name: 'board of an unknown order', method: 'get', path: '/v1/incidents/{draft}/tenants?order=name', status: 400, names: 'order' },
  { name: 'board limit over 500', method: 'get', path: '/v1/incidents/{draft}/tenants?limit=501', status: 400, names: 'limit' },
  { name: 'forged board cursor', method: 'get', path: '/v1/incidents/{draft}/tenants?cursor=AAAA', status: 400, names: 'cursor' },
  { name: 'board state given twice', method: 'get', path: '/v1/incidents/{draft}/tenants?state=late&state=unsent', status: 400, names: 'state' },
  { name: 'board export of an unknown state', method: 'get', path: '/v1/incidents/{draft}/tenants.csv?state=lost', status: 400, names: 'state' },
  { name: 'update without a change summary', path: '/v1/incidents/{draft}/updates', body: { title: 'New title' }, status: 400, names: 'changeSummary' },
  { name: 'update that changes the reference', path: '/v1/incidents/{draft}/updates', body: { changeSummary: 'x', reference: 'INC-OTHER' }, status: 400, names: 'reference' },
  { name: 'dispatch of an id that is not one', path: '/v1/incidents/not-a-uuid/dispatch', status: 404, names: 'not-a-uuid' },
  // api keys
  { name: 'api key with an unknown role', path: '/v1/api-keys', body: { name: 'ci', role: 'superuser', owner: 'ci@vendor.example' }, status: 400, names: 'role' },
  { name: 'api key without a name', path: '/v1/api-keys', body: { role: 'auditor', owner: 'ci@vendor.example' }, status: 400, names: 'name' },
  { name: 'api key without an owner', path: '/v1/api-keys', body: { name: 'ci', role: 'auditor' }, status: 400, names: 'owner' },
  { name: 'api key owner with a control character', path: '/v1/api-keys', body: { name: 'ci', role: 'auditor', owner: 'ci\u0007@vendor.example' }, status: 400, names: 'owner' },
  { name: 'revoke of a key id that is not one', method: 'delete', path: '/v1/api-keys/not-a-uuid', status: 400, names: 'id' },
  // queries
  { name: 'limit of zero', method: 'get', path: '/v1/notices?limit=0', status: 400, names: 'limit' },
  { name: 'limit that is not a number', method: 'get', path: '/v1/notices?limit=lots', status: 400, names: 'limit' },
  { name: 'limit given twice', method: 'get', path: '/v1/notices?limit=1&limit=2', status: 400, names: 'limit' },
  { name: 'unknown notice status', method: 'get', path: '/v1/notices?status=lost', status: 400, names: 'status' },
  { name: 'incidentId that is not a UUID', method: 'get', path: '/v1/notices?incidentId=1%20OR%201=1', status: 400, names: 'incidentId' },
  { name: 'forged cursor', method: 'get', path: '/v1/notices?cursor=AAAA', status: 400, names: 'cursor' },
  { name: 'negative audit limit', method: 'get', path: '/v1/audit?limit=-5', status: 400, names: 'limit' },
  // control characters: NUL, other C0 and C1 controls anywhere, line breaks and bidi controls in names
  { name: 'NUL in a tenant name', method: 'put', path: '/v1/tenants/corpus-t', body: T({ name: 'City\u0000Hall' }), status: 400, names: 'name' },
  { name: 'line feed in a tenant name', method: 'put', path: '/v1/tenants/corpus-t', body: T({ name: 'City\nHall' }), status: 400, names: 'name' },
  { name: 'bidi override in a tenant name', method: 'put', path: '/v1/tenants/corpus-t', body: T({ name: 'City \u202Ellah' }), status: 400, names: 'name' },
  { name: 'bidi isolate in a contact role', method: 'put', path: '/v1/tenants/corpus-t', body: C({ role: 'dpo\u2066x\u2069' }), status: 400, names: 'contacts[0].role' },
  { name: 'C1 control in a contact name', method: 'put', path: '/v1/tenants/corpus-t', body: C({ name: 'Anna\u0085Nowak' }), status: 400, names: 'contacts[0].name' },
  { name: 'NUL in an exposure system', method: 'put', path: '/v1/tenants/corpus-t', body: E({ system: 'mail\u0000relay' }), status: 400, names: 'exposures[0].system' },
  { name: 'NUL in an imported tenant name', path: '/v1/tenants/import', body: { tenants: [T({ name: 'x\u0000' })] }, status: 400, names: 'tenants[0].name' },
  { name: 'NUL in an incident title', path: '/v1/incidents', body: I({ reference: 'INC-NUL-1', title: 'Logs\u0000exposed' }), status: 400, names: 'title' },
  { name: 'NUL in one locale of a description', path: '/v1/incidents', body: I({ reference: 'INC-NUL-2', description: { en: 'fine', pl: 'zle\u0000' } }), status: 400, names: 'description.pl' },
  { name: 'escape character in a description', path: '/v1/incidents', body: I({ reference: 'INC-NUL-3', description: 'colour \u001b[31mred' }), status: 400, names: 'description' },
  { name: 'C1 control in consequences', path: '/v1/incidents', body: I({ reference: 'INC-NUL-4', consequences: 'a\u009bb' }), status: 400, names: 'consequences' },
  { name: 'bidi override in the source name', path: '/v1/incidents', body: I({ reference: 'INC-NUL-5', source: { kind: 'sub_processor', name: 'Serwer\u202ESMS' } }), status: 400, names: 'source.name' },
  { name: 'NUL in a scope system', path: '/v1/incidents', body: S({ systems: ['mail-relay', 'x\u0000'] }), status: 400, names: 'scope.systems[1]' },
  { name: 'NUL in the contact point name', path: '/v1/incidents', body: I({ reference: 'INC-NUL-6', contact: { name: 'DPO\u0000', email: 'dpo@vendor.example' } }), status: 400, names: 'contact.name' },
  { name: 'NUL in a change summary', path: '/v1/incidents/{draft}/updates', body: { changeSummary: 'numbers\u0000known' }, status: 400, names: 'changeSummary' },
  { name: 'NUL in an api key name', path: '/v1/api-keys', body: { name: 'ci\u0000', role: 'auditor' }, status: 400, names: 'name' },
  { name: 'unpaired surrogate in an api key name', path: '/v1/api-keys', raw: json('{"name": "ci \\ud800", "role": "auditor"}'), status: 400, names: 'name' },
  { name: 'unpaired surrogate in an incident description', path: '/v1/incidents', raw: json(JSON.stringify(I({ reference: 'INC-SURROGATE' })).replace('"description":"', '"description":"\\udc00')), status: 400, names: 'description' },
  { name: 'bidi override in an api key name', path: '/v1/api-keys', body: { name: 'ci \u202Eyek', role: 'auditor' }, status: 400, names: 'name' },
  // nesting
  { name: 'array nested 5,000 deep in the scope', path: '/v1/incidents', raw: json(JSON.stringify(S({})).replace('"systems":[', `"systems":[${'['.repeat(5000)}${']'.repeat(5000)},`)), status: 400, names: 'nested' },
  { name: 'object nested 5,000 deep in an import row', path: '/v1/tenants/import', raw: json(`{"tenants":[${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}]}`), status: 400, names: 'nested' },
  { name: 'object nested 33 deep in a tenant', method: 'put', path: '/v1/tenants/corpus-t', raw: json(JSON.stringify(T()).replace(/^\{/, `{"x":${'{"a":'.repeat(32)}1${'}'.repeat(32)},`)), status: 400, names: 'nested' },
  // query strings and path parameters: control characters, repeats, brackets, times the database cannot read
  { name: 'NUL in the notice tenant filter', method: 'get', path: '/v1/notices?tenant=%00', status: 400, names: 'tenant' },
  { name: 'notice tenant filter given twice', method: 'get', path: '/v1/notices?tenant=a&tenant=b', status: 400, names: 'tenant' },
  { name: 'notice status as an array', method: 'get', path: '/v1/notices?status[]=sent', status: 400, names: 'status' },
  { name: 'notice filter as an object', method: 'get', path: '/v1/notices?tenant[name]=x', status: 400, names: 'tenant' },
  { name: 'notice time in year 10,000', method: 'get', path: '/v1/notices?from=%2B010000-01-01T00:00:00Z', status: 400, names: 'from' },
  { name: 'notice export format given twice', method: 'get', path: '/v1/notices/export?format=csv&format=ndjson', status: 400, names: 'format' },
  { name: 'audit from that is a bare number', method: 'get', path: '/v1/audit?from=1', status: 400, names: 'from' },
  { name: 'audit from that is a bare year', method: 'get', path: '/v1/audit?from=2024', status: 400, names: 'from' },
  { name: 'audit to without a zone', method: 'get', path: '/v1/audit?to=2024-05-01T00:00:00', status: 400, names: 'to' },
  { name: 'NUL in the audit action filter', method: 'get', path: '/v1/audit?action=%00', status: 400, names: 'action' },
  { name: 'audit actor given twice', method: 'get', path: '/v1/audit?actor=a&actor=b', status: 400, names: 'actor' },
  { name: 'audit cursor given twice', method: 'get', path: '/v1/audit?cursor=1&cursor=2', status: 400, names: 'cursor' },
  { name: 'NUL in a tenant search', method: 'get', path: '/v1/tenants?search=%00', status: 400, names: 'search' },
  { name: 'tenant cursor given twice', method: 'get', path: '/v1/tenants?cursor=a&cursor=b', status: 400, names: 'cursor' },
  { name: 'C1 control in a tenant cursor', method: 'get', path: '/v1/tenants?cursor=%C2%85', status: 400, names: 'cursor' },
  { name: 'NUL in a tenant externalId in the path', method: 'get', path: '/v1/tenants/corpus%00t', status: 400, names: 'externalId' },
  { name: 'NUL in a sandbox recipient filter', method: 'get', path: '/v1/sandbox/messages?to=%00', status: 400, names: 'to' },
  { name: 'sandbox channel given twice', method: 'get', path: '/v1/sandbox/messages?channel=sms&channel=email', status: 400, names: 'channel' },
  { name: 'incident limit as an array', method: 'get', path: '/v1/incidents?limit[]=5', status: 400, names: 'limit' },
  { name: 'ack language given twice', method: 'get', path: '/ack/not-a-token?lang=en&lang=pl', status: 400, names: 'lang' },
  // bodies: syntax, media types, sizes
  { name: 'JSON cut short', path: '/v1/incidents', raw: json('{"reference": "INC-1", "title": '), status: 400, names: 'not valid JSON' },
  { name: 'JSON null', path: '/v1/incidents', raw: json('null'), status: 400, names: 'JSON' },
  { name: 'text/plain body', path: '/v1/incidents', raw: { type: 'text/plain', data: 'reference=INC-1' }, status: 415, names: 'text/plain' },
  { name: 'form body on a JSON endpoint', path: '/v1/incidents', raw: { type: 'application/x-www-form-urlencoded', data: 'reference=INC-1' }, status: 415, names: 'application/x-www-form-urlencoded' },
  { name: 'XML body', method: 'put', path: '/v1/tenants/corpus-t', raw: { type: 'application/xml', data: '<tenant/>' }, status: 415, names: 'application/xml' },
  { name: 'JSON in a charset body-parser cannot read', path: '/v1/incidents', raw: { type: 'application/json; charset=ebcdic', data: '{}' }, status: 415, names: 'charset' },
  { name: 'body over 1 MB', method: 'put', path: '/v1/tenants/corpus-t', raw: json(JSON.stringify(T({ name: 'x'.repeat(1_100_000) }))), status: 413, names: 'too large' },
];

/**
 * The bad-input corpus: every malformed request gets a 4xx that names the problem, never a 5xx, and
 * leaves every table of the database exactly as it was (row counts and contents).
 */
describe('bad input', () => {
  let h: Harness;
  let draft: string;
  const fingerprint = () => dbFingerprint(h.db);

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.admin.put('/v1/tenants/corpus-t', T()).expect(201);
    draft = (await h.admin.post('/v1/incidents', incident('INC-CORPUS-DRAFT')).expect(201)).body.id;
  });

  afterAll(() => h?.close());

  it('has at least 40 cases', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await fingerprint();
    const path = c.path.replace('{draft}', draft);
    let req = h.admin[c.method ?? 'post'](path);
    if (c.raw) req = req.set('Content-Type', c.raw.type).send(c.raw.data);
    else if (c.body !== undefined) req = req.send(c.body as object);
    const res = await req;
    const answer = `${res.body?.message ?? ''} ${JSON.stringify(res.body?.errors ?? [])}`;
    expect({ status: res.status, names: answer.includes(c.names) }).toEqual({ status: c.status, names: true });
    expect(res.body).toMatchObject({ statusCode: c.status, error: expect.any(String), message: expect.any(String) });
    expect(await fingerprint()).toEqual(before);
  });

  it('rejects an import of more than 100 MB with 413', async () => {
    const before = await fingerprint();
    const res = await postLargeBody(h.baseUrl, '/v1/tenants/import', h.admin.key!, 100 * 1024 * 1024 + 1);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/too large/);
    expect(await fingerprint()).toEqual(before);
  });

  it('rejects a 100,000-row import with one bad row, naming that row and field, and writes nothing', async () => {
    const before = await fingerprint();
    const BAD = 73_214;
    // lean rows (one email contact, no exposures) keep the 100,000 validations to a few seconds
    const tenants = Array.from({ length: 100_000 }, (_, i) => ({
      ...without(tenant(`bulk-${i}`, [{ email: `dpo@bulk-${i}.example`, phone: i === BAD ? '+4915' : undefined }]), 'exposures'),
    }));
    const res = await h.admin.post('/v1/tenants/import', { tenants });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(`tenants[${BAD}].contacts[0].phone`);
    expect(res.body.errors).toEqual([{ index: BAD, field: `tenants[${BAD}].contacts[0].phone`, message: expect.stringMatching(/phone/) }]);
    expect(await fingerprint()).toEqual(before);
  }, 600_000);
});
