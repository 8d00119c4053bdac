import { Locale } from '@app/kernel';
import type { DeadlineRow } from '@app/wording';

/**
 * What a template sees: every value already formatted for the reader, every unknown value already
 * replaced by the short pending marker and listed once in `pendingList`. A value the view does not have
 * at all (undefined) is left out, so strict templates that use it throw. No value is ever compiled as a template.
 */
export interface NoticeModel {
  locale: Locale;
  reference: string;
  title: string;
  phase: string;
  isFinal: boolean;
  updateNumber: number;
  escalated: boolean;
  /** This reader was sent a notice of an earlier version. */
  toldBefore: boolean;
  /** This reader has an email notice of the same version (an SMS may point to it). */
  emailAlso: boolean;
  issuedAt: string;
  vendorName: string;
  vendorLegalName: string | null;
  vendorAddress: string | null;
  vendorRegistration: string | null;
  tenantName: string;
  /** The tenant's name ending a sentence, with its full stop (a name that ends in one, like `B.V.`, takes no second). */
  tenantNameStop: string;
  tenantExternalId: string;
  recipientName: string | null;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  contactAvailability: string;
  dpo: string;
  service: string;
  awareAt: string;
  occurred: string;
  contained: string;
  nature: string;
  source: string;
  cause: string;
  description: string;
  consequences: string;
  measuresTaken: string;
  measuresPlanned: string;
  recommendedActions: string;
  subjectActions: string;
  changeSummary: string;
  systems: string;
  subProcessors: string;
  dataCategories: string;
  subjectCategories: string;
  dataSubjects: string;
  records: string;
  period: string;
  findingsAccessed: string;
  findingsExfiltrated: string;
  findingsPublished: string;
  findingsMisused: string;
  encryption: string;
  /** Say that access alone does not mean the data was copied: someone may have had access, and copying is not established. */
  accessCaveat: boolean;
  notAffected: string;
  /** Categories the vendor ruled out, or null when it named none. */
  ruledOut: string | null;
  notificationList: string[];
  /** What shows when the list is empty: none so far, or pending. */
  notificationsNote: string;
  /** The notice is issued after the tenant's notice deadline: the delay reason is shown. */
  late: boolean;
  delayReason: string;
  authority: string;
  law: string;
  lawProcessorDuty: string;
  lawPhases: string;
  lawAuthority: string;
  lawSubjects: string;
  /** The tenant's regimes, as a sentence names them (`GDPR and NIS2`). */
  regimeNames: string;
  /** One row per onward deadline: whom and under which provision, how long, the due times. */
  deadlineList: DeadlineRow[];
  /** An update (it restates the deadlines, counted from the update itself). */
  isUpdate: boolean;
  zoneName: string;
  /** In which zone the notice shows times (and that UTC stands beside them, unless the zone is UTC). */
  zoneNote: string;
  /** The next update to announce, or null: none announced (final, or nothing pending and none planned). */
  nextUpdate: string | null;
  pendingList: string[];
  ackUrl: string;
}

/** Where each model value comes from in the NoticeView, for error messages. */
export const MODEL_SOURCES: Record<keyof NoticeModel, string> = {
  locale: 'locale',
  reference: 'incident.reference',
  title: 'incident.title',
  phase: 'kind/updateNumber/final',
  isFinal: 'final',
  updateNumber: 'updateNumber',
  escalated: 'escalated',
  toldBefore: 'recipient.toldBefore',
  emailAlso: 'recipient.emailAlso',
  issuedAt: 'issuedAt',
  vendorName: 'vendor.name',
  vendorLegalName: 'vendor.legalName',
  vendorAddress: 'vendor.address',
  vendorRegistration: 'vendor.registration',
  tenantName: 'tenant.name',
  tenantNameStop: 'tenant.name',
  tenantExternalId: 'tenant.externalId',
  recipientName: 'recipient.name',
  contactName: 'contactPoint.name',
  contactEmail: 'contactPoint.email',
  contactPhone: 'contactPoint.phone',
  contactAvailability: 'contactPoint.availability',
  dpo: 'contactPoint.dpo',
  service: 'incident.service',
  awareAt: 'incident.awareAt',
  occurred: 'incident.occurredFrom/occurredTo',
  contained: 'incident.contained/containedAt',
  nature: 'incident.nature',
  source: 'incident.source',
  cause: 'incident.cause',
  description: 'incident.description',
  consequences: 'incident.consequences',
  measuresTaken: 'incident.measuresTaken',
  measuresPlanned: 'incident.measuresPlanned',
  recommendedActions: 'incident.recommendedActions',
  subjectActions: 'incident.subjectActions',
  changeSummary: 'incident.changeSummary',
  systems: 'facts.systems',
  subProcessors: 'facts.subProcessors',
  dataCategories: 'facts.dataCategories',
  subjectCategories: 'facts.subjectCategories',
  dataSubjects: 'facts.dataSubjects/dataSubjectsByGroup',
  records: 'facts.records',
  period: 'facts.periodFrom/periodTo',
  findingsAccessed: 'incident.findings.accessed',
  findingsExfiltrated: 'incident.findings.exfiltrated',
  findingsPublished: 'incident.findings.published',
  findingsMisused: 'incident.findings.misused',
  encryption: 'incident.encryption',
  accessCaveat: 'incident.findings',
  notAffected: 'incident.notAffected',
  ruledOut: 'incident.ruledOutCategories',
  notificationList: 'incident.notifications',
  notificationsNote: 'incident.notifications',
  late: 'issuedAt/noticeDueAt',
  delayReason: 'incident.delayReason',
  authority: 'authority',
  law: 'authority.law',
  lawProcessorDuty: 'authority.law',
  lawPhases: 'authority.law',
  lawAuthority: 'authority.law',
  lawSubjects: 'authority.law',
  regimeNames: 'regimes',
  deadlineList: 'deadlines',
  isUpdate: 'kind',
  zoneName: 'timeZone',
  zoneNote: 'timeZone',
  nextUpdate: 'incident.nextUpdateAt/final',
  pendingList: 'incident.*',
  ackUrl: 'ackUrl',
};

export const ACK_URL = /^https?:\/\/[^\s"'<>`]+$/i;
