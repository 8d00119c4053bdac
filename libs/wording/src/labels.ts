import * as fs from 'fs';
import * as path from 'path';
import { DataCategory, EncryptionState, Finding, FindingValue, Locale, LOCALES, Nature, NotificationTarget, SubjectCategory } from '@app/kernel';

/** The laws a supervisory authority of a notice applies. */
export type Law = 'gdpr' | 'uk_gdpr' | 'ch_fadp';

/**
 * Short localized words the renderer puts into a notice before a template sees it: category and
 * nature names, phase names, the pending marker, date patterns, list fallbacks. The prose around them
 * lives in the Handlebars templates of each locale. Placeholders in `{braces}` are filled by `fill()`.
 * One JSON file per locale (`labels/<locale>.json`), every one with the keys of `en.json`.
 */
export interface LocaleLabels {
  /** Locale tag handed to Intl (e.g. en → en-GB for 24 h clocks and day-month order). */
  intl: string;
  /** {day} {month} {year}: a calendar day as a reader of this language writes it. */
  date: string;
  /** The first day of a month when the language writes it apart (fr: 1er); empty: the number. */
  firstDay: string;
  /** {date} {time} {zone}: a point in time. */
  dateTime: string;
  /** {local} {utc}: the same instant in UTC beside it. */
  utcBeside: string;
  /** {local} {utcDate} {utc}: UTC falls on another day. */
  utcBesideOtherDay: string;
  /** {name} {id}: the time zone as a reader names it, with its identifier; {name} lists the zone's times the notice shows. */
  zoneName: string;
  /** True where readers name a zone by its offset from UTC (UTC+2) rather than by an abbreviation (CEST). */
  zoneOffsets: boolean;
  /** {name} {abbreviation}: one of the zone's times (summer or winter) by its name and as the notice abbreviates it. */
  zoneVariant: string;
  /** {zone}: the sentence that says in which zone times are shown, with UTC beside them. */
  zoneNote: string;
  /** The same when the zone is UTC itself (no second time is shown). */
  zoneNoteUtc: string;
  dataCategories: Record<DataCategory, string>;
  subjectCategories: Record<SubjectCategory, string>;
  /** {count} {categories}: data subjects of one group. */
  subjectGroup: string;
  /** Between the groups of data subjects. */
  groupSeparator: string;
  natures: Record<Nature, string>;
  phase: {
    initial: string;
    initialFinal: string;
    /** {n} = update number */
    update: string;
    final: string;
    withdrawn: string;
  };
  /** What a field that is not known yet shows (listed once under "still pending"). */
  pendingShort: string;
  /** Next update when no time is set. */
  asSoonAsWeKnowMore: string;
  /** {when}: contained at that time. */
  containedSince: string;
  contained: { yes: string; no: string };
  findings: Record<FindingValue, string>;
  encryption: Record<EncryptionState, string>;
  notificationTo: Record<NotificationTarget, string>;
  /** {to} {name}: one notification; {when} and {reference} are added by the next two when known. */
  notification: string;
  notificationAt: string;
  notificationReference: string;
  notificationsNone: string;
  /** {from} {to} */
  range: string;
  /** {from} {pending}: end of the incident window not known */
  rangeOpenEnd: string;
  /** {to} {pending}: start not known */
  rangeOpenStart: string;
  /** {from}: exposure period that runs until today */
  periodUntilNow: string;
  none: string;
  source: { internal: string; sub_processor: string };
  /** The authority when the tenant's country has several (DE); {url} lists them. */
  authoritySeveral: string;
  /** The authority when the tenant's country is not in the table. */
  authorityUnknown: string;
  /** How the notice cites the law of the tenant's authority. */
  law: Record<Law, { name: string; processorDuty: string; phases: string; authority: string; subjects: string }>;
  /** Field names listed under "still pending". */
  fields: Record<PendingField, string>;
  /** What is still being established when a finding or the encryption is answered "unknown" (listed under "still pending"). */
  openQuestions: Record<Finding | 'encryption', string>;
  /** The tenant's onward deadlines (section "your deadlines"). */
  deadlines: DeadlineLabels;
}

/** A count in each plural category a language uses (Intl.PluralRules); {n} is the number. */
export interface PluralForms {
  one: string;
  few: string;
  many: string;
  other: string;
}

/**
 * Words of the deadline lines. Regimes, obligations and provisions are keyed as the obligations table
 * names them; one the labels do not know shows as the table has it (a provision in the table's words).
 */
export interface DeadlineLabels {
  /** Each regime as the sentence "your organisation is subject to …" names it. */
  regimes: Record<string, string>;
  /** Each kind of obligation, as a line names it. */
  obligations: Record<string, string>;
  /** The same, for a regime whose wording differs (NIS2: to the CSIRT or competent authority). */
  steps: Record<string, Record<string, string>>;
  /** "after" an earlier step a later one counts from (final report one month after the incident notification). */
  after: Record<string, string>;
  /** {step}: after a step `after` has no words for. */
  afterOther: string;
  hours: PluralForms;
  /** Hours that are whole days beyond 72 hours are said in days. */
  days: PluralForms;
  months: PluralForms;
  /** {duration} {after}: a step counted from an earlier one. */
  chained: string;
  /** A rule without a fixed time. */
  asap: string;
  /** A condition said instead of the duration (dora_classification). */
  notes: Record<string, string>;
  /** {name} {basis}: a line's heading. */
  title: string;
  /** {when}: the due time counted from the vendor's awareness. */
  fromAwareness: string;
  /** {when}: the due time counted from this notice. */
  fromNotice: string;
  /** Provisions in this language, keyed by the table's citation. */
  citations: Record<string, string>;
}

export const PENDING_FIELDS = [
  'service',
  'description',
  'cause',
  'source',
  'occurred',
  'contained',
  'systems',
  'dataCategories',
  'subjectCategories',
  'period',
  'findings',
  'encryption',
  'notAffected',
  'consequences',
  'measuresTaken',
  'measuresPlanned',
  'recommendedActions',
  'subjectActions',
  'notifications',
  'delayReason',
  'changeSummary',
  'contactAvailability',
  'dpo',
] as const;
export type PendingField = (typeof PENDING_FIELDS)[number];

/** Where the label files live: `labels/` beside this file, in src (ts-jest) and in dist (copied by the build). */
export const LABELS_DIR = path.join(__dirname, 'labels');

function load(locale: Locale): LocaleLabels {
  return JSON.parse(fs.readFileSync(path.join(LABELS_DIR, `${locale}.json`), 'utf8')) as LocaleLabels;
}

export const LABELS: Record<Locale, LocaleLabels> = Object.fromEntries(LOCALES.map((l) => [l, load(l)])) as Record<Locale, LocaleLabels>;

/** Replaces `{key}` placeholders; values are inserted verbatim (never parsed as templates). */
export function fill(pattern: string, values: Record<string, string | number>): string {
  return pattern.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole,
  );
}
