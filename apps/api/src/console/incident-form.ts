import { FINDINGS, LocalizedText } from '@app/kernel';
import { LOCALES } from '@app/templates';

/** Posted console form: urlencoded, repeated names arrive as arrays. */
export type FormBody = Record<string, string | string[] | undefined>;
export type Mode = 'create' | 'update';

/** Texts with one box per locale (`title.en`, `title.pl`, …). */
export const TEXTS = [
  'title',
  'service',
  'description',
  'cause',
  'notAffected',
  'consequences',
  'measuresTaken',
  'measuresPlanned',
  'recommendedActions',
  'subjectActions',
  'delayReason',
] as const;
const CONTACT_TEXTS = ['name', 'availability'] as const;
export const TIMES = ['awareAt', 'occurredFrom', 'occurredTo', 'containedAt', 'nextUpdateAt'] as const;
const SCOPE_LISTS = ['systems', 'subProcessors', 'includeTenants', 'excludeTenants'] as const;
export const NOTIFICATION_PARTS = ['to', 'name', 'at', 'reference'] as const;
export const DPO_PARTS = ['name', 'email', 'phone'] as const;
/** As many other notifications as the domain takes; a form row beyond it is never shown, so never read. */
export const MAX_NOTIFICATION_ROWS = 50;
export const LOCALE_NAMES: Record<string, string> = { en: 'English', pl: 'Polish', nl: 'Dutch', fr: 'French', es: 'Spanish', de: 'German' };

export const one = (form: FormBody, name: string): string => {
  const v = form[name];
  return (Array.isArray(v) ? v[v.length - 1] : (v ?? '')).trim();
};
export const many = (form: FormBody, name: string): string[] => {
  const v = form[name];
  return (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
};
const list = (text: string): string[] => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
const isoMinute = (value: string) => new Date(value).toISOString().slice(0, 16);

/** `datetime-local` gives a zone-less minute; the form says UTC, so it becomes `…Z`. Anything else goes to the domain as typed. */
export function zoned(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) return `${value}Z`;
  return value;
}

/** The language the form says its texts are written in (the incident's `language`). */
const languageOf = (form: FormBody): string => one(form, 'language') || 'en';

/** One text per locale, only the filled ones; a text in the incident's language alone is sent as a plain string. */
function fromLocales(texts: Record<string, string>, language: string): LocalizedText | undefined {
  const locales = Object.keys(texts);
  if (locales.length === 0) return undefined;
  return locales.length === 1 && locales[0] === language ? texts[language] : texts;
}

function localized(form: FormBody, name: string, language: string): LocalizedText | undefined {
  return fromLocales(Object.fromEntries(LOCALES.map((l) => [l, one(form, `${name}.${l}`)]).filter(([, t]) => t)), language);
}

/**
 * `system = name` lines of one locale's box. A line with "=" and no name is a row left blank (the update
 * form lists every system in scope); a line without "=" is a system without a name, which the domain refuses by name.
 */
export function systemNameLines(text: string): [string, string][] {
  const rows: [string, string][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const at = line.indexOf('=');
    if (line && at < 0) rows.push([line, '']);
    else if (at >= 0 && line.slice(at + 1).trim()) rows.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return rows;
}

function systemNames(form: FormBody, language: string): Record<string, LocalizedText> | undefined {
  const byLocale = new Map<string, Record<string, string>>();
  for (const locale of LOCALES) {
    for (const [system, name] of systemNameLines(one(form, `systemNames.${locale}`))) byLocale.set(system, { ...byLocale.get(system), [locale]: name });
  }
  if (byLocale.size === 0) return undefined;
  // A name given as blank stays in the map, so the domain names the system that lacks one.
  return Object.fromEntries([...byLocale].map(([system, names]) => [system, Object.keys(names).length === 1 && names[language] !== undefined ? names[language] : names]));
}

/** Row numbers of the other-notification rows that hold anything, in order: the domain's `notifications[i]` is the i-th of them. */
export function filledNotificationRows(form: FormBody): number[] {
  const rows = new Set<number>();
  for (const key of Object.keys(form)) {
    const m = /^notifications\.(\d{1,2})\.(\w+)$/.exec(key);
    if (m && Number(m[1]) < MAX_NOTIFICATION_ROWS && (NOTIFICATION_PARTS as readonly string[]).includes(m[2]) && one(form, key)) rows.add(Number(m[1]));
  }
  return [...rows].sort((a, b) => a - b);
}

function notifications(form: FormBody): Record<string, string>[] | undefined {
  const rows = filledNotificationRows(form).map((row) => {
    const part = (name: string) => one(form, `notifications.${row}.${name}`);
    return compact({ to: part('to'), name: part('name'), at: part('at') ? zoned(part('at')) : '', reference: part('reference') }) as Record<string, string>;
  });
  if (rows.length > 0) return rows;
  return one(form, 'notifications.none') === 'yes' ? [] : undefined;
}

function contact(form: FormBody, language: string): Record<string, unknown> {
  const dpo = compact(Object.fromEntries(DPO_PARTS.map((p) => [p, one(form, `contact.dpo.${p}`)])));
  return compact({
    name: localized(form, 'contact.name', language),
    email: one(form, 'contact.email'),
    phone: one(form, 'contact.phone'),
    availability: localized(form, 'contact.availability', language),
    dpo: Object.keys(dpo).length > 0 ? dpo : undefined,
  });
}

/**
 * The incident body the form describes; blank fields are left out, so the domain's own checks name what
 * is missing. A group (findings, system names, other notifications, the contact point) is sent whole.
 */
export function formToIncident(form: FormBody, mode: Mode): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== '') body[key] = value;
  };
  const language = languageOf(form);
  if (mode === 'create') set('reference', one(form, 'reference'));
  set('language', one(form, 'language'));
  for (const name of TEXTS) set(name, localized(form, name, language));
  if (mode === 'update') set('changeSummary', localized(form, 'changeSummary', language));
  const source = { kind: one(form, 'source.kind'), name: one(form, 'source.name') };
  if (source.kind || source.name) set('source', compact(source));
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
  set('systemNames', systemNames(form, language));
  const findings = compact(Object.fromEntries(FINDINGS.map((f) => [f, one(form, `findings.${f}`)])));
  if (Object.keys(findings).length > 0) set('findings', findings);
  set('encryption', one(form, 'encryption'));
  const ruledOut = many(form, 'ruledOutCategories');
  if (ruledOut.length) set('ruledOutCategories', ruledOut);
  set('notifications', notifications(form));
  set('contact', contact(form, language));
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

