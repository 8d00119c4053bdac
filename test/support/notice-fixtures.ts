import { Locale, SAMPLE_TIME_ZONES } from '@app/templates';
import { ReceivedMail } from '@app/testing';

/**
 * The SMS-archive breach of libs/templates' sample notice view, as a vendor files it through the API,
 * and tenants whose data match that view: a notice sent for them must equal the golden renders.
 */
export const VENDOR_NAME = 'Bramka SMS Sp. z o.o.';

export function sampleIncident(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    reference: 'INC-2023-0419',
    title: 'Unauthorised access to the SMS archive',
    source: { kind: 'sub_processor', name: 'SerwerSMS' },
    awareAt: '2023-04-19T14:00:00Z',
    occurredFrom: '2023-04-19T00:00:00Z',
    occurredTo: '2023-04-19T16:00:00Z',
    contained: true,
    nature: ['confidentiality'],
    scope: { systems: ['sms-gateway'], subProcessors: ['SerwerSMS'], dataCategories: ['phone_number', 'message_content'], exposedFrom: '2018-01-01' },
    description: 'An unknown party accessed the archive of sent SMS messages.\nThe archive holds recipient numbers and message texts.',
    cause: 'A vulnerability in the archive export function of the sub-processor was exploited.',
    consequences: 'Recipients may receive phishing messages or calls that refer to real appointments.',
    measuresTaken: 'The vulnerable function was disabled and the credentials of the archive were rotated.',
    measuresPlanned: 'An external security audit of the sub-processor, due by 31 May 2023.',
    recommendedActions: 'Review whether the message texts you sent contained personal data beyond the phone number.',
    subjectActions: 'Be wary of unexpected messages and calls that ask for further data or payments.',
    nextUpdateAt: '2023-04-21T10:00:00Z',
    contact: { name: 'Data Protection Officer', email: 'dpo@vendor.example', phone: '+48221234567' },
    channels: ['email', 'sms'],
    ...overrides,
  };
}

export interface TenantOptions {
  externalId: string;
  name?: string;
  locale?: Locale;
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
    country: 'PL',
    timezone: options.timezone ?? SAMPLE_TIME_ZONES[locale],
    contacts: options.contacts ?? [
      { role: 'dpo', name: 'Anna Nowak', email: `dpo@${options.externalId}.example`, phone: '+48612345678', priority: 1 },
    ],
    exposures: [
      {
        system: options.system ?? 'sms-gateway',
        subProcessor: 'SerwerSMS',
        dataCategories: ['phone_number', 'message_content'],
        from: '2019-03-01',
        to: null,
        dataSubjects: options.dataSubjects ?? 120000,
        records: options.records ?? 850000,
      },
    ],
  };
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
