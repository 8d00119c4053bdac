import * as fs from 'fs';
import * as path from 'path';
import { DATA_CATEGORIES, DataCategory, Locale, LOCALES } from '@app/kernel';
import { NoticeView } from '@app/templates';
import { sampleNoticeView } from '@app/testing';
import { SubjectNoticeRenderer, subjectNoticeModel } from './subject-notice';
import { SUBJECT_NOTICE_WORDS } from './subject-advice';

/**
 * Golden drafts live in libs/drafts/test-golden/subject-notice.<locale>.txt. After an intended change to
 * a subject-notice template or its words, regenerate them and review the diff:
 *   UPDATE_GOLDEN=1 npx jest libs/drafts/src/subject-notice.spec.ts
 */
const GOLDEN_DIR = path.join(__dirname, '..', 'test-golden');
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** The sample notice of each locale: a company of that country (its customers concerned), under that country's authority (DE: the Land's). */
const viewIn = (locale: Locale, overrides: Partial<NoticeView> = {}) => sampleNoticeView(locale, overrides);

function expectGolden(file: string, actual: string): void {
  const target = path.join(GOLDEN_DIR, file);
  if (UPDATE_GOLDEN) {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(target, actual);
  }
  if (!fs.existsSync(target)) throw new Error(`golden file ${target} is missing; run UPDATE_GOLDEN=1 npx jest libs/drafts/src/subject-notice.spec.ts`);
  expect(actual).toBe(fs.readFileSync(target, 'utf8'));
}

describe(SubjectNoticeRenderer.name, () => {
  const sut = new SubjectNoticeRenderer();

  describe.each(LOCALES)('%s', (locale) => {
    it('matches its golden draft: the tenant’s facts, advice for its categories, help in its country', () => {
      const { subject, text } = sut.render(viewIn(locale));
      expectGolden(`subject-notice.${locale}.txt`, `${subject}\n\n${text}`);
    });

    it('speaks of the tenant and its provider, with the placeholders the tenant fills in, and nothing left blank', () => {
      const view = viewIn(locale);
      const { subject, text } = sut.render(view);
      const words = SUBJECT_NOTICE_WORDS[locale];
      expect(subject).not.toMatch(/\n/);
      expect(text).toContain(view.tenant.name);
      expect(text).toContain('Bramka SMS');
      expect(text).toContain(words.greeting.customers);
      expect(text).toContain(words.placeholders.contact);
      expect(text).toContain(words.placeholders.ourMeasures);
      expect(text).not.toMatch(/undefined|null|\{\{|\[object/);
    });

    it('renders a view that knows almost nothing, without a gap or a stray word', () => {
      const base = viewIn(locale);
      const view = viewIn(locale, {
        tenant: { name: 'Tenant', externalId: 't', country: 'US' },
        authority: null,
        incident: {
          ...base.incident,
          occurredFrom: null,
          occurredTo: null,
          contained: null,
          containedAt: null,
          service: null,
          measuresTaken: null,
          notifications: null,
          findings: { accessed: null, exfiltrated: null, published: null, misused: null },
        },
        facts: { ...base.facts, dataCategories: [], subjectCategories: ['customers', 'patients'], periodFrom: null },
      });
      const { text } = sut.render(view);
      expect(text).toContain(SUBJECT_NOTICE_WORDS[locale].greeting.generic);
      expect(text).not.toMatch(/undefined|null|\{\{|\[object|: \.|\( \)/);
      expect(subjectNoticeModel(view).help).toEqual([]);
      expect(subjectNoticeModel(view).advice).toEqual([]);
    });
  });

  it('gives the advice of exactly the tenant’s categories, in the order of the vocabulary', () => {
    const categories: DataCategory[] = ['health_data', 'credentials', 'email'];
    const view = viewIn('en', { facts: { ...sampleNoticeView('en').facts, dataCategories: categories } });
    const { text } = sut.render(view);
    expect(subjectNoticeModel(view).advice.map((a) => a.category)).toEqual(['email', 'credentials', 'health_data']);
    for (const category of DATA_CATEGORIES) {
      const advice = SUBJECT_NOTICE_WORDS.en.categories[category].advice;
      if (categories.includes(category)) expect(text).toContain(advice);
      else expect(text).not.toContain(advice);
    }
  });

  it('keeps text as written: plain text is never HTML-escaped, and no value is read as a template', () => {
    const base = viewIn('en');
    const view = viewIn('en', {
      tenant: { name: 'Smith & Sons <Ltd> {{tenantName}}', externalId: 's', country: 'GB' },
      incident: { ...base.incident, measuresTaken: 'Keys rotated & "archive" closed.\r\nAudit {{booked}}.' },
    });
    const { text } = sut.render(view);
    expect(text).toContain('Smith & Sons <Ltd> {{tenantName}}');
    expect(text).toContain('Keys rotated & "archive" closed.\nAudit {{booked}}.');
    expect(text).not.toContain('&amp;');
  });

  it('names the strongest finding only, and says what is not known yet', () => {
    const base = viewIn('en');
    const withFindings = (findings: NoticeView['incident']['findings']) => subjectNoticeModel(viewIn('en', { incident: { ...base.incident, findings } })).finding;
    expect(withFindings({ accessed: 'yes', exfiltrated: 'yes', published: 'no', misused: 'unknown' })).toMatchObject({ copied: true, seen: false, misuseUnknown: true });
    expect(withFindings({ accessed: 'yes', exfiltrated: 'yes', published: 'yes', misused: 'yes' })).toMatchObject({ misused: true, published: false, copied: false, misuseUnknown: false });
    expect(withFindings({ accessed: 'yes', exfiltrated: 'no', published: 'no', misused: 'no' })).toMatchObject({ seen: true, misuseUnknown: false, nothingKnown: false });
    expect(withFindings({ accessed: 'no', exfiltrated: 'no', published: 'no', misused: 'no' })).toMatchObject({ seen: false, nothingKnown: false });
    expect(withFindings({ accessed: null, exfiltrated: 'unknown', published: null, misused: null })).toMatchObject({ nothingKnown: true });
  });

  it.each(LOCALES)('in %s, says where the incident happened only as far as the notice says', (locale) => {
    const base = viewIn(locale);
    const textWith = (source: NoticeView['incident']['source']) => sut.render(viewIn(locale, { incident: { ...base.incident, source } })).text;
    const atProvider = textWith({ kind: 'sub_processor', name: 'SerwerSMS' });
    const ownSystems = textWith({ kind: 'internal', name: 'archive' });
    const unknown = textWith(null);
    expect(new Set([atProvider, ownSystems, unknown]).size).toBe(3);
    expect(unknown.length).toBeLessThan(Math.min(atProvider.length, ownSystems.length));
    expect(subjectNoticeModel(base)).toMatchObject({ atSubProcessor: true, inOwnSystems: false });
  });

  it('greets one group of people by name, several or none in general terms', () => {
    const base = viewIn('de');
    const greeting = (subjectCategories: NoticeView['facts']['subjectCategories']) => subjectNoticeModel(viewIn('de', { facts: { ...base.facts, subjectCategories } })).greeting;
    expect(greeting(['patients'])).toBe(SUBJECT_NOTICE_WORDS.de.greeting.patients);
    expect(greeting(['patients', 'employees'])).toBe(SUBJECT_NOTICE_WORDS.de.greeting.generic);
    expect(greeting([])).toBe(SUBJECT_NOTICE_WORDS.de.greeting.generic);
  });
});
