/** Request examples shown in /docs, as an operator would send them. */

export const TENANT_EXAMPLE = {
  externalId: 'poznan-city',
  name: 'City of Poznań',
  locale: 'pl',
  country: 'PL',
  timezone: 'Europe/Warsaw',
  contacts: [
    { role: 'dpo', name: 'Anna Nowak', email: 'iod@poznan.example', phone: '+48612345678', priority: 1 },
    { role: 'security', email: 'soc@poznan.example', priority: 2 },
  ],
  exposures: [
    {
      system: 'sms-gateway',
      subProcessor: 'SerwerSMS',
      dataCategories: ['phone_number', 'message_content'],
      from: '2019-03-01',
      to: null,
      dataSubjects: 120000,
      records: 850000,
      subjectCategories: ['citizens'],
    },
  ],
};

export const INCIDENT_EXAMPLE = {
  reference: 'INC-2023-0419',
  title: 'Unauthorised access to the SMS archive',
  source: { kind: 'sub_processor', name: 'SerwerSMS' },
  awareAt: '2023-04-19T14:00:00Z',
  occurredFrom: '2023-04-19T00:00:00Z',
  occurredTo: '2023-04-19T16:00:00Z',
  nature: ['confidentiality'],
  scope: {
    systems: ['sms-gateway'],
    subProcessors: ['SerwerSMS'],
    dataCategories: ['phone_number', 'message_content'],
    exposedFrom: '2018-01-01',
    exposedTo: '2023-04-19',
    includeTenants: [],
    excludeTenants: [],
  },
  description: { en: 'An unknown party accessed the archive of sent SMS messages.', pl: 'Nieznana osoba uzyskała dostęp do archiwum wysłanych SMS-ów.' },
  consequences: 'Recipients may receive phishing messages that refer to real appointments.',
  measuresTaken: 'The vulnerable export function was disabled and the archive credentials rotated.',
  recommendedActions: 'Review whether the messages you sent contained personal data beyond the phone number.',
  language: 'en',
  service: { en: 'SMS gateway', pl: 'bramka SMS' },
  systemNames: { 'sms-gateway': { en: 'SMS gateway', pl: 'bramka SMS' } },
  containedAt: '2023-04-19T16:00:00Z',
  findings: { accessed: 'yes', exfiltrated: 'unknown', published: 'no', misused: 'no' },
  encryption: 'none',
  notAffected: 'Payment data and account passwords are held in other systems and were not affected.',
  ruledOutCategories: ['payment_data', 'credentials'],
  notifications: [{ to: 'authority', name: 'Prezes Urzędu Ochrony Danych Osobowych', at: '2023-04-20T09:30:00+02:00', reference: 'DKN.5130.1234.2023' }],
  contact: {
    name: { en: 'Security incident desk', pl: 'Zespół ds. incydentów bezpieczeństwa' },
    email: 'security@vendor.example',
    phone: '+48221234567',
    availability: { en: '24/7', pl: 'całą dobę' },
    dpo: { name: 'Maria Kowalska', email: 'dpo@vendor.example' },
  },
  channels: ['email', 'sms'],
};

export const UPDATE_EXAMPLE = {
  changeSummary: 'The number of affected records is now known and the sub-processor has closed the hole.',
  measuresTaken: 'The sub-processor patched the export function on 20 April.',
};
