import { DeadlineLabels, fill, LocaleLabels, PluralForms } from './labels';
import { singleLine } from './text';

/**
 * One onward obligation of the tenant (who it must tell, under which provision) and when it falls due,
 * counted from the vendor's awareness (the conservative reading) and from this notice (the moment the
 * controller became aware). A null time: the rule sets none ("as soon as possible"), or counts from a step without one.
 */
export interface NoticeDeadline {
  /** gdpr, uk_gdpr, ch_fadp, nis2, dora, hipaa, us_state, sec_reg_sp. */
  regime: string;
  /** authority, early_warning, incident_notification, final_report, initial_notification, intermediate_report, individuals. */
  obligation: string;
  /** The provision, as the obligations table cites it (e.g. `GDPR Art. 33(1)`). */
  basis: string;
  /** Elapsed hours after the start; null: as soon as possible. */
  hours: number | null;
  /** Calendar months added after `hours`. */
  months?: number;
  /** The earlier obligation of the same regime it counts from, instead of from awareness. */
  after?: string;
  fromAwareness: string | null;
  fromNotice: string | null;
  /** A condition the reader applies to the time shown (dora_classification). */
  note?: string;
}

/** One deadline as a notice shows it: whom and under which provision, how long, and the due times. */
export interface DeadlineRow {
  /** `Reporting the breach to the supervisory authority (GDPR Art. 33(1))` */
  title: string;
  /** `72 hours`, `one month after the incident notification`, `as soon as possible`, or a condition. */
  period: string;
  /** The due time counted from our awareness, then from this notice; empty when the rule sets none. */
  times: string[];
}

const plurals = new Map<string, Intl.PluralRules>();

function plural(forms: PluralForms, n: number, intl: string): string {
  let rules = plurals.get(intl);
  if (!rules) {
    rules = new Intl.PluralRules(intl);
    plurals.set(intl, rules);
  }
  const category = rules.select(n);
  const form = category === 'one' || category === 'few' || category === 'many' ? forms[category] : forms.other;
  return fill(form, { n });
}

/** How long a rule gives: hours, whole days beyond 72 hours, calendar months. */
function duration(deadline: NoticeDeadline, words: DeadlineLabels, intl: string): string {
  const hours = deadline.hours ?? 0;
  const parts: string[] = [];
  if (deadline.months) parts.push(plural(words.months, deadline.months, intl));
  if (hours > 0 || parts.length === 0) {
    parts.push(hours > 72 && hours % 24 === 0 ? plural(words.days, hours / 24, intl) : plural(words.hours, hours, intl));
  }
  return parts.join(' + ');
}

function stepName(regime: string, obligation: string, words: DeadlineLabels): string {
  return words.steps[regime]?.[obligation] ?? words.obligations[obligation] ?? obligation;
}

function period(deadline: NoticeDeadline, words: DeadlineLabels, intl: string): string {
  if (deadline.note && words.notes[deadline.note]) return words.notes[deadline.note];
  if (deadline.hours === null) return words.asap;
  const long = duration(deadline, words, intl);
  if (!deadline.after) return long;
  const after = words.after[deadline.after] ?? fill(words.afterOther, { step: stepName(deadline.regime, deadline.after, words) });
  return fill(words.chained, { duration: long, after });
}

/** The deadline lines of a notice, in the reader's language, times in the reader's zone (`time` formats one). */
export function deadlineRows(deadlines: readonly NoticeDeadline[], labels: LocaleLabels, time: (iso: string) => string): DeadlineRow[] {
  if (!Array.isArray(deadlines)) throw new RangeError('not a list of deadlines');
  const words = labels.deadlines;
  return deadlines.map((deadline) => {
    const basis = singleLine(String(deadline.basis));
    const times: string[] = [];
    if (deadline.fromAwareness) times.push(fill(words.fromAwareness, { when: time(deadline.fromAwareness) }));
    if (deadline.fromNotice) times.push(fill(words.fromNotice, { when: time(deadline.fromNotice) }));
    return {
      title: fill(words.title, { name: stepName(deadline.regime, deadline.obligation, words), basis: words.citations[basis] ?? basis }),
      period: period(deadline, words, labels.intl),
      times,
    };
  });
}

const lists = new Map<string, Intl.ListFormat>();

/** The regimes as a sentence names them: `GDPR and NIS2`, `RODO i dyrektywa NIS2`. */
export function regimeNames(regimes: readonly string[], labels: LocaleLabels): string {
  let list = lists.get(labels.intl);
  if (!list) {
    list = new Intl.ListFormat(labels.intl, { style: 'long', type: 'conjunction' });
    lists.set(labels.intl, list);
  }
  const names = [...new Set(regimes)].map((regime) => labels.deadlines.regimes[regime] ?? singleLine(String(regime)));
  return names.length === 0 ? labels.none : list.format(names);
}
