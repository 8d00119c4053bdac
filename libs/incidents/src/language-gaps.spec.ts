import { bodyLanguage, GapSource, isGap, languageGapFields, localesWithGaps } from './language-gaps';
import { localize } from './localize';

const version = (body: Record<string, unknown>, more: Partial<GapSource> = {}): GapSource => ({ body, version: 1, ...more });

describe(languageGapFields.name, () => {
  it('finds no gap when every text is plain and written in the language of the reader', () => {
    const body = { title: 'Breach', description: 'Someone read the archive', consequences: 'Phishing', contact: { name: 'DPO' } };
    expect(languageGapFields(version(body), 'en')).toEqual([]);
  });

  it('counts plain text as English when the body names no language', () => {
    const body = { title: 'Breach', cause: 'A leaked key' };
    expect(languageGapFields(version(body), 'pl')).toEqual(['title', 'cause']);
    expect(bodyLanguage(body)).toBe('en');
  });

  it('takes plain text as written in the body language: a gap for every other locale, none for that one', () => {
    const body = { language: 'pl', title: 'Wyciek', description: 'Ktoś odczytał archiwum' };
    expect(languageGapFields(version(body), 'pl')).toEqual([]);
    expect(languageGapFields(version(body), 'en')).toEqual(['title', 'description']);
    expect(languageGapFields(version(body), 'de')).toEqual(['title', 'description']);
  });

  it('falls back to English for a language that is not one of the six locales', () => {
    expect(bodyLanguage({ language: 'xx' })).toBe('en');
    expect(languageGapFields(version({ language: 'xx', title: 'Breach' }), 'en')).toEqual([]);
  });

  it('finds a map without the reader’s locale a gap, and one with it none, whatever the body language', () => {
    const body = { language: 'pl', title: { en: 'Breach', pl: 'Wyciek' }, description: { pl: 'Ktoś odczytał archiwum' } };
    expect(languageGapFields(version(body), 'pl')).toEqual([]);
    expect(languageGapFields(version(body), 'en')).toEqual(['description']);
    expect(languageGapFields(version(body), 'nl')).toEqual(['title', 'description']);
  });

  it('finds no gap in missing, null or empty text (the notice shows it as pending)', () => {
    const body = { title: { pl: 'Wyciek' }, description: null, cause: '', consequences: '   ', measuresTaken: {}, measuresPlanned: { nl: '' }, contact: { name: null } };
    expect(languageGapFields(version(body), 'pl')).toEqual([]);
    expect(languageGapFields(version(body), 'en')).toEqual(['title']);
  });

  it('takes a blank entry of a map as missing: the reader would see another language', () => {
    expect(languageGapFields(version({ title: { en: 'Breach', de: ' ' } }), 'de')).toEqual(['title']);
  });

  it('checks every text field of the notice, in a fixed order', () => {
    const body = {
      title: 'x',
      description: 'x',
      cause: 'x',
      consequences: 'x',
      measuresTaken: 'x',
      measuresPlanned: 'x',
      recommendedActions: 'x',
      subjectActions: 'x',
      service: 'SMS gateway',
      notAffected: 'Payment data',
      delayReason: 'The sub-processor told us late',
      contact: { name: { en: 'Incident desk' }, email: 'desk@vendor.example', availability: '24/7' },
      systemNames: { 'sms-gateway': 'SMS gateway', archive: { en: 'Archive', fr: 'Archives' } },
    };
    expect(languageGapFields(version(body), 'fr')).toEqual([
      'title',
      'description',
      'cause',
      'consequences',
      'measuresTaken',
      'measuresPlanned',
      'recommendedActions',
      'subjectActions',
      'service',
      'notAffected',
      'delayReason',
      'contact.name',
      'contact.availability',
      'systemNames.sms-gateway',
    ]);
  });

  it('names each system apart, in the order of their identifiers', () => {
    const body = { systemNames: { zeta: 'Zeta', alpha: { en: 'Alpha' }, mid: { es: 'Medio' } } };
    expect(languageGapFields(version(body), 'es')).toEqual(['systemNames.alpha', 'systemNames.zeta']);
  });

  it('leaves out what is not text: an e-mail address, figures, a list', () => {
    const body = { contact: { email: 'dpo@vendor.example', phone: '+48221234567' }, channels: ['email'], nature: ['confidentiality'], systemNames: ['not', 'a', 'map'] };
    expect(languageGapFields(version(body), 'pl')).toEqual([]);
  });

  it('checks the change summary of an update, not of the first version', () => {
    const body = { title: { en: 'Breach', pl: 'Wyciek' } };
    expect(languageGapFields(version(body, { version: 2, changeSummary: 'Figures are known' }), 'pl')).toEqual(['changeSummary']);
    expect(languageGapFields(version(body, { version: 2, changeSummary: { en: 'Figures', pl: 'Liczby' } }), 'pl')).toEqual([]);
    expect(languageGapFields(version(body, { version: 2, changeSummary: null }), 'pl')).toEqual([]);
    expect(languageGapFields(version(body, { version: 1, changeSummary: 'Figures are known' }), 'pl')).toEqual([]);
  });
});

describe(isGap.name, () => {
  it('applies the rule to one text', () => {
    expect(isGap('Breach', 'pl', 'en')).toBe(true);
    expect(isGap('Breach', 'en', 'en')).toBe(false);
    expect(isGap({ en: 'Breach' }, 'en', 'pl')).toBe(false);
    expect(isGap({ en: 'Breach' }, 'pl', 'pl')).toBe(true);
    expect(isGap(undefined, 'pl', 'en')).toBe(false);
    expect(isGap(42, 'pl', 'en')).toBe(false);
  });
});

describe(localesWithGaps.name, () => {
  it('lists the locales that would have a gap, none for a fully translated version', () => {
    expect(localesWithGaps(version({ title: 'Breach' }))).toEqual(['pl', 'nl', 'fr', 'es', 'de']);
    expect(localesWithGaps(version({ title: { en: 'Breach', pl: 'Wyciek' }, description: { pl: 'Opis', en: 'Text' } }))).toEqual(['nl', 'fr', 'es', 'de']);
    const all = { en: 'a', pl: 'b', nl: 'c', fr: 'd', es: 'e', de: 'f' };
    expect(localesWithGaps(version({ title: all, description: all, contact: { name: all, email: 'dpo@vendor.example' } }))).toEqual([]);
  });
});

describe(localize.name, () => {
  it('picks the reader’s text, else the body language’s, else English, else the first', () => {
    const text = { nl: 'Hallo', pl: 'Cześć', en: 'Hello' };
    expect(localize(text, 'nl', 'pl')).toBe('Hallo');
    expect(localize(text, 'fr', 'pl')).toBe('Cześć');
    expect(localize({ nl: 'Hallo', en: 'Hello' }, 'fr', 'pl')).toBe('Hello');
    expect(localize({ nl: 'Hallo', de: 'Hallo!' }, 'fr', 'pl')).toBe('Hallo');
  });

  it('returns plain text as it is (it is written in the body language), and null for none', () => {
    expect(localize('Wyciek', 'en', 'pl')).toBe('Wyciek');
    expect(localize(null, 'en', 'pl')).toBeNull();
  });

  it('still takes two arguments: English is the body language then', () => {
    expect(localize({ de: 'Hallo', en: 'Hello' }, 'fr')).toBe('Hello');
    expect(localize({ de: 'Hallo', en: 'Hello' }, 'fr', null)).toBe('Hello');
  });
});
