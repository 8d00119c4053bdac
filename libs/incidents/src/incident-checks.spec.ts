import { validateDto } from '@app/kernel';
import { CreateIncidentDto, IncidentBody, UpdateIncidentDto } from './incident.dto';
import { consistencyProblems, containedAtProblems, settleContainment, systemNamesProblems } from './incident-checks';

const base = {
  reference: 'INC-1',
  title: 'Archive read',
  awareAt: '2023-04-19T14:00:00Z',
  nature: ['confidentiality'],
  scope: { systems: ['sms-gateway'], dataCategories: ['phone_number'] },
  contact: { name: 'Incident desk', email: 'security@vendor.example' },
  channels: ['email'],
};

const full = {
  ...base,
  language: 'pl',
  service: { en: 'SMS gateway', pl: 'bramka SMS' },
  systemNames: { 'sms-gateway': { en: 'SMS gateway', pl: 'bramka SMS' }, 'not-in-scope': 'Archive' },
  containedAt: '2023-04-19T18:00:00+02:00',
  findings: { accessed: 'yes', exfiltrated: 'unknown', published: 'no', misused: 'no' },
  encryption: 'encrypted_key_compromised',
  notAffected: 'Payment data is held elsewhere.',
  ruledOutCategories: ['payment_data', 'credentials'],
  notifications: [
    { to: 'authority', name: 'UODO', at: '2023-04-20T09:00:00Z', reference: 'DKN.5130.1.2023' },
    { to: 'police', name: 'Policja' },
  ],
  delayReason: { en: 'The sub-processor told us late.' },
  contact: {
    name: { en: 'Incident desk', pl: 'Zespół ds. incydentów' },
    email: 'security@vendor.example',
    availability: '24/7',
    dpo: { name: 'Maria Kowalska', phone: '+48221234567' },
  },
};

const fieldsOf = (plain: unknown) => validateDto(CreateIncidentDto, plain).problems.map((p) => p.field);

describe('incident fields', () => {
  it('accepts every field of a notice a DPO can act on', () => {
    expect(validateDto(CreateIncidentDto, full).problems).toEqual([]);
    expect(validateDto(UpdateIncidentDto, { changeSummary: 'More known', findings: { exfiltrated: 'yes' }, containedAt: null }).problems).toEqual([]);
  });

  it.each([
    ['language', { language: 'xx' }, 'language'],
    ['service', { service: '' }, 'service'],
    ['service in an unknown locale', { service: { xx: 'SMS' } }, 'service'],
    ['containedAt without a zone', { containedAt: '2023-04-19T18:00:00' }, 'containedAt'],
    ['a finding outside yes/no/unknown', { findings: { accessed: 'maybe' } }, 'findings.accessed'],
    ['an unknown finding', { findings: { leaked: 'yes' } }, 'findings.leaked'],
    ['findings as a list', { findings: ['accessed'] }, 'findings'],
    ['encryption', { encryption: 'rot13' }, 'encryption'],
    ['notAffected', { notAffected: '   ' }, 'notAffected'],
    ['an unknown ruled-out category', { ruledOutCategories: ['thoughts'] }, 'ruledOutCategories'],
    ['a repeated ruled-out category', { ruledOutCategories: ['email', 'email'] }, 'ruledOutCategories'],
    ['a notification to nobody known', { notifications: [{ to: 'press', name: 'Daily' }] }, 'notifications[0].to'],
    ['a notification without a name', { notifications: [{ to: 'police' }] }, 'notifications[0].name'],
    ['a notification time without a zone', { notifications: [{ to: 'csirt', name: 'CERT', at: 'yesterday' }] }, 'notifications[0].at'],
    ['a notification reference of 201 characters', { notifications: [{ to: 'other', name: 'Insurer', reference: 'r'.repeat(201) }] }, 'notifications[0].reference'],
    ['51 notifications', { notifications: Array.from({ length: 51 }, () => ({ to: 'other', name: 'x' })) }, 'notifications'],
    ['delayReason', { delayReason: 42 }, 'delayReason'],
    ['a contact name of 201 characters', { contact: { name: 'n'.repeat(201), email: 'a@b.example' } }, 'contact.name'],
    ['a contact name in an unknown locale', { contact: { name: { xx: 'Desk' }, email: 'a@b.example' } }, 'contact.name'],
    ['a contact name on two lines', { contact: { name: { en: 'Incident\ndesk' }, email: 'a@b.example' } }, 'contact.name.en'],
    ['contact availability', { contact: { name: 'Desk', email: 'a@b.example', availability: '' } }, 'contact.availability'],
    ['a DPO with neither email nor phone', { contact: { name: 'Desk', email: 'a@b.example', dpo: { name: 'Maria' } } }, 'contact.dpo.email'],
    ['a DPO phone not in E.164', { contact: { name: 'Desk', email: 'a@b.example', dpo: { phone: '022 123 45 67' } } }, 'contact.dpo.phone'],
    ['a DPO with a bad email', { contact: { name: 'Desk', email: 'a@b.example', dpo: { email: 'dpo@' } } }, 'contact.dpo.email'],
    ['systemNames as a list', { systemNames: ['SMS gateway'] }, 'systemNames'],
    ['a system name on two lines', { systemNames: { 'sms-gateway': 'SMS\ngateway' } }, 'systemNames.sms-gateway'],
  ])('names %s', (_name, patch, field) => {
    expect(fieldsOf({ ...base, ...patch })).toContain(field);
  });
});

