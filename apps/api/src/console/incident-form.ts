import { FieldProblem } from '@app/kernel';
import { CHANNELS, DATA_CATEGORIES, dataCategoryLabel, LOCALES, NATURES, natureLabel } from '@app/templates';

/** Posted console form: urlencoded, repeated names arrive as arrays. */
export type FormBody = Record<string, string | string[] | undefined>;
type Mode = 'create' | 'update';

const LOCALIZED = ['title', 'description', 'cause', 'consequences', 'measuresTaken', 'measuresPlanned', 'recommendedActions', 'subjectActions'] as const;
const TIMES = ['awareAt', 'occurredFrom', 'occurredTo', 'nextUpdateAt'] as const;
const SCOPE_LISTS = ['systems', 'subProcessors', 'includeTenants', 'excludeTenants'] as const;
export const LOCALE_NAMES: Record<string, string> = { en: 'English', pl: 'Polish', nl: 'Dutch', fr: 'French', es: 'Spanish', de: 'German' };

const one = (form: FormBody, name: string): string => {
  const v = form[name];
  return (Array.isArray(v) ? v[v.length - 1] : (v ?? '')).trim();
};
const many = (form: FormBody, name: string): string[] => {
  const v = form[name];
  return (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
};
const list = (text: string): string[] => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);

/** `datetime-local` gives a zone-less minute; the form says UTC, so it becomes `…Z`. Anything else goes to the domain as typed. */
export function zoned(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) return `${value}Z`;
  return value;
}

function localized(form: FormBody, name: string): string | Record<string, string> | undefined {
  const texts = Object.fromEntries(LOCALES.map((l) => [l, one(form, `${name}.${l}`)]).filter(([, t]) => t));
  const locales = Object.keys(texts);
  if (locales.length === 0) return undefined;
  return locales.length === 1 && locales[0] === 'en' ? texts.en : texts;
}

/** The incident body the form describes; blank fields are left out, so the domain's own checks name what is missing. */
export function formToIncident(form: FormBody, mode: Mode): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== '') body[key] = value;
  };
  if (mode === 'create') set('reference', one(form, 'reference'));
  for (const name of LOCALIZED) set(name, localized(form, name));
  if (mode === 'update') set('changeSummary', localized(form, 'changeSummary'));
  const source = { kind: one(form, 'source.kind'), name: one(form, 'source.name') };
  if (source.kind || source.name) set('source', Object.fromEntries(Object.entries(source).filter(([, v]) => v)));
  for (const name of TIMES) set(name, one(form, name) ? zoned(one(form, name)) : undefined);
  const contained = one(form, 'contained');
  if (contained) set('contained', contained === 'yes');
  const nature = many(form, 'nature');
  if (mode === 'create' || nature.length) set('nature', nature);
  const scope: Record<string, unknown> = {};
  for (const name of SCOPE_LISTS) scope[name] = list(one(form, `scope.${name}`));
  scope.dataCategories = many(form, 'scope.dataCategories');
  for (const name of ['exposedFrom', 'exposedTo']) if (one(form, `scope.${name}`)) scope[name] = one(form, `scope.${name}`);
  set('scope', scope);
  const contact = { name: one(form, 'contact.name'), email: one(form, 'contact.email'), phone: one(form, 'contact.phone') };
  set('contact', Object.fromEntries(Object.entries(contact).filter(([, v]) => v)));
  const channels = many(form, 'channels');
  if (mode === 'create' || channels.length) set('channels', channels);
  if (mode === 'update' && one(form, 'final') === 'yes') set('final', true);
  return body;
}

