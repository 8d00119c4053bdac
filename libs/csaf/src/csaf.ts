import { buildNoticeModel, NoticeModel, NoticeView } from '@app/templates';
import { fill, labelsFor, phaseLabel } from '@app/wording';
import { FINDINGS } from '@app/kernel';
import { CSAF_WORDS, CsafWords } from './csaf-words';

/** The parts of a CSAF 2.0 document (OASIS CSAF v2.0, section 3) that a notice fills. */
export type CsafNoteCategory = 'description' | 'details' | 'faq' | 'general' | 'legal_disclaimer' | 'other' | 'summary';
export interface CsafNote {
  category: CsafNoteCategory;
  title: string;
  text: string;
}
export interface CsafReference {
  category: 'self' | 'external';
  summary: string;
  url: string;
}
export interface CsafRevision {
  date: string;
  number: string;
  summary: string;
}
export interface CsafDocument {
  document: {
    category: 'csaf_security_incident_response';
    csaf_version: '2.0';
    lang: string;
    title: string;
    publisher: { category: 'vendor'; name: string; namespace: string; contact_details?: string };
    distribution: { text: string; tlp: { label: 'AMBER'; url: string } };
    notes: CsafNote[];
    references: CsafReference[];
    tracking: {
      id: string;
      status: 'interim' | 'final';
      version: string;
      initial_release_date: string;
      current_release_date: string;
      revision_history: CsafRevision[];
      generator: { engine: { name: string } };
    };
  };
}

/** One earlier version of the incident as this tenant's revision history shows it. */
export interface CsafVersion {
  version: number;
  /** What this tenant was told in that version; null: it got no notice of it (it came into scope later). */
  kind: 'initial' | 'update' | 'withdrawn' | null;
  final: boolean;
  /** The version's change summary in the notice's language; null: none. */
  changeSummary: string | null;
  /** When it was issued to this tenant (its first notice sent), else when the version went out or was filed. */
  issuedAt: string;
}

export interface CsafInput {
  /** The tenant's notice of this version, as the composer made it for the ack page. */
  view: NoticeView;
  /** Versions 1 … view.incident.version - 1, oldest first. */
  earlier: CsafVersion[];
  /** The vendor has closed the incident. */
  closed: boolean;
  /** The publisher's namespace: PUBLIC_BASE_URL. */
  namespace: string;
}

export const CSAF_TLP_URL = 'https://www.first.org/tlp/';

/**
 * `tracking.id`: the incident reference and the tenant's external id, joined by `+`, which neither may
 * contain, so it is unique per tenant and incident and the same for every version.
 */
export function csafTrackingId(reference: string, tenantExternalId: string): string {
  return `${reference}+${tenantExternalId}`;
}

/** Where the CSAF document of a notice is: beside its ack link (`GET /ack/{token}.csaf.json`). */
export function csafUrl(ackUrl: string): string {
  return `${ackUrl}.csaf.json`;
}

/** The file name CSAF 2.0 section 5.1 derives from `tracking.id`. */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}

/**
 * The tenant's notice as a CSAF 2.0 `csaf_security_incident_response` document, TLP:AMBER, in the notice's
 * language. Its notes are the notice's own values (`buildNoticeModel`, as the email shows them), so they
 * hold this tenant's facts only; its revision history has one entry per version of the incident.
 */
export function csafDocument(input: CsafInput): CsafDocument {
  const { view } = input;
  const model = buildNoticeModel(view, view.locale, 'csaf');
  const words = CSAF_WORDS[view.locale];
  const revisions = revisionHistory(input, model);
  const contactDetails = [view.vendor.address, view.vendor.registration, view.contactPoint.email, view.contactPoint.phone].filter((v): v is string => !!v?.trim());
  const trackingId = csafTrackingId(view.incident.reference, view.tenant.externalId);
  return {
    document: {
      category: 'csaf_security_incident_response',
      csaf_version: '2.0',
      lang: view.locale,
      title: `${view.incident.reference}: ${view.incident.title}`,
      publisher: {
        category: 'vendor',
        name: view.vendor.legalName ?? view.vendor.name,
        namespace: input.namespace,
        ...(contactDetails.length ? { contact_details: contactDetails.join('; ') } : {}),
      },
      distribution: { text: fill(words.tlp, { tenant: view.tenant.name }), tlp: { label: 'AMBER', url: CSAF_TLP_URL } },
      notes: view.kind === 'withdrawn' ? withdrawalNotes(model, words) : noticeNotes(view, model, words),
      references: [
        { category: 'external', summary: words.ackPage, url: view.ackUrl },
        { category: 'self', summary: words.self, url: csafUrl(view.ackUrl) },
      ],
      tracking: {
        id: trackingId,
        // Final once nothing more is to come for this tenant: the vendor's final version, a closed incident, a withdrawal.
        status: view.final || input.closed || view.kind === 'withdrawn' ? 'final' : 'interim',
        version: String(view.incident.version),
        initial_release_date: revisions[0].date,
        current_release_date: revisions[revisions.length - 1].date,
        revision_history: revisions,
        generator: { engine: { name: 'breachcast' } },
      },
    },
  };
}

