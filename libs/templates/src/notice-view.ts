import { Channel, DataCategory, EncryptionState, Finding, FindingValue, Locale, Nature, NotificationTarget, SubjectCategory } from '@app/kernel';
import type { NoticeDeadline } from '@app/wording';

export type { NoticeDeadline };

/**
 * Everything one notice may show, already resolved for one tenant and one contact.
 * Text fields are in the notice's language; `null` means "not known yet" and renders as pending.
 * Times are ISO 8601 strings in UTC; the renderer shows them in `timeZone`.
 */
export interface NoticeView {
  /** initial: first notice of the incident to this tenant; update: version n+1 is "update n";
   *  withdrawn: the tenant was in scope of an earlier version and no longer is. */
  kind: 'initial' | 'update' | 'withdrawn';
  /** Update number (version - 1) for kind update/withdrawn; 0 for initial of version 1. */
  updateNumber: number;
  /** True when the vendor marks this version as the final one. */
  final: boolean;
  /** True when sent to an escalation contact because nobody acknowledged in time. */
  escalated: boolean;
  locale: Locale;
  timeZone: string;
  /** When this notice is issued (sent; for a preview, now). */
  issuedAt: string;
  /** The display name, and the legal identity when configured (null: not configured, not shown). */
  vendor: { name: string; legalName: string | null; address: string | null; registration: string | null };
  contactPoint: {
    name: string;
    email: string | null;
    phone: string | null;
    /** When the contact point answers; null: pending. */
    availability: string | null;
    /** The vendor's data protection officer, apart from the incident desk; null: pending. */
    dpo: { name: string | null; email: string | null; phone: string | null } | null;
  };
  tenant: { name: string; externalId: string; country: string | null };
  /** The tenant's supervisory authority, by its country; null: no entry for that country. */
  authority: {
    name: string | null;
    url: string;
    /** gdpr, uk_gdpr or ch_fadp: the law the authority applies. */
    law: 'gdpr' | 'uk_gdpr' | 'ch_fadp';
    /** True when the country has several authorities (DE): the one of the controller's establishment is competent. */
    several: boolean;
  } | null;
  /**
   * Who reads it. `toldBefore`: this contact was sent a notice of an earlier version (an update may then
   * say "as we told you"). `emailAlso`: this contact has an email notice of the same version (an SMS may
   * then point to it).
   */
  recipient: { name: string | null; role: string; toldBefore: boolean; emailAlso: boolean };
  incident: {
    reference: string;
    title: string;
    version: number;
    awareAt: string;
    occurredFrom: string | null;
    occurredTo: string | null;
    /** true: contained; false: ongoing; null: not known yet. */
    contained: boolean | null;
    /** When it was contained (implies contained). */
    containedAt: string | null;
    /** The vendor's service concerned; null: pending. */
    service: string | null;
    /** What is known of what happened to the data; a finding that is null is pending. */
    findings: Record<Finding, FindingValue | null>;
    encryption: EncryptionState | null;
    /** What was not affected; null: pending. */
    notAffected: string | null;
    ruledOutCategories: DataCategory[];
    /** Other notifications the vendor made; null: pending, [] none. */
    notifications: Array<{ to: NotificationTarget; name: string; at: string | null; reference: string | null }> | null;
    /** Why the notice comes late (shown when the notice is late). */
    delayReason: string | null;
    nature: Nature[];
    source: { kind: 'internal' | 'sub_processor'; name: string } | null;
    cause: string | null;
    description: string | null;
    consequences: string | null;
    measuresTaken: string | null;
    measuresPlanned: string | null;
    recommendedActions: string | null;
    subjectActions: string | null;
    /** What changed since the previous version (updates only). */
    changeSummary: string | null;
    nextUpdateAt: string | null;
  };
  /** This tenant's own facts, never another tenant's. */
  facts: {
    /** Readable names of the systems (null where the vendor gave none: shown as pending, never as an identifier). */
    systems: Array<string | null>;
    subProcessors: string[];
    dataCategories: DataCategory[];
    dataSubjects: number;
    subjectCategories: SubjectCategory[];
    /** Data subjects per group of exposures with the same subject categories (never summed across groups). */
    dataSubjectsByGroup: Array<{ subjectCategories: SubjectCategory[]; dataSubjects: number }>;
    records: number;
    periodFrom: string | null;
    periodTo: string | null;
  };
  /** awareAt + 72 h, the GDPR Art. 33(1) mark (the acknowledgement summary's timeline shows it). */
  deadlineAt: string;
  /** The regimes the tenant is under (its own, else those of its country), e.g. `['gdpr', 'nis2']`. */
  regimes: string[];
  /** Each onward deadline of those regimes, one per obligation, in the order of the obligations table. */
  deadlines: NoticeDeadline[];
  /** When the vendor's agreement with this tenant wants the first notice sent by; a notice issued later is late. */
  noticeDueAt: string;
  ackUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderedSms {
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

export interface RenderedNotice {
  channel: Channel;
  subject: string | null;
  text: string;
  html: string | null;
}
