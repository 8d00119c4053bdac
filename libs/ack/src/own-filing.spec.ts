import { SUBJECT_NOTICE_WORDS, SubjectNotice } from '@app/drafts';
import { sampleNoticeView } from '@app/testing';
import { FILING_FORMS, filingFor } from './filing';
import { ownFiling, regimesOf } from './own-filing';

const DRAFT: SubjectNotice = { subject: 'draft subject', text: 'draft text' };
const draft = () => DRAFT;
const fieldsOf = (filing: { fields: { name: string; value: unknown; pending: boolean }[] }) => Object.fromEntries(filing.fields.map((f) => [f.name, f]));

describe('regimesOf', () => {
  it('takes the tenant’s own regimes, once each, and leaves out names it does not know', () => {
    expect(regimesOf(['dora', 'gdpr', 'bogus', 'dora'], 'PL')).toEqual(['dora', 'gdpr']);
  });

  it('falls back to the regimes of the tenant’s country when it has none', () => {
    expect(regimesOf(null, 'PL')).toEqual(['gdpr']);
    expect(regimesOf([], 'GB')).toEqual(['uk_gdpr']);
    expect(regimesOf(undefined, 'US')).toEqual(['us_state']);
  });
});

describe('ownFiling', () => {
  it('gives a Polish tenant under default regimes its authority, its GDPR deadline and the draft', () => {
    const sut = ownFiling(sampleNoticeView('pl'), { regimes: null, country: 'PL' }, draft);
    expect(sut.regimes).toEqual(['gdpr']);
    expect(sut.authority).toEqual({ name: 'Prezes Urzędu Ochrony Danych Osobowych (UODO)', url: 'https://uodo.gov.pl' });
    expect(sut.deadlines).toEqual([{ regime: 'gdpr', obligation: 'authority', dueAt: '2023-04-22T14:00:00.000Z', basis: 'GDPR Art. 33(1)' }]);
    expect(sut.filing.map((f) => f.regime)).toEqual(['gdpr']);
    expect(sut.subjectNotice).toBe(DRAFT);
  });

  it('for Germany, says in the reader’s language that the Land’s authority is competent, with the list of them', () => {
    for (const locale of ['de', 'en'] as const) {
      const sut = ownFiling(sampleNoticeView(locale), { regimes: null, country: 'DE' }, draft);
      expect(sut.authority).toEqual({ name: SUBJECT_NOTICE_WORDS[locale].authorityOfLand.controller, url: 'https://www.bfdi.bund.de/DE/Service/Anschriften/Laender/Laender-node.html' });
    }
  });

  it('names no authority outside the table, and counts the regime of the tenant’s country', () => {
    const sut = ownFiling(sampleNoticeView('en'), { regimes: null, country: 'US' }, draft);
    expect(sut.authority).toBeNull();
    expect(sut.deadlines).toEqual([{ regime: 'us_state', obligation: 'individuals', dueAt: '2023-05-19T14:00:00.000Z', basis: 'Cal. Civ. Code 1798.82' }]);
  });

  it('lists every obligation of each regime with its basis, DORA’s with the classification condition', () => {
    const sut = ownFiling(sampleNoticeView('en'), { regimes: ['gdpr', 'nis2', 'dora'], country: 'BE' }, draft);
    expect(sut.deadlines.map((d) => `${d.regime}:${d.obligation}`)).toEqual([
      'gdpr:authority',
      'nis2:early_warning',
      'nis2:incident_notification',
      'nis2:final_report',
      'dora:initial_notification',
      'dora:intermediate_report',
      'dora:final_report',
    ]);
    expect(sut.deadlines.find((d) => d.obligation === 'initial_notification')).toMatchObject({ dueAt: '2023-04-19T18:00:00.000Z', note: 'dora_classification' });
    expect(sut.filing.map((f) => f.regime)).toEqual(['gdpr', 'nis2', 'dora']);
  });

  it('gives a withdrawal its authority but no deadlines, reports or draft', () => {
    const sut = ownFiling(sampleNoticeView('pl', { kind: 'withdrawn' }), { regimes: ['gdpr', 'dora'], country: 'PL' }, draft);
    expect(sut).toMatchObject({ regimes: ['gdpr', 'dora'], deadlines: [], filing: [], subjectNotice: null });
    expect(sut.authority?.url).toBe('https://uodo.gov.pl');
  });
});