describe(systemNamesProblems.name, () => {
  it('names each system whose name is not a name', () => {
    const names = { 'sms-gateway': 'SMS gateway', archive: '', crm: { xx: 'CRM' }, shop: 'x'.repeat(201), portal: { pl: 'Portal' }, list: ['a'] };
    expect(systemNamesProblems(names, []).map((p) => p.field)).toEqual(['systemNames.archive', 'systemNames.crm', 'systemNames.shop', 'systemNames.list']);
  });

  it('refuses keys that are no system identifier and more than 1000 systems, and says nothing twice', () => {
    expect(systemNamesProblems({ '': 'Blank', ['k'.repeat(201)]: 'Long' }, []).map((p) => p.field)).toEqual(['systemNames', 'systemNames']);
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`s-${i}`, 'name']));
    expect(systemNamesProblems(many, [])).toEqual([{ field: 'systemNames', message: expect.stringContaining('1000') }]);
    expect(systemNamesProblems(['x'], [{ field: 'systemNames', message: 'systemNames must be an object' }])).toEqual([]);
    expect(systemNamesProblems(undefined, [])).toEqual([]);
  });
});

describe(containedAtProblems.name, () => {
  const now = Date.parse('2024-05-02T12:00:00Z');

  it('allows the past and a clock a few minutes fast, refuses the future', () => {
    expect(containedAtProblems('2024-05-02T12:04:00Z', [], now)).toEqual([]);
    expect(containedAtProblems('2024-05-01T12:00:00Z', [], now)).toEqual([]);
    expect(containedAtProblems(null, [], now)).toEqual([]);
    expect(containedAtProblems('2024-05-02T14:10:00+02:00', [], now)).toEqual([{ field: 'containedAt', message: expect.stringContaining('future') }]);
  });
});

describe(settleContainment.name, () => {
  it('reads a containment time as contained', () => {
    const body: Partial<IncidentBody> = { containedAt: '2024-05-01T00:00:00Z' };
    settleContainment(body);
    expect(body.contained).toBe(true);
    const unknown: Partial<IncidentBody> = { containedAt: '2024-05-01T00:00:00Z', contained: null };
    settleContainment(unknown);
    expect(unknown.contained).toBe(true);
  });

  it('lets an update that gives the time turn an ongoing breach into a contained one', () => {
    const changes: Partial<IncidentBody> = { containedAt: '2024-05-01T00:00:00Z' };
    const merged: Partial<IncidentBody> = { contained: false, ...changes };
    settleContainment(merged, changes);
    expect(merged.contained).toBe(true);
  });

  it('keeps a contained: false that the same body states, for the consistency check to refuse', () => {
    const body: Partial<IncidentBody> = { containedAt: '2024-05-01T00:00:00Z', contained: false };
    settleContainment(body);
    expect(consistencyProblems(body)).toEqual([{ field: 'containedAt', message: expect.stringContaining('contained: false') }]);
    const merged: Partial<IncidentBody> = { containedAt: '2024-05-01T00:00:00Z', contained: false };
    settleContainment(merged, { contained: false });
    expect(consistencyProblems(merged).map((p) => p.field)).toEqual(['containedAt']);
  });
});

describe(consistencyProblems.name, () => {
  it('refuses a category both concerned and ruled out, naming ruledOutCategories', () => {
    const body = { scope: { dataCategories: ['phone_number', 'message_content'] }, ruledOutCategories: ['message_content', 'payment_data'] } as Partial<IncidentBody>;
    expect(consistencyProblems(body)).toEqual([{ field: 'ruledOutCategories', message: expect.stringContaining('message_content') }]);
    expect(consistencyProblems({ ...body, ruledOutCategories: ['payment_data'] } as Partial<IncidentBody>)).toEqual([]);
  });

  it('refuses containment before the breach began', () => {
    const body = { occurredFrom: '2024-05-01T00:00:00Z', containedAt: '2024-04-30T23:00:00Z', contained: true } as Partial<IncidentBody>;
    expect(consistencyProblems(body)).toEqual([{ field: 'containedAt', message: 'containedAt must not be before occurredFrom' }]);
  });
});
