import { Locale, LOCALES } from '@app/templates';
import { SAMPLE_TENANTS, SAMPLE_TEXTS, SAMPLE_TIME_ZONES, SAMPLE_VENDOR, SampleTexts } from '@app/testing';
import { ReceivedMail } from '@app/testing';

/**
 * The SMS-archive breach of libs/templates' sample notice view, as a vendor files it through the API,
 * and tenants whose data match that view: a notice sent for them must equal the golden renders.
 */
export const VENDOR_NAME = SAMPLE_VENDOR.name;
/** The vendor identity of the sample view, as configured. */
export const VENDOR_ENV = {
  VENDOR_NAME,
  VENDOR_LEGAL_NAME: SAMPLE_VENDOR.legalName!,
  VENDOR_ADDRESS: SAMPLE_VENDOR.address!,
  VENDOR_REGISTRATION: SAMPLE_VENDOR.registration!,
};

/** One text of the sample incident in all six languages. */
const inAll = (field: keyof SampleTexts): Record<Locale, string> =>
  Object.fromEntries(LOCALES.map((locale) => [locale, SAMPLE_TEXTS[locale][field]])) as Record<Locale, string>;

export function sampleIncident(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    reference: 'INC-2023-0419',
    language: 'en',
    title: inAll('title'),
    service: inAll('service'),
    systemNames: { 'sms-gateway': inAll('systemName') },
    source: { kind: 'sub_processor', name: 'SerwerSMS' },
    awareAt: '2023-04-19T14:00:00Z',
    occurredFrom: '2023-04-19T00:00:00Z',
    occurredTo: '2023-04-19T16:00:00Z',
    containedAt: '2023-04-19T16:00:00Z',
    findings: { accessed: 'yes', exfiltrated: 'unknown', published: 'no', misused: 'unknown' },
    encryption: 'none',
    notAffected: inAll('notAffected'),
    ruledOutCategories: ['payment_data', 'credentials'],
    // A processor informs its controllers; notifying an authority is theirs to decide.
    notifications: [],
    delayReason: inAll('delayReason'),
    nature: ['confidentiality'],
    scope: { systems: ['sms-gateway'], subProcessors: ['SerwerSMS'], dataCategories: ['phone_number', 'message_content'], exposedFrom: '2018-01-01' },
    description: inAll('description'),
    cause: inAll('cause'),
    consequences: inAll('consequences'),
    measuresTaken: inAll('measuresTaken'),
    measuresPlanned: inAll('measuresPlanned'),
    recommendedActions: inAll('recommendedActions'),
    subjectActions: inAll('subjectActions'),
    nextUpdateAt: '2023-04-21T10:00:00Z',
    contact: {
      name: inAll('contactName'),
      email: 'incident@vendor.example',
      phone: '+48221234567',
      availability: inAll('availability'),
      dpo: { name: 'Jan Kowalski', email: 'dpo@vendor.example' },
    },
    channels: ['email', 'sms'],
    ...overrides,
  };
}

export interface TenantOptions {
  externalId: string;
  name?: string;
  locale?: Locale;
  country?: string;
  timezone?: string;
  dataSubjects?: number;
  records?: number;
  contacts?: Record<string, unknown>[];
  system?: string;
}

/** A tenant whose SMS-gateway exposure matches `sampleIncident()`; by default the sample view's tenant. */
export function sampleTenant(options: TenantOptions): Record<string, any> {
  const locale = options.locale ?? 'pl';
  return {
    externalId: options.externalId,
    name: options.name ?? 'City of Poznań',
    locale,
    country: options.country ?? 'PL',
    timezone: options.timezone ?? SAMPLE_TIME_ZONES[locale],
    contacts: options.contacts ?? [
      { role: 'dpo', name: 'Anna Nowak', email: `dpo@${options.externalId}.example`, phone: '+48612345678', priority: 1 },
    ],
    exposures: [
      {
        system: options.system ?? 'sms-gateway',
        subProcessor: 'SerwerSMS',
        dataCategories: ['phone_number', 'message_content'],
        subjectCategories: ['customers'],
        from: '2019-03-01',
        to: null,
        dataSubjects: options.dataSubjects ?? 120000,
        records: options.records ?? 850000,
      },
    ],
  };
}

/** The sample view's tenant of a locale (a company of that country), with its DPO reachable at `phone`. */
export function localSampleTenant(locale: Locale, phone: string): Record<string, any> {
  const own = SAMPLE_TENANTS[locale];
  return sampleTenant({
    externalId: own.externalId,
    name: own.name,
    locale,
    country: own.country,
    contacts: [{ role: 'dpo', name: own.contactName, email: `dpo@${own.externalId}.example`, phone, priority: 1 }],
  });
}

export const ACK_LINK = /https?:\/\/[^\s"<>]+\/ack\/([A-Za-z0-9_-]{22})/;

/** The acknowledgement token a received email or SMS links to. */
export function ackTokenOf(text: string | undefined): string {
  const match = ACK_LINK.exec(text ?? '');
  if (!match) throw new Error(`no acknowledgement link in: ${text}`);
  return match[1];
}

export function mailTo(mails: ReceivedMail[], address: string): ReceivedMail {
  const found = mails.filter((m) => m.envelope.to.includes(address.toLowerCase()));
  if (found.length !== 1) throw new Error(`expected one email to ${address}, got ${found.length}`);
  return found[0];
}