/** Every version, oldest first, dated when it was issued; a date never runs backwards (CSAF test 6.1.14). */
function revisionHistory(input: CsafInput, model: Partial<NoticeModel>): CsafRevision[] {
  const { view } = input;
  const locale = view.locale;
  const words = CSAF_WORDS[locale];
  const entries = input.earlier
    .filter((v) => v.version < view.incident.version)
    .map((v) => {
      const phase = phaseLabel({ kind: v.kind ?? (v.version === 1 ? 'initial' : 'update'), updateNumber: v.version - 1, final: v.final }, locale);
      const summary = v.kind === null ? `${phase} (${words.notToYou})` : v.changeSummary ? `${phase}: ${v.changeSummary}` : phase;
      return { version: v.version, at: v.issuedAt, summary };
    });
  const current = view.kind !== 'initial' && view.incident.changeSummary ? `${model.phase}: ${view.incident.changeSummary}` : String(model.phase);
  entries.push({ version: view.incident.version, at: view.issuedAt, summary: current });
  let latest = 0;
  return entries.map((e) => {
    latest = Math.max(latest, Date.parse(e.at));
    return { date: new Date(latest).toISOString(), number: String(e.version), summary: oneLine(e.summary) };
  });
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The first letter upper case: the notice's labels name fields in running text. */
const cap = (text: string, intl: string) => text.charAt(0).toLocaleUpperCase(intl) + text.slice(1);

type Value = keyof NoticeModel;

/** The notes of a notice: what happened, when, this tenant's data, encryption, consequences, measures, what to do, whom to ask. */
function noticeNotes(view: NoticeView, model: Partial<NoticeModel>, words: CsafWords): CsafNote[] {
  const labels = labelsFor(view.locale);
  const pending = labels.pendingShort;
  const value = (key: Value): string => {
    const found = model[key];
    return typeof found === 'string' && found.trim() !== '' ? found : pending;
  };
  const field = (name: keyof typeof labels.fields) => cap(labels.fields[name], labels.intl);
  const line = (title: string, key: Value) => `${title}: ${value(key)}`;
  const fact = (name: keyof typeof labels.fields & Value): CsafNote => ({ category: 'details', title: field(name), text: value(name) });

  const notes: CsafNote[] = [
    { category: 'summary', title: field('description'), text: value('description') },
    fact('service'),
    { category: 'details', title: words.nature, text: value('nature') },
    fact('source'),
    fact('cause'),
    {
      category: 'details',
      title: words.when,
      text: [line(field('occurred'), 'occurred'), line(words.awareAt, 'awareAt'), line(field('contained'), 'contained'), line(words.issuedAt, 'issuedAt'), value('zoneNote')].join('\n'),
    },
    {
      category: 'details',
      title: words.yourData,
      text: [
        line(field('systems'), 'systems'),
        line(words.subProcessors, 'subProcessors'),
        line(field('dataCategories'), 'dataCategories'),
        line(field('subjectCategories'), 'subjectCategories'),
        line(words.dataSubjects, 'dataSubjects'),
        line(words.records, 'records'),
        line(field('period'), 'period'),
      ].join('\n'),
    },
    {
      category: 'details',
      title: field('findings'),
      text: FINDINGS.map((f) => line(words.findings[f], `findings${cap(f, 'en')}` as Value)).join('\n'),
    },
    fact('encryption'),
    { category: 'details', title: field('notAffected'), text: [value('notAffected'), ...(model.ruledOut ? [`${words.ruledOut}: ${model.ruledOut}`] : [])].join('\n') },
    fact('consequences'),
    fact('measuresTaken'),
    fact('measuresPlanned'),
    fact('recommendedActions'),
    fact('subjectActions'),
    { category: 'details', title: field('notifications'), text: model.notificationList?.length ? model.notificationList.join('\n') : value('notificationsNote') },
  ];
  if (model.late) notes.push(fact('delayReason'));
  if (view.kind === 'update') notes.push({ category: 'general', title: field('changeSummary'), text: value('changeSummary') });
  notes.push(contactNote(model, words, labels));
  const status = [`${words.nextUpdate}: ${model.nextUpdate ?? words.noNextUpdate}`];
  if (model.pendingList?.length) status.unshift(...model.pendingList.map((f) => `- ${f}`));
  notes.push({ category: 'general', title: model.pendingList?.length ? words.stillPending : words.nextUpdate, text: status.join('\n') });
  return notes;
}

/** A withdrawal: that this tenant is no longer concerned, why, and whom to ask; no figures. */
function withdrawalNotes(model: Partial<NoticeModel>, words: CsafWords): CsafNote[] {
  const labels = labelsFor(String(model.locale));
  const reason = model.changeSummary && model.changeSummary.trim() ? model.changeSummary : labels.pendingShort;
  return [
    { category: 'summary', title: cap(String(model.phase), labels.intl), text: `${words.withdrawn}\n${cap(labels.fields.changeSummary, labels.intl)}: ${reason}` },
    contactNote(model, words, labels),
  ];
}

function contactNote(model: Partial<NoticeModel>, words: CsafWords, labels: ReturnType<typeof labelsFor>): CsafNote {
  const lines = [
    model.contactName ?? '',
    model.contactEmail ? `${words.email}: ${model.contactEmail}` : '',
    model.contactPhone ? `${words.phone}: ${model.contactPhone}` : '',
    `${cap(labels.fields.contactAvailability, labels.intl)}: ${model.contactAvailability ?? labels.pendingShort}`,
    `${cap(labels.fields.dpo, labels.intl)}: ${model.dpo ?? labels.pendingShort}`,
  ];
  return { category: 'general', title: words.contact, text: lines.filter(Boolean).join('\n') };
}
