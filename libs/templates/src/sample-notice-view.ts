import { NoticeView } from './notice-view';
import { Locale } from '@app/kernel';

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
  const base: NoticeView = {
    kind: 'initial',
    updateNumber: 0,
    final: false,
    escalated: false,
    locale,
    timeZone: SAMPLE_TIME_ZONES[locale],
    vendor: { name: 'Bramka SMS Sp. z o.o.' },
    contactPoint: { name: 'Data Protection Officer', email: 'dpo@vendor.example', phone: '+48221234567' },
    tenant: { name: 'City of Poznań', externalId: 'poznan-city' },
    recipient: { name: 'Anna Nowak', role: 'dpo' },
    incident: {
      reference: 'INC-2023-0419',
      title: 'Unauthorised access to the SMS archive',
      version: 1,
      awareAt: '2023-04-19T14:00:00Z',
      occurredFrom: '2023-04-19T00:00:00Z',
      occurredTo: '2023-04-19T16:00:00Z',
      contained: true,
      nature: ['confidentiality'],
      source: { kind: 'sub_processor', name: 'SerwerSMS' },
      cause: 'A vulnerability in the archive export function of the sub-processor was exploited.',
      description: 'An unknown party accessed the archive of sent SMS messages.\nThe archive holds recipient numbers and message texts.',
      consequences: 'Recipients may receive phishing messages or calls that refer to real appointments.',
      measuresTaken: 'The vulnerable function was disabled and the credentials of the archive were rotated.',
      measuresPlanned: 'An external security audit of the sub-processor, due by 31 May 2023.',
      recommendedActions: 'Review whether the message texts you sent contained personal data beyond the phone number.',
      subjectActions: 'Be wary of unexpected messages and calls that ask for further data or payments.',
      changeSummary: null,
      nextUpdateAt: '2023-04-21T10:00:00Z',
    },
    facts: {
      systems: ['sms-gateway'],
      subProcessors: ['SerwerSMS'],
      dataCategories: ['phone_number', 'message_content'],
      dataSubjects: 120000,
      records: 850000,
      periodFrom: '2019-03-01',
      periodTo: null,
    },
    deadlineAt: '2023-04-22T14:00:00Z',
    ackUrl: 'http://localhost:3000/ack/eyJ0IjoicG96bmFuLWNpdHkiLCJ2IjoxfQ.Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA',
  };
  return {
    ...base,
    ...overrides,
    incident: { ...base.incident, ...(overrides.incident ?? {}) },
    facts: { ...base.facts, ...(overrides.facts ?? {}) },
  };
}
