import { Regime } from '@app/regimes';
import { NoticeView } from '@app/templates';

/** The fields a tenant's own reports ask for, across regimes (one name, one meaning). */
export const FILING_FIELDS = [
  'nature',
  'description',
  'occurredFrom',
  'occurredTo',
  'detectedAt',
  'dataCategories',
  'approximateRecords',
  'subjectCategories',
  'approximateDataSubjects',
  'contactPoint',
  'likelyConsequences',
  'measuresTaken',
  'measuresPlanned',
  'controllerMeasures',
  'subjectActions',
  'suspectedMalicious',
  'crossBorderImpact',
  'classificationCriteria',
  'affectedServices',
] as const;
export type FilingFieldName = (typeof FILING_FIELDS)[number];

/** Text, a count, a yes/no, a list (vocabulary names for categories and natures), or an ISO 8601 time (`occurredFrom`, `occurredTo`, `detectedAt`). */
export type FilingValue = string | number | boolean | string[];

/** One field of a report: prefilled from the incident, or null and pending (not known yet, or the tenant's own to give). */
export interface FilingField {
  name: FilingFieldName;
  value: FilingValue | null;
  pending: boolean;
}

/** What one of the tenant's regimes asks its report to say, with the provision that says so. */
export interface Filing {
  regime: Regime;
  basis: string;
  fields: FilingField[];
}

/** Every field a report can ask for, read off the tenant's notice. */
type Known = Record<FilingFieldName, FilingValue | null>;

const present = (value: FilingValue | null): value is FilingValue =>
  value !== null && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0) && value !== 0;

/** What the notice tells of each field; null where it does not (yet), or where only the tenant can say. */
function known(view: NoticeView): Known {
  const { incident, facts } = view;
  const findings = incident.findings;
  // Data taken, published or misused is someone's unlawful act; anything less is not evidence either way.
  const malicious = findings.exfiltrated === 'yes' || findings.published === 'yes' || findings.misused === 'yes' ? true : null;
  const services = [...new Set([incident.service, ...facts.systems].filter((s): s is string => !!s && s.trim() !== ''))];
  return {
    nature: incident.nature,
    description: incident.description,
    occurredFrom: incident.occurredFrom,
    occurredTo: incident.occurredTo,
    detectedAt: incident.awareAt,
    dataCategories: facts.dataCategories,
    approximateRecords: facts.records,
    subjectCategories: facts.subjectCategories,
    approximateDataSubjects: facts.dataSubjects,
    contactPoint: null,
    likelyConsequences: incident.consequences,
    measuresTaken: incident.measuresTaken,
    measuresPlanned: incident.measuresPlanned,
    controllerMeasures: null,
    subjectActions: incident.subjectActions,
    suspectedMalicious: malicious,
    crossBorderImpact: null,
    classificationCriteria: null,
    affectedServices: services,
  };
}

const ART_33_3: FilingFieldName[] = [
  'nature',
  'description',
  'dataCategories',
  'approximateRecords',
  'subjectCategories',
  'approximateDataSubjects',
  'contactPoint',
  'likelyConsequences',
  'measuresTaken',
  'measuresPlanned',
  'controllerMeasures',
];
const TO_INDIVIDUALS: FilingFieldName[] = ['description', 'occurredFrom', 'occurredTo', 'detectedAt', 'dataCategories', 'measuresTaken', 'subjectActions', 'contactPoint'];

/**
 * Per regime, the fields its report asks for and the provision listing them: GDPR and UK GDPR Art. 33(3)(a)–(d)
 * (the contact point is the tenant's DPO, the controller's own measures are its own); Swiss FADP with the Data
 * Protection Ordinance Art. 15(1)(a)–(g); the NIS2 early warning's two indications (Art. 23(4)(a)); DORA's
 * initial notification essentials; and the notices to individuals under HIPAA, California and Regulation S-P.
 */
export const FILING_FORMS: Readonly<Record<Regime, { basis: string; fields: readonly FilingFieldName[] }>> = {
  gdpr: { basis: 'GDPR Art. 33(3)', fields: ART_33_3 },
  uk_gdpr: { basis: 'UK GDPR Art. 33(3)', fields: ART_33_3 },
  ch_fadp: {
    basis: 'FADP Art. 24(2); Data Protection Ordinance Art. 15(1)',
    fields: ['nature', 'occurredFrom', 'occurredTo', 'dataCategories', 'approximateRecords', 'subjectCategories', 'approximateDataSubjects', 'likelyConsequences', 'measuresTaken', 'measuresPlanned', 'contactPoint'],
  },
  nis2: { basis: 'NIS2 Directive Art. 23(4)(a)', fields: ['suspectedMalicious', 'crossBorderImpact'] },
  dora: { basis: 'DORA Art. 19(4); Delegated Regulation (EU) 2025/301', fields: ['classificationCriteria', 'detectedAt', 'description', 'affectedServices'] },
  hipaa: { basis: '45 CFR 164.404(c)', fields: TO_INDIVIDUALS },
  us_state: { basis: 'Cal. Civ. Code 1798.82(d)', fields: TO_INDIVIDUALS },
  sec_reg_sp: { basis: '17 CFR 248.30(a)(4)(iv)', fields: TO_INDIVIDUALS },
};

/** The tenant's reports, one per regime in the order given, prefilled from its notice; none for a withdrawal. */
export function filingFor(view: NoticeView, regimes: readonly Regime[]): Filing[] {
  if (view.kind === 'withdrawn') return [];
  const values = known(view);
  return regimes.map((regime) => ({
    regime,
    basis: FILING_FORMS[regime].basis,
    fields: FILING_FORMS[regime].fields.map((name) => {
      const value = values[name];
      return present(value) ? { name, value, pending: false } : { name, value: null, pending: true };
    }),
  }));
}
