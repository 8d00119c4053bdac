import { DataCategory, SUBJECT_CATEGORIES, SubjectCategory } from '@app/kernel';

/** The incident's scope as filed. Empty lists and missing dates are "no restriction". */
export interface IncidentScope {
  systems?: string[];
  subProcessors?: string[];
  dataCategories?: string[];
  exposedFrom?: string | null;
  exposedTo?: string | null;
  includeTenants?: string[];
  excludeTenants?: string[];
}

export interface ExposureFacts {
  system: string;
  subProcessor: string | null;
  dataCategories: string[];
  /** ISO dates (YYYY-MM-DD); `to: null` means until now. */
  from: string | null;
  to: string | null;
  dataSubjects: number;
  records: number;
  /** Whose data the exposure holds (customers, employees, ...); empty when the tenant did not say. */
  subjectCategories: string[];
}

/** Data subjects of the exposures that hold the same categories of data subjects. */
export interface SubjectGroup {
  subjectCategories: SubjectCategory[];
  dataSubjects: number;
}

/** What one tenant is told (its own figures only), and how it came to be affected. */
export interface TenantFacts {
  systems: string[];
  subProcessors: string[];
  dataCategories: DataCategory[];
  /** The total over the exposures used; a notice gives it per group when the groups differ. */
  dataSubjects: number;
  /** The categories of data subjects of every exposure used, in the vocabulary's order. */
  subjectCategories: SubjectCategory[];
  /**
   * One entry per distinct set of subject categories: counts of exposures with different categories of
   * data subjects are not added up (the same people may be in both). Ordered by the vocabulary, a group
   * with no categories last.
   */
  dataSubjectsByGroup: SubjectGroup[];
  records: number;
  periodFrom: string | null;
  periodTo: string | null;
  matchedBy: 'scope' | 'include';
}

const nonEmpty = (list: string[] | undefined): list is string[] => Array.isArray(list) && list.length > 0;
const day = (value: string | null | undefined): string | null => (value ? value.slice(0, 10) : null);

/** True when the exposure meets every non-empty part of the scope (periods in whole days, both ends included). */
export function exposureMatches(scope: IncidentScope, exposure: ExposureFacts): boolean {
  if (nonEmpty(scope.systems) && !scope.systems.includes(exposure.system)) return false;
  if (nonEmpty(scope.subProcessors) && (exposure.subProcessor === null || !scope.subProcessors.includes(exposure.subProcessor))) return false;
  if (nonEmpty(scope.dataCategories) && !exposure.dataCategories.some((c) => scope.dataCategories!.includes(c))) return false;
  const scopeFrom = day(scope.exposedFrom);
  const scopeTo = day(scope.exposedTo);
  const from = day(exposure.from);
  const to = day(exposure.to);
  if (scopeTo !== null && from !== null && from > scopeTo) return false;
  if (scopeFrom !== null && to !== null && to < scopeFrom) return false;
  return true;
}

/** The scope's verdict on one tenant, before include/exclude. */
export function isAffected(scope: IncidentScope, externalId: string, exposures: ExposureFacts[]): boolean {
  if (scope.excludeTenants?.includes(externalId)) return false;
  if (scope.includeTenants?.includes(externalId)) return true;
  return exposures.some((e) => exposureMatches(scope, e));
}

function meetCategories(scope: IncidentScope, categories: string[]): string[] {
  return nonEmpty(scope.dataCategories) ? categories.filter((c) => scope.dataCategories!.includes(c)) : categories;
}

/**
 * The facts one affected tenant is told, or null when it is not affected.
 * Matching exposures count; a tenant added only by includeTenants is told about all its exposures.
 * `today` closes open periods for the tenant's period (ISO date).
 */
export function tenantFacts(scope: IncidentScope, externalId: string, exposures: ExposureFacts[]): TenantFacts | null {
  if (scope.excludeTenants?.includes(externalId)) return null;
  const matching = exposures.filter((e) => exposureMatches(scope, e));
  let used: ExposureFacts[];
  let matchedBy: TenantFacts['matchedBy'];
  if (matching.length > 0) {
    used = matching;
    matchedBy = 'scope';
  } else if (scope.includeTenants?.includes(externalId)) {
    used = exposures;
    matchedBy = 'include';
  } else {
    return null;
  }
  const categories = new Set<string>();
  const systems = new Set<string>();
  const subProcessors = new Set<string>();
  const subjects = new Set<string>();
  const groups = new Map<string, SubjectGroup>();
  let dataSubjects = 0;
  let records = 0;
  let periodFrom: string | null | undefined;
  let periodTo: string | null | undefined;
  const scopeFrom = matchedBy === 'scope' ? day(scope.exposedFrom) : null;
  const scopeTo = matchedBy === 'scope' ? day(scope.exposedTo) : null;
  for (const e of used) {
    meetCategories(scope, e.dataCategories).forEach((c) => categories.add(c));
    systems.add(e.system);
    if (e.subProcessor) subProcessors.add(e.subProcessor);
    dataSubjects += e.dataSubjects;
    records += e.records;
    const own = inVocabularyOrder(e.subjectCategories ?? []);
    own.forEach((c) => subjects.add(c));
    const key = own.join(',');
    const group = groups.get(key) ?? { subjectCategories: own, dataSubjects: 0 };
    group.dataSubjects += e.dataSubjects;
    groups.set(key, group);
    // The overlap of the exposure's period with the scope's window; null = open at that end.
    const from = maxDate(day(e.from), scopeFrom);
    const to = minDate(day(e.to), scopeTo);
    periodFrom = periodFrom === undefined ? from : periodFrom === null || from === null ? null : from < periodFrom ? from : periodFrom;
    periodTo = periodTo === undefined ? to : periodTo === null || to === null ? null : to > periodTo ? to : periodTo;
  }
  return {
    systems: [...systems].sort(),
    subProcessors: [...subProcessors].sort(),
    dataCategories: [...categories].sort() as DataCategory[],
    dataSubjects,
    subjectCategories: inVocabularyOrder([...subjects]),
    dataSubjectsByGroup: [...groups.values()].sort(bySubjectCategories),
    records,
    periodFrom: periodFrom ?? null,
    periodTo: periodTo ?? null,
    matchedBy,
  };
}

/** Known subject categories, once each, in the order of SUBJECT_CATEGORIES. */
function inVocabularyOrder(categories: string[]): SubjectCategory[] {
  return SUBJECT_CATEGORIES.filter((c) => categories.includes(c));
}

/** Groups by their categories' places in the vocabulary, compared one by one; the group without categories last. */
function bySubjectCategories(a: SubjectGroup, b: SubjectGroup): number {
  if (a.subjectCategories.length === 0 || b.subjectCategories.length === 0) return b.subjectCategories.length - a.subjectCategories.length;
  const rank = (c: SubjectCategory) => SUBJECT_CATEGORIES.indexOf(c);
  for (let i = 0; i < Math.min(a.subjectCategories.length, b.subjectCategories.length); i++) {
    const diff = rank(a.subjectCategories[i]) - rank(b.subjectCategories[i]);
    if (diff !== 0) return diff;
  }
  return a.subjectCategories.length - b.subjectCategories.length;
}

function maxDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function minDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