/** A plain string is written in the incident's language: as a map, it compares with the form's boxes. */
const asMap = (text: unknown, language: string): unknown => (typeof text === 'string' ? { [language]: text } : text);
const sorted = (items: unknown) => (Array.isArray(items) ? [...items].sort() : items);

/** A field as the new version would read it: texts by locale, sets in one order. */
function comparable(key: string, value: unknown, language: string): unknown {
  if (value === null || value === undefined) return value;
  if ((TEXTS as readonly string[]).includes(key)) return asMap(value, language);
  if (key === 'ruledOutCategories') return sorted(value);
  if (typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (key === 'systemNames') return Object.fromEntries(Object.entries(v).map(([system, name]) => [system, asMap(name, language)]));
  if (key === 'contact') return { ...v, name: asMap(v.name, language), availability: asMap(v.availability, language) };
  if (key === 'scope') return { ...v, dataCategories: sorted(v.dataCategories) };
  return value;
}

/**
 * What an update form changes of the current version. A text the current version holds as a plain
 * string is read in the language the new version will have, so changing the language re-sends the
 * texts the form puts in other boxes.
 */
export function changedFields(update: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> {
  const language = String(update.language ?? current.language ?? 'en');
  const shown: Record<string, unknown> = { ...current, language: current.language ?? 'en' };
  const same = (key: string, a: unknown, b: unknown) => JSON.stringify(canonical(comparable(key, a, language))) === JSON.stringify(canonical(comparable(key, b, language)));
  return Object.fromEntries(Object.entries(update).filter(([key, value]) => key === 'changeSummary' || key === 'final' || !same(key, value, shown[key])));
}

/** Puts a text into the boxes of its locales; a plain string into the box of the incident's language. */
function toBoxes(form: FormBody, name: string, text: unknown, language: string): void {
  if (typeof text === 'string') form[`${name}.${language}`] = text;
  else if (text && typeof text === 'object') for (const [l, t] of Object.entries(text)) if (typeof t === 'string') form[`${name}.${l}`] = t;
}

/** One `system = name` line per system in scope (blank names as rows to fill) and per other named system, in each locale's box. */
function systemNameBoxes(form: FormBody, body: Record<string, any>, language: string): void {
  const names = (body.systemNames ?? {}) as Record<string, LocalizedText>;
  const systems = [...new Set([...((body.scope?.systems ?? []) as string[]), ...Object.keys(names)])];
  if (systems.length === 0) return;
  for (const locale of LOCALES) {
    const nameIn = (system: string) => {
      const name = names[system];
      return typeof name === 'string' ? (locale === language ? name : '') : (name?.[locale] ?? '');
    };
    form[`systemNames.${locale}`] = systems.map((s) => `${s} = ${nameIn(s)}`.trimEnd()).join('\n');
  }
}

/** The form's values for an existing body (update form) — the inverse of formToIncident. */
export function incidentToForm(body: Record<string, any>): FormBody {
  const form: FormBody = {};
  const language = typeof body.language === 'string' ? body.language : 'en';
  form.language = language;
  for (const name of TEXTS) toBoxes(form, name, body[name], language);
  form['source.kind'] = body.source?.kind;
  form['source.name'] = body.source?.name;
  for (const name of TIMES) if (body[name]) form[name] = isoMinute(body[name]);
  form.contained = body.contained === true ? 'yes' : body.contained === false ? 'no' : '';
  form.nature = body.nature ?? [];
  for (const name of SCOPE_LISTS) form[`scope.${name}`] = (body.scope?.[name] ?? []).join('\n');
  form['scope.dataCategories'] = body.scope?.dataCategories ?? [];
  form['scope.exposedFrom'] = body.scope?.exposedFrom ?? '';
  form['scope.exposedTo'] = body.scope?.exposedTo ?? '';
  systemNameBoxes(form, body, language);
  for (const f of FINDINGS) form[`findings.${f}`] = body.findings?.[f] ?? '';
  form.encryption = body.encryption ?? '';
  form.ruledOutCategories = body.ruledOutCategories ?? [];
  const sent = (Array.isArray(body.notifications) ? body.notifications : []).slice(0, MAX_NOTIFICATION_ROWS) as Record<string, string>[];
  sent.forEach((n, row) => {
    for (const part of NOTIFICATION_PARTS) form[`notifications.${row}.${part}`] = part === 'at' && n.at ? isoMinute(n.at) : (n[part] ?? '');
  });
  form['notifications.none'] = Array.isArray(body.notifications) && body.notifications.length === 0 ? 'yes' : '';
  for (const part of CONTACT_TEXTS) toBoxes(form, `contact.${part}`, body.contact?.[part], language);
  form['contact.email'] = body.contact?.email ?? '';
  form['contact.phone'] = body.contact?.phone ?? '';
  for (const part of DPO_PARTS) form[`contact.dpo.${part}`] = body.contact?.dpo?.[part] ?? '';
  form.channels = body.channels ?? [];
  return form;
}
