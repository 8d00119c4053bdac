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

/** The sample tenant of each locale: a company of that country, under the law and authority its country gives it. */
export interface SampleTenant {
  name: string;
  externalId: string;
  country: string;
  /** Its data protection officer, who reads the initial notice. */
  contactName: string;
  authority: NonNullable<NoticeView['authority']>;
  regimes: string[];
}

export const SAMPLE_TENANTS: Record<Locale, SampleTenant> = {
  en: {
    name: 'Harbour Lane Opticians Ltd',
    externalId: 'harbour-lane-opticians',
    country: 'GB',
    contactName: 'Emma Clarke',
    authority: { name: "Information Commissioner's Office (ICO)", url: 'https://ico.org.uk', law: 'uk_gdpr', several: false },
    regimes: ['uk_gdpr'],
  },
  pl: {
    name: 'Salon Urody Magnolia sp. z o.o.',
    externalId: 'magnolia-poznan',
    country: 'PL',
    contactName: 'Anna Nowak',
    authority: { name: 'Prezes Urzędu Ochrony Danych Osobowych (UODO)', url: 'https://uodo.gov.pl', law: 'gdpr', several: false },
    regimes: ['gdpr'],
  },
  nl: {
    name: 'Autobedrijf Van Dijk B.V.',
    externalId: 'van-dijk-utrecht',
    country: 'NL',
    contactName: 'Sanne de Vries',
    authority: { name: 'Autoriteit Persoonsgegevens (AP)', url: 'https://www.autoriteitpersoonsgegevens.nl', law: 'gdpr', several: false },
    regimes: ['gdpr'],
  },
  fr: {
    name: 'Optique Lefèvre SAS',
    externalId: 'optique-lefevre-lyon',
    country: 'FR',
    contactName: 'Claire Martin',
    authority: { name: 'Commission nationale de l’informatique et des libertés (CNIL)', url: 'https://www.cnil.fr', law: 'gdpr', several: false },
    regimes: ['gdpr'],
  },
  es: {
    name: 'Clínica Veterinaria Los Olivos, S.L.',
    externalId: 'los-olivos-sevilla',
    country: 'ES',
    contactName: 'Lucía García',
    authority: { name: 'Agencia Española de Protección de Datos (AEPD)', url: 'https://www.aepd.es', law: 'gdpr', several: false },
    regimes: ['gdpr'],
  },
  de: {
    name: 'Autohaus Becker GmbH',
    externalId: 'autohaus-becker-koeln',
    country: 'DE',
    contactName: 'Katrin Schmidt',
    authority: { name: null, url: 'https://www.bfdi.bund.de/DE/Service/Anschriften/Laender/Laender-node.html', law: 'gdpr', several: true },
    regimes: ['gdpr'],
  },
};

/** The vendor of the sample, a Polish SMS gateway, as configured (VENDOR_*). */
export const SAMPLE_VENDOR: NoticeView['vendor'] = {
  name: 'Bramka SMS',
  legalName: 'Bramka SMS Sp. z o.o.',
  address: 'ul. Przykładowa 1, 00-001 Warszawa, Polska',
  registration: 'KRS 0000123456, NIP 5260000000',
};

/** The basis the obligations table cites for the authority deadline of each law. */
const AUTHORITY_BASIS: Record<string, string> = { gdpr: 'GDPR Art. 33(1)', uk_gdpr: 'UK GDPR Art. 33(1)' };

/**
 * A complete, realistic NoticeView (the SMS-archive breach at a sub-processor), for tests and
 * previews. Every field is set; pass overrides to null some of them or change the kind.
 */
export function sampleNoticeView(locale: Locale = 'en', overrides: Partial<NoticeView> = {}): NoticeView {
  const t = SAMPLE_TEXTS[locale];
  const tenant = SAMPLE_TENANTS[locale];
  const base: NoticeView = {
    kind: 'initial',
    updateNumber: 0,
    final: false,
    escalated: false,
    locale,
    timeZone: SAMPLE_TIME_ZONES[locale],
    issuedAt: '2023-04-20T16:30:00Z',
    vendor: { ...SAMPLE_VENDOR },
    contactPoint: {
      name: t.contactName,
      email: 'incident@vendor.example',
      phone: '+48221234567',
      availability: t.availability,
      dpo: { name: 'Jan Kowalski', email: 'dpo@vendor.example', phone: null },
    },
    tenant: { name: tenant.name, externalId: tenant.externalId, country: tenant.country },
    authority: { ...tenant.authority },
    recipient: { name: tenant.contactName, role: 'dpo', toldBefore: false, emailAlso: true },
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
      // A processor informs its controllers; whether and when to notify an authority is theirs to decide.
      notifications: [],
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
      subjectCategories: ['customers'],
      dataSubjectsByGroup: [{ subjectCategories: ['customers'], dataSubjects: 120000 }],
      records: 850000,
      periodFrom: '2019-03-01',
      periodTo: null,
    },
    deadlineAt: '2023-04-22T14:00:00Z',
    regimes: [...tenant.regimes],
    deadlines: tenant.regimes.map((regime) => ({
      regime,
      obligation: 'authority',
      basis: AUTHORITY_BASIS[regime],
      hours: 72,
      fromAwareness: '2023-04-22T14:00:00.000Z',
      fromNotice: '2023-04-23T16:30:00.000Z',
    })),
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

/** When the sample's update 2 (and its withdrawal) is issued: days after the initial notice, before the update it announced. */
const UPDATE_ISSUED_AT = '2023-04-24T08:00:00Z';

/**
 * Update 2 of the sample incident, as escalated to a tenant's security contact: issued after the initial notice,
 * keeping what was known then (cause, containment, measures) and adding what was found since (the archive was
 * copied); whether the data was misused is still open, so a further update is announced.
 */
export function sampleUpdateView(locale: Locale = 'en', overrides: Partial<NoticeView> = {}): NoticeView {
  const base = sampleNoticeView(locale);
  return sampleNoticeView(locale, {
    kind: 'update',
    updateNumber: 2,
    escalated: true,
    issuedAt: UPDATE_ISSUED_AT,
    recipient: { name: null, role: 'security', toldBefore: false, emailAlso: true },
    deadlines: base.deadlines.map((d) => ({ ...d, fromNotice: '2023-04-27T08:00:00.000Z' })),
    ...overrides,
    incident: {
      ...base.incident,
      version: 3,
      findings: { ...base.incident.findings, exfiltrated: 'yes' },
      changeSummary: SAMPLE_TEXTS[locale].changeSummary,
      nextUpdateAt: '2023-04-28T10:00:00Z',
      ...(overrides.incident ?? {}),
    },
  });
}

/** The sample incident withdrawn for a tenant by update 2: the tenant's data turned out not to be concerned. */
export function sampleWithdrawalView(locale: Locale = 'en', overrides: Partial<NoticeView> = {}): NoticeView {
  const base = sampleNoticeView(locale);
  return sampleNoticeView(locale, {
    kind: 'withdrawn',
    updateNumber: 2,
    issuedAt: UPDATE_ISSUED_AT,
    deadlines: base.deadlines.map((d) => ({ ...d, fromNotice: '2023-04-27T08:00:00.000Z' })),
    ...overrides,
    incident: { ...base.incident, version: 3, changeSummary: SAMPLE_TEXTS[locale].withdrawalReason, ...(overrides.incident ?? {}) },
  });
}
