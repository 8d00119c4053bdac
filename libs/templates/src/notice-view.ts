import { Channel, DataCategory, Locale, Nature } from '@app/kernel';

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
  vendor: { name: string };
  contactPoint: { name: string; email: string | null; phone: string | null };
  tenant: { name: string; externalId: string };
  recipient: { name: string | null; role: string };
  incident: {
    reference: string;
    title: string;
    version: number;
    awareAt: string;
    occurredFrom: string | null;
    occurredTo: string | null;
    /** true: contained; false: ongoing; null: not known yet. */
    contained: boolean | null;
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
    systems: string[];
    subProcessors: string[];
    dataCategories: DataCategory[];
    dataSubjects: number;
    records: number;
    periodFrom: string | null;
    periodTo: string | null;
  };
  /** awareAt + 72 h, the vendor's estimate of the controller's own deadline. */
  deadlineAt: string;
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
