import { ENCRYPTION_STATES, FieldProblem, FINDING_VALUES, FINDINGS, NOTIFICATION_TARGETS } from '@app/kernel';
import { Channel, CHANNELS, DATA_CATEGORIES, LOCALES, NATURES } from '@app/templates';
import { dataCategoryLabel, LABELS, natureLabel } from '@app/wording';

/** How the incident form names each channel (the compiler asks for every one). */
const CHANNEL_LABELS: Record<Channel, string> = { email: 'Email', sms: 'SMS', webhook: 'Webhook' };
import { filledNotificationRows, FormBody, LOCALE_NAMES, many, MAX_NOTIFICATION_ROWS, Mode, one, systemNameLines } from './incident-form';

export interface FieldView {
  name: string;
  id: string;
  label: string;
  type: 'text' | 'email' | 'tel' | 'datetime' | 'date' | 'textarea' | 'list' | 'checkboxes' | 'select' | 'localized' | 'group';
  hint?: string;
  required?: boolean;
  value?: string;
  options?: { value: string; label: string; checked: boolean; id: string }[];
  locales?: { locale: string; label: string; name: string; id: string; value: string }[];
  open?: boolean;
  /** A localized name: one line per locale rather than a text box. */
  line?: boolean;
  /** A localized list of `key = value` lines. */
  list?: boolean;
  /** The fields of a group (a fieldset). */
  fields?: FieldView[];
  errors: string[];
}

export interface FormView {
  sections: { title: string; hint?: string; fields: FieldView[] }[];
  /** Problems that name no field on the form. */
  general: string[];
  summary: { id: string; message: string }[];
}

/** Blank rows offered for other notifications (more when more are filled). */
export const NOTIFICATION_ROWS = 3;

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const en = LABELS.en;

const FINDING_LABELS: Record<(typeof FINDINGS)[number], string> = {
  accessed: 'Accessed: someone other than us read or reached the data',
  exfiltrated: 'Exfiltrated: the data was copied out',
  published: 'Published: the data was made public',
  misused: 'Misused: the data was used against the data subjects',
};
/** Left empty, a finding shows as pending in the notice; "unknown" states that it is unknown at this stage. */
const NOT_KNOWN_YET = 'Not known yet (shown as pending)';

const flatten = (fields: FieldView[]): FieldView[] => fields.flatMap((f) => (f.type === 'group' ? flatten(f.fields ?? []) : [f]));