describe('filingFor', () => {
  const view = sampleNoticeView('en');

  it('GDPR Art. 33(3)(a)–(d): prefilled from the notice, the tenant’s DPO and its own measures pending', () => {
    const [gdpr] = filingFor(view, ['gdpr']);
    expect(gdpr.basis).toBe('GDPR Art. 33(3)');
    const fields = fieldsOf(gdpr);
    expect(Object.keys(fields)).toEqual([...FILING_FORMS.gdpr.fields]);
    expect(fields.nature).toEqual({ name: 'nature', value: ['confidentiality'], pending: false });
    expect(fields.dataCategories.value).toEqual(['phone_number', 'message_content']);
    expect(fields.subjectCategories.value).toEqual(['customers']);
    expect(fields.approximateDataSubjects.value).toBe(120000);
    expect(fields.approximateRecords.value).toBe(850000);
    expect(fields.likelyConsequences.value).toBe(view.incident.consequences);
    expect(fields.measuresTaken.value).toBe(view.incident.measuresTaken);
    expect(fields.contactPoint).toEqual({ name: 'contactPoint', value: null, pending: true });
    expect(fields.controllerMeasures).toEqual({ name: 'controllerMeasures', value: null, pending: true });
  });

  it('marks as pending what the notice does not know yet: empty text, no categories, no count', () => {
    const unknown = sampleNoticeView('en', {
      incident: { ...view.incident, description: null, measuresPlanned: '  ' },
      facts: { ...view.facts, dataCategories: [], dataSubjects: 0 },
    });
    const fields = fieldsOf(filingFor(unknown, ['uk_gdpr'])[0]);
    for (const name of ['description', 'measuresPlanned', 'dataCategories', 'approximateDataSubjects']) expect(fields[name]).toEqual({ name, value: null, pending: true });
  });

  it('NIS2 early warning: a malicious act only when data was taken, published or misused; cross-border impact pending', () => {
    expect(fieldsOf(filingFor(view, ['nis2'])[0])).toEqual({
      suspectedMalicious: { name: 'suspectedMalicious', value: null, pending: true },
      crossBorderImpact: { name: 'crossBorderImpact', value: null, pending: true },
    });
    const taken = sampleNoticeView('en', { incident: { ...view.incident, findings: { ...view.incident.findings, exfiltrated: 'yes' } } });
    expect(fieldsOf(filingFor(taken, ['nis2'])[0]).suspectedMalicious).toEqual({ name: 'suspectedMalicious', value: true, pending: false });
  });

  it('DORA initial notification: classification is the tenant’s, detection, description and services from the notice', () => {
    const fields = fieldsOf(filingFor(view, ['dora'])[0]);
    expect(fields.classificationCriteria).toEqual({ name: 'classificationCriteria', value: null, pending: true });
    expect(fields.detectedAt.value).toBe(view.incident.awareAt);
    expect(fields.description.value).toBe(view.incident.description);
    expect(fields.affectedServices.value).toEqual([view.incident.service, view.facts.systems[0]]);
  });

  it('Swiss FADP and the notices to individuals of HIPAA, California and Regulation S-P each cite their provision', () => {
    const filing = filingFor(view, ['ch_fadp', 'hipaa', 'us_state', 'sec_reg_sp']);
    expect(filing.map((f) => f.basis)).toEqual(['FADP Art. 24(2); Data Protection Ordinance Art. 15(1)', '45 CFR 164.404(c)', 'Cal. Civ. Code 1798.82(d)', '17 CFR 248.30(a)(4)(iv)']);
    expect(fieldsOf(filing[1]).occurredFrom.value).toBe(view.incident.occurredFrom);
  });
});
