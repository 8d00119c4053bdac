import { NoticeView } from '@app/templates';
import { Locale } from '@app/kernel';
import { SAMPLE_TEXTS } from './texts';

/** Time zone a tenant of each locale typically lives in (used by the sample and the goldens). */
export const SAMPLE_TIME_ZONES: Record<Locale, string> = {
  en: 'Europe/London',
  pl: 'Europe/Warsaw',
  nl: 'Europe/Amsterdam',
  fr: 'Europe/Paris',
  es: 'Europe/Madrid',
  de: 'Europe/Berlin',
};

/**
 * A complete, realistic NoticeView (the SMS-archive breach at a sub-processor), for tests and
 * previews. Every field is set; pass overrides to null some of them or change the kind.
 */
export function sampleNoticeView(locale: Locale = 'en', overrides: Partial<NoticeView> = {}): NoticeView {
  const t = SAMPLE_TEXTS[locale];
  const base: NoticeView = {
    kind: 'initial',
    updateNumber: 0,
    final: false,
    escalated: false,
    locale,
    timeZone: SAMPLE_TIME_ZONES[locale],
    issuedAt: '2023-04-20T16:30:00Z',
    vendor: { name: 'Bramka SMS', legalName: 'Bramka SMS Sp. z o.o.', address: 'ul. Przykładowa 1, 00-001 Warszawa, Poland', registration: 'KRS 0000123456, NIP 5260000000' },
    contactPoint: {
      name: t.contactName,
      email: 'incident@vendor.example',
      phone: '+48221234567',
      availability: t.availability,
      dpo: { name: 'Jan Kowalski', email: 'dpo@vendor.example', phone: null },
    },
    tenant: { name: 'City of Poznań', externalId: 'poznan-city', country: 'PL' },
    authority: { name: 'Prezes Urzędu Ochrony Danych Osobowych (UODO)', url: 'https://uodo.gov.pl', law: 'gdpr', several: false },
    recipient: { name: 'Anna Nowak', role: 'dpo', toldBefore: false, emailAlso: true },
    incident: {
      reference: 'INC-2023-0419',
      title: t.title,
      version: 1,
      awareAt: '2023-04-19T14:00:00Z',
      occurredFrom: '2023-04-19T00:00:00Z',
      occurredTo: '2023-04-19T16:00:00Z',
      contained: true,
      containedAt: '2023-04-19T16:00:00Z',
      nature: ['confidentiality'],
      service: t.service,
      findings: { accessed: 'yes', exfiltrated: 'unknown', published: 'no', misused: 'unknown' },
      encryption: 'none',
      notAffected: t.notAffected,
      ruledOutCategories: ['credentials', 'payment_data'],
      notifications: [{ to: 'authority', name: 'Prezes Urzędu Ochrony Danych Osobowych (UODO)', at: '2023-04-19T17:00:00Z', reference: 'DKN.5130.1234.2023' }],
      delayReason: t.delayReason,
      source: { kind: 'sub_processor', name: 'SerwerSMS' },
      cause: t.cause,
      description: t.description,
      consequences: t.consequences,
      measuresTaken: t.measuresTaken,
      measuresPlanned: t.measuresPlanned,
      recommendedActions: t.recommendedActions,
      subjectActions: t.subjectActions,
      changeSummary: null,
      nextUpdateAt: '2023-04-21T10:00:00Z',
    },
    facts: {
      systems: [t.systemName],
      subProcessors: ['SerwerSMS'],
      dataCategories: ['phone_number', 'message_content'],
      dataSubjects: 120000,
      subjectCategories: ['citizens'],
      dataSubjectsByGroup: [{ subjectCategories: ['citizens'], dataSubjects: 120000 }],
      records: 850000,
      periodFrom: '2019-03-01',
      periodTo: null,
    },
    deadlineAt: '2023-04-22T14:00:00Z',
    regimes: ['gdpr'],
    deadlines: [{ regime: 'gdpr', obligation: 'authority', basis: 'GDPR Art. 33(1)', hours: 72, fromAwareness: '2023-04-22T14:00:00.000Z', fromNotice: '2023-04-23T16:30:00.000Z' }],
    noticeDueAt: '2023-04-20T14:00:00Z',
    ackUrl: 'http://localhost:3000/ack/eyJ0IjoicG96bmFuLWNpdHkiLCJ2IjoxfQ.Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA',
  };
  return {
    ...base,
    ...overrides,
    incident: { ...base.incident, ...(overrides.incident ?? {}) },
    facts: { ...base.facts, ...(overrides.facts ?? {}) },
  };
}