/** Same instant, same text, same list: a field the update form shows unchanged is not sent as a change. */
function canonical(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

export function changedFields(update: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> {
  const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  const shown: Record<string, unknown> = { ...current, contact: shownContact(current.contact) };
  const changed = Object.entries(update).filter(([key, value]) => key === 'changeSummary' || key === 'final' || !same(value, shown[key]));
  return Object.fromEntries(changed.map(([key, value]) => [key, key === 'contact' ? keptContact(value, current.contact) : value]));
}

/** The form shows one contact point name: the English one of a name given per locale (else the first). */
function shownName(name: unknown): unknown {
  if (!name || typeof name !== 'object') return name;
  const names = name as Record<string, string>;
  return names.en ?? Object.values(names)[0];
}

/** The contact point as the form shows it: name, email and phone. */
function shownContact(contact: unknown): unknown {
  if (!contact || typeof contact !== 'object') return contact;
  const { name, email, phone } = contact as Record<string, unknown>;
  return { name: shownName(name), email, phone };
}

/**
 * A changed contact point keeps what the form does not show (availability, the DPO) and, when the
 * name as shown is unchanged, the name in every language it was given in: an update replaces the whole contact.
 */
function keptContact(edited: unknown, current: unknown): unknown {
  if (!edited || typeof edited !== 'object' || !current || typeof current !== 'object') return edited;
  const { name, email: _email, phone: _phone, ...unshown } = current as Record<string, unknown>;
  const contact = { ...unshown, ...(edited as Record<string, unknown>) };
  if (contact.name === shownName(name)) contact.name = name;
  return contact;
}

/** The form's values for an existing body (update form) — the inverse of formToIncident. */
export function incidentToForm(body: Record<string, any>): FormBody {
  const form: FormBody = {};
  for (const name of LOCALIZED) {
    const text = body[name];
    if (typeof text === 'string') form[`${name}.en`] = text;
    else if (text) for (const [l, t] of Object.entries(text)) form[`${name}.${l}`] = t as string;
  }
  form['source.kind'] = body.source?.kind;
  form['source.name'] = body.source?.name;
  for (const name of TIMES) if (body[name]) form[name] = new Date(body[name]).toISOString().slice(0, 16);
  form.contained = body.contained === true ? 'yes' : body.contained === false ? 'no' : '';
  form.nature = body.nature ?? [];
  for (const name of SCOPE_LISTS) form[`scope.${name}`] = (body.scope?.[name] ?? []).join('\n');
  form['scope.dataCategories'] = body.scope?.dataCategories ?? [];
  form['scope.exposedFrom'] = body.scope?.exposedFrom ?? '';
  form['scope.exposedTo'] = body.scope?.exposedTo ?? '';
  for (const key of ['name', 'email', 'phone']) form[`contact.${key}`] = (shownContact(body.contact) as Record<string, string> | undefined)?.[key];
  form.channels = body.channels ?? [];
  return form;
}

export interface FieldView {
  name: string;
  id: string;
  label: string;
  type: 'text' | 'email' | 'tel' | 'datetime' | 'date' | 'textarea' | 'list' | 'checkboxes' | 'select' | 'localized';
  hint?: string;
  required?: boolean;
  value?: string;
  options?: { value: string; label: string; checked: boolean; id: string }[];
  locales?: { locale: string; label: string; name: string; id: string; value: string }[];
  open?: boolean;
  errors: string[];
}

export interface FormView {
  sections: { title: string; fields: FieldView[] }[];
  /** Problems that name no field on the form. */
  general: string[];
  summary: { id: string; message: string }[];
}

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** Sections and fields with their values and the domain's problems placed next to the field they name. */
export function buildFormView(mode: Mode, form: FormBody, problems: FieldProblem[] = []): FormView {
  const placed = new Set<FieldProblem>();
  const field = (name: string, label: string, type: FieldView['type'], extra: Partial<FieldView> = {}): FieldView => {
    const own = problems.filter((p) => problemTarget(p) === name);
    own.forEach((p) => placed.add(p));
    const view: FieldView = { name, id: fieldId(name), label, type, errors: own.map((p) => p.message), ...extra };
    if (type === 'localized') {
      view.locales = LOCALES.map((l) => ({ locale: l, label: LOCALE_NAMES[l], name: `${name}.${l}`, id: fieldId(`${name}.${l}`), value: one(form, `${name}.${l}`) }));
      view.value = one(form, `${name}.en`);
      view.open = view.locales.some((l) => l.locale !== 'en' && l.value);
    } else if (type !== 'checkboxes') view.value = one(form, name);
    return view;
  };
  const checks = (name: string, values: readonly string[], label: (v: string) => string) => {
    const chosen = new Set(many(form, name));
    return values.map((v) => ({ value: v, label: label(v), checked: chosen.has(v), id: fieldId(`${name}.${v}`) }));
  };
  const text = (name: string, label: string, hint?: string) => field(name, label, 'localized', { hint });
  const sections: FormView['sections'] = [];
  const head: FieldView[] = [];
  if (mode === 'create') head.push(field('reference', 'Reference', 'text', { required: true, hint: 'Unique, e.g. INC-2023-0419; appears in every subject and SMS.' }));
  if (mode === 'update') head.push(text('changeSummary', 'What changed (required)', 'Shown at the top of the update notice.'));
  head.push(
    text('title', 'Title', mode === 'create' ? 'Required. English, and optionally other languages: a notice uses the tenant’s language, else English.' : undefined),
    field('source.kind', 'Source', 'select', { options: [{ value: '', label: '—', checked: false, id: '' }, ...['internal', 'sub_processor'].map((v) => ({ value: v, label: v === 'internal' ? 'Our own systems' : 'A sub-processor', checked: one(form, 'source.kind') === v, id: '' }))] }),
    field('source.name', 'Source name', 'text', { hint: 'The system or sub-processor where it happened.' }),
  );
  sections.push({ title: mode === 'create' ? 'Incident' : 'Update', fields: head });
  sections.push({
    title: 'When and what',
    fields: [
      field('awareAt', 'Became aware at (UTC)', 'datetime', { required: mode === 'create', hint: 'Starts every tenant’s 72-hour mark.' }),
      field('occurredFrom', 'Occurred from (UTC)', 'datetime'),
      field('occurredTo', 'Occurred to (UTC)', 'datetime'),
      field('contained', 'Contained', 'select', { options: [['', 'Not yet known'], ['yes', 'Yes'], ['no', 'No']].map(([v, l]) => ({ value: v, label: l, checked: one(form, 'contained') === v, id: '' })) }),
      field('nature', 'Nature of the breach', 'checkboxes', { required: mode === 'create', options: checks('nature', NATURES, (n) => natureLabel(n as never, 'en')) }),
      text('description', 'Description'),
      text('cause', 'Cause'),
    ],
  });
  sections.push({
    title: 'Scope: who is affected',
    fields: [
      field('scope.systems', 'Systems', 'list', { hint: 'One per line or comma-separated. Empty matches any system.' }),
      field('scope.subProcessors', 'Sub-processors', 'list', { hint: 'Empty matches any.' }),
      field('scope.dataCategories', 'Data categories', 'checkboxes', { options: checks('scope.dataCategories', DATA_CATEGORIES, (c) => dataCategoryLabel(c as never, 'en')), hint: 'None ticked matches any.' }),
      field('scope.exposedFrom', 'Exposed from', 'date'),
      field('scope.exposedTo', 'Exposed to', 'date', { hint: 'Whole days, both ends included; empty is open.' }),
      field('scope.includeTenants', 'Also include tenants', 'list', { hint: 'Tenant external ids.' }),
      field('scope.excludeTenants', 'Exclude tenants', 'list', { hint: 'Exclusion wins over inclusion.' }),
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
      field('nextUpdateAt', 'Next update expected at (UTC)', 'datetime'),
    ],
  });
  const last: FieldView[] = [
    field('contact.name', 'Contact point name', 'text', { required: mode === 'create' }),
    field('contact.email', 'Contact point email', 'email'),
    field('contact.phone', 'Contact point phone', 'tel', { hint: 'E.164, e.g. +48221234567.' }),
    field('channels', 'Channels', 'checkboxes', { required: mode === 'create', options: checks('channels', CHANNELS, (c) => (c === 'sms' ? 'SMS' : 'Email')) }),
  ];
  if (mode === 'update') last.push(field('final', 'Final notice', 'checkboxes', { options: [{ value: 'yes', label: 'This update closes the matter (final notice)', checked: one(form, 'final') === 'yes', id: fieldId('final.yes') }] }));
  sections.push({ title: 'Contact point and channels', fields: last });
  // The summary links to what takes focus: the English box of a text, the first box of a group.
  const ids = new Map(sections.flatMap((s) => s.fields).map((f) => [f.name, f.type === 'localized' ? f.locales![0].id : f.type === 'checkboxes' ? f.options![0].id : f.id]));
  const general = problems.filter((p) => !placed.has(p)).map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
  const summary = sections.flatMap((s) => s.fields).flatMap((f) => f.errors.map((message) => ({ id: ids.get(f.name)!, message: `${f.label}: ${message}` })));
  return { sections, general, summary };
}

const FIRST_OF: Record<string, string> = { source: 'source.kind', contact: 'contact.name', scope: 'scope.systems' };

/** `nature[0]` → nature, `title.de` → title; a problem on a whole object (`contact`) goes to its first field. */
function problemTarget(p: FieldProblem): string {
  const key = p.field.replace(/\[\d+\]/g, '').replace(/\.(en|pl|nl|fr|es|de)$/, '');
  return FIRST_OF[key] ?? key;
}
