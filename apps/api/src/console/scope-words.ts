import { DATA_CATEGORIES, DataCategory, Nature, NATURES } from '@app/kernel';
import { IncidentScope } from '@app/scope';
import { dataCategoryLabel, formatDate, natureLabel } from '@app/wording';

/** The scope as filed; every part optional. */
export type ScopeInput = IncidentScope;

const or = new Intl.ListFormat('en-GB', { style: 'long', type: 'disjunction' });
const and = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });
const day = (value: string) => formatDate(value.slice(0, 10), 'en', 'UTC');
const nonEmpty = (list: string[] | undefined): list is string[] => Array.isArray(list) && list.length > 0;

/** A system by its readable name, with its identifier beside it when the incident names it. */
function systemWords(system: string, names: Record<string, unknown> | undefined): string {
  const name = names?.[system];
  const text = typeof name === 'string' ? name : name && typeof name === 'object' ? ((name as Record<string, string>).en ?? Object.values(name)[0]) : null;
  return text && text !== system ? `${text} (${system})` : system;
}

/**
 * Who the scope reaches, in sentences a person reads out: which systems, at which sub-processors,
 * which data, over which period, and who is added or left out by hand. An empty part reaches everyone.
 */
export function scopeSentences(scope: ScopeInput, systemNames?: Record<string, unknown>): string[] {
  const sentences: string[] = [];
  sentences.push(nonEmpty(scope.systems) ? `Data held in ${or.format(scope.systems.map((s) => systemWords(s, systemNames)))}.` : 'Data held in any system.');
  sentences.push(nonEmpty(scope.subProcessors) ? `Only where the sub-processor is ${or.format(scope.subProcessors)}.` : 'Whoever holds it: the vendor or any sub-processor.');
  const categories = (scope.dataCategories ?? []).filter((c): c is DataCategory => (DATA_CATEGORIES as readonly string[]).includes(c));
  sentences.push(categories.length > 0 ? `Concerning ${or.format(categories.map((c) => dataCategoryLabel(c, 'en')))}.` : 'Concerning any category of personal data.');
  const from = scope.exposedFrom ? day(scope.exposedFrom) : null;
  const to = scope.exposedTo ? day(scope.exposedTo) : null;
  if (from && to) sentences.push(`Exposed at any time from ${from} to ${to} (both days included).`);
  else if (from) sentences.push(`Exposed at any time from ${from} on.`);
  else if (to) sentences.push(`Exposed at any time up to ${to} (included).`);
  else sentences.push('Exposed at any time.');
  if (nonEmpty(scope.includeTenants)) sentences.push(`Also notified, whatever their data: ${and.format(scope.includeTenants)}.`);
  if (nonEmpty(scope.excludeTenants)) sentences.push(`Never notified: ${and.format(scope.excludeTenants)}.`);
  return sentences;
}

/** The nature of the breach in words: "confidentiality and availability breach". */
export function natureWords(natures: readonly string[] | undefined): string {
  const known = (natures ?? []).filter((n): n is Nature => (NATURES as readonly string[]).includes(n));
  return known.length > 0 ? and.format(known.map((n) => natureLabel(n, 'en'))) : '—';
}