/** Sections and fields with their values and the domain's problems placed next to the field they name. */
export function buildFormView(mode: Mode, form: FormBody, problems: FieldProblem[] = []): FormView {
  const filledRows = filledNotificationRows(form);
  const targets = new Map(problems.map((p) => [p, problemTarget(p, filledRows)]));
  const field = (name: string, label: string, type: FieldView['type'], extra: Partial<FieldView> = {}): FieldView => {
    const own = problems.filter((p) => targets.get(p) === name);
    const view: FieldView = { name, id: fieldId(name), label, type, errors: own.map((p) => p.message), ...extra };
    if (type === 'localized') {
      view.locales = LOCALES.map((l) => ({ locale: l, label: LOCALE_NAMES[l], name: `${name}.${l}`, id: fieldId(`${name}.${l}`), value: one(form, `${name}.${l}`) }));
      view.value = one(form, `${name}.en`);
      // A list of names opens its other languages only when one holds a name, not just the rows to fill.
      view.open = view.locales.some((l) => l.locale !== 'en' && (extra.list ? systemNameLines(l.value).length > 0 : l.value));
    } else if (type !== 'checkboxes' && type !== 'group') view.value = one(form, name);
    return view;
  };
  const group = (name: string, label: string, fields: FieldView[], hint?: string): FieldView => ({ name, id: fieldId(name), label, type: 'group', fields, hint, errors: [] });
  const checks = (name: string, values: readonly string[], label: (v: string) => string) => {
    const chosen = new Set(many(form, name));
    return values.map((v) => ({ value: v, label: label(v), checked: chosen.has(v), id: fieldId(`${name}.${v}`) }));
  };
  const select = (name: string, label: string, choices: [string, string][], extra: Partial<FieldView> = {}) => {
    const chosen = one(form, name) || (extra.value ?? '');
    return field(name, label, 'select', { ...extra, options: choices.map(([value, text]) => ({ value, label: text, checked: chosen === value, id: '' })) });
  };
  const text = (name: string, label: string, hint?: string, extra: Partial<FieldView> = {}) => field(name, label, 'localized', { hint, ...extra });
  const sections: FormView['sections'] = [];

  const head: FieldView[] = [];
  if (mode === 'create') head.push(field('reference', 'Reference', 'text', { required: true, hint: 'Unique, e.g. INC-2023-0419; appears in every subject and SMS.' }));
  if (mode === 'update') head.push(text('changeSummary', 'What changed (required)', 'Shown at the top of the update notice.'));
  head.push(
    text('title', 'Title', mode === 'create' ? 'Required. English, and optionally other languages: a notice uses the tenant’s language, else the incident’s language, else English.' : undefined),
    select('language', 'Language of the incident', LOCALES.map((l): [string, string] => [l, `${LOCALE_NAMES[l]} (${l})`]), {
      value: 'en',
      hint: 'The language a text given in one language only is written in; a reader whose language a text lacks gets it in this language, else in English.',
    }),
    text('service', 'Service concerned', 'The service of ours that is concerned, e.g. “SMS gateway”.', { line: true }),
    select('source.kind', 'Source', [['', '—'], ['internal', 'Our own systems'], ['sub_processor', 'A sub-processor']]),
    field('source.name', 'Source name', 'text', { hint: 'The system or sub-processor where it happened.' }),
  );
  sections.push({ title: mode === 'create' ? 'Incident' : 'Update', fields: head });
  sections.push({
    title: 'When and what',
    fields: [
      field('awareAt', 'Became aware at (UTC)', 'datetime', { required: mode === 'create', hint: 'Starts every tenant’s 72-hour mark.' }),
      field('occurredFrom', 'Occurred from (UTC)', 'datetime'),
      field('occurredTo', 'Occurred to (UTC)', 'datetime'),
      select('contained', 'Contained', [['', 'Not yet known'], ['yes', 'Yes'], ['no', 'No']]),
      field('containedAt', 'Contained at (UTC)', 'datetime', { hint: 'When the breach was contained; a time here means it is contained.' }),
      field('nature', 'Nature of the breach', 'checkboxes', { required: mode === 'create', options: checks('nature', NATURES, (n) => natureLabel(n as never, 'en')) }),
      text('description', 'Description'),
      text('cause', 'Cause'),
    ],
  });
  sections.push({
    title: 'Scope: who is affected',
    fields: [
      field('scope.systems', 'Systems', 'list', { hint: 'One per line or comma-separated. Empty matches any system.' }),
      text('systemNames', 'Names of the systems', 'One line per system: its identifier as under Systems, “=”, and the name a reader knows it by, e.g. “sms-gateway = SMS gateway”. A notice shows these names, never the identifiers.', { list: true }),
      field('scope.subProcessors', 'Sub-processors', 'list', { hint: 'Empty matches any.' }),
      field('scope.dataCategories', 'Data categories', 'checkboxes', { options: checks('scope.dataCategories', DATA_CATEGORIES, (c) => dataCategoryLabel(c as never, 'en')), hint: 'None ticked matches any.' }),
      field('scope.exposedFrom', 'Exposed from', 'date'),
      field('scope.exposedTo', 'Exposed to', 'date', { hint: 'Whole days, both ends included; empty is open.' }),
      field('scope.includeTenants', 'Also include tenants', 'list', { hint: 'Tenant external ids.' }),
      field('scope.excludeTenants', 'Exclude tenants', 'list', { hint: 'Exclusion wins over inclusion.' }),
    ],
  });
  sections.push({
    title: 'What happened to the data',
    hint: 'Reachable is not the same as taken: say what is known. Left as not known yet, a fact shows as pending in the notice.',
    fields: [
      group('findings', 'What is known of the data concerned', FINDINGS.map((f) => select(`findings.${f}`, FINDING_LABELS[f], [['', NOT_KNOWN_YET], ...FINDING_VALUES.map((v): [string, string] => [v, capital(en.findings[v])])]))),
      select('encryption', 'Encryption of the data concerned', [['', NOT_KNOWN_YET], ...ENCRYPTION_STATES.map((v): [string, string] => [v, capital(en.encryption[v])])]),
    ],
  });
  sections.push({
    title: 'What was not affected',
    hint: 'What a controller can rule out helps it decide whether its data subjects must be told (Art. 34).',
    fields: [
      text('notAffected', 'Not affected', 'E.g. “Payment data is held in another system and was not affected.”'),
      field('ruledOutCategories', 'Data categories known not to be affected', 'checkboxes', {
        options: checks('ruledOutCategories', DATA_CATEGORIES, (c) => dataCategoryLabel(c as never, 'en')),
        hint: 'None of the data categories of the scope.',
      }),
    ],
  });
  sections.push({
    title: 'What tenants are told',
    fields: [
      text('consequences', 'Likely consequences', 'Missing information shows as pending in the notice (GDPR Art. 33(4)).'),
      text('measuresTaken', 'Measures taken'),
      text('measuresPlanned', 'Measures planned'),
      text('recommendedActions', 'Recommended actions for the tenant'),
      text('subjectActions', 'What data subjects can do'),
      text('delayReason', 'Reason for a late notice', 'Shown to a tenant whose notice is sent after its notice deadline.'),
      field('nextUpdateAt', 'Next update expected at (UTC)', 'datetime'),
    ],
  });
  const rows = Math.min(MAX_NOTIFICATION_ROWS, Math.max(NOTIFICATION_ROWS, (filledRows[filledRows.length - 1] ?? -1) + 2));
  const notification = (row: number) =>
    group(`notifications.${row}`, `Notification ${row + 1}`, [
      select(`notifications.${row}.to`, 'Whom we notified', [['', '—'], ...NOTIFICATION_TARGETS.map((t): [string, string] => [t, capital(en.notificationTo[t])])]),
      field(`notifications.${row}.name`, 'Name of the authority, police unit or CSIRT', 'text'),
      field(`notifications.${row}.at`, 'Notified at (UTC)', 'datetime'),
      field(`notifications.${row}.reference`, 'Their case reference', 'text'),
    ]);
  sections.push({
    title: 'Other notifications',
    hint: 'Authorities, police or CSIRTs we told of this breach. Rows left blank are ignored; with none filled and the box below unticked, the notice shows this as pending.',
    fields: [
      ...Array.from({ length: rows }, (_, row) => notification(row)),
      field('notifications.none', 'No other notifications', 'checkboxes', {
        options: [{ value: 'yes', label: 'We have notified no one else so far', checked: one(form, 'notifications.none') === 'yes', id: fieldId('notifications.none.yes') }],
      }),
    ],
  });
  sections.push({
    title: 'Contact point and DPO',
    fields: [
      text('contact.name', 'Contact point name', undefined, { line: true, required: mode === 'create' }),
      field('contact.email', 'Contact point email', 'email'),
      field('contact.phone', 'Contact point phone', 'tel', { hint: 'E.164, e.g. +48221234567.' }),
      text('contact.availability', 'When the contact point answers', 'E.g. “24/7” or “Monday to Friday, 8:00–18:00 CET”.', { line: true }),
      group('contact.dpo', 'Our data protection officer', [
        field('contact.dpo.name', 'DPO name', 'text'),
        field('contact.dpo.email', 'DPO email', 'email'),
        field('contact.dpo.phone', 'DPO phone', 'tel', { hint: 'E.164. An email or a phone, at least one.' }),
      ], 'Apart from the incident desk; leave blank if the contact point is the DPO.'),
    ],
  });
  const last: FieldView[] = [field('channels', 'Channels', 'checkboxes', { required: mode === 'create', options: checks('channels', CHANNELS, (c) => CHANNEL_LABELS[c as Channel]) })];
  if (mode === 'update') last.push(field('final', 'Final notice', 'checkboxes', { options: [{ value: 'yes', label: 'This update closes the matter (final notice)', checked: one(form, 'final') === 'yes', id: fieldId('final.yes') }] }));
  sections.push({ title: 'Channels', fields: last });

  const fields = flatten(sections.flatMap((s) => s.fields));
  const placed = new Set(fields.map((f) => f.name));
  // The summary links to what takes focus: the English box of a text, the first box of a group.
  const focus = (f: FieldView) => (f.type === 'localized' ? f.locales![0].id : f.type === 'checkboxes' ? f.options![0].id : f.id);
  const general = problems.filter((p) => !placed.has(targets.get(p)!)).map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
  const summary = fields.flatMap((f) => f.errors.map((message) => ({ id: focus(f), message: `${f.label}: ${message}` })));
  return { sections, general, summary };
}

/** A problem on a whole object goes to its first field. */
const FIRST_OF: Record<string, string> = {
  source: 'source.kind',
  contact: 'contact.name',
  scope: 'scope.systems',
  findings: 'findings.accessed',
  'contact.dpo': 'contact.dpo.name',
};

/**
 * The form field a domain problem belongs to: `nature[0]` → nature, `title.de` → title,
 * `systemNames.crm` → systemNames, `notifications[1].name` → that part of the form row sent as the second.
 */
function problemTarget(p: FieldProblem, filledRows: number[]): string {
  const row = /^notifications\[(\d+)\](?:\.(\w+))?/.exec(p.field);
  if (row) return `notifications.${filledRows[Number(row[1])] ?? 0}.${row[2] ?? 'to'}`;
  if (p.field === 'notifications') return 'notifications.0.to';
  if (p.field.startsWith('systemNames')) return 'systemNames';
  const key = p.field.replace(/\[\d+\]/g, '').replace(/\.(en|pl|nl|fr|es|de)$/, '');
  return FIRST_OF[key] ?? key;
}
