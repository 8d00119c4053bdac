import { DATA_CATEGORIES, DataCategory, Locale, LOCALES } from '@app/kernel';
import { adviceFor, SUBJECT_NOTICE_WORDS } from './subject-advice';

/** Words each locale's advice must use for the steps the issue asks for (password and 2FA, SMS and calls, bank, ID fraud). */
const MUST_SAY: Record<Locale, Partial<Record<DataCategory, RegExp[]>>> = {
  en: { credentials: [/password/, /two-factor/], phone_number: [/text messages and calls/, /code/], payment_data: [/statements/, /bank/], national_id: [/credit freeze|fraud alert/], email: [/phishing/] },
  pl: { credentials: [/hasło/, /weryfikację dwuetapową/], phone_number: [/SMS-ów i połączeń/, /kodów/], payment_data: [/historię rachunku/, /bankiem/], national_id: [/zastrzec numer PESEL/, /BIK/], email: [/phishing/] },
  nl: { credentials: [/wachtwoord/, /tweestapsverificatie/], phone_number: [/sms’jes/, /telefoontjes/, /code/], payment_data: [/afschriften/, /bank/], national_id: [/politie/, /Identiteitsfraude/], email: [/phishing/] },
  fr: { credentials: [/mot de passe/, /double authentification/], phone_number: [/SMS et des appels/, /code/], payment_data: [/relevés/, /banque/], national_id: [/usurpation d’identité/], email: [/hameçonnage/] },
  es: { credentials: [/contraseña/, /verificación en dos pasos/], phone_number: [/SMS y las llamadas/, /código/], payment_data: [/movimientos/, /banco/], national_id: [/ficheros de morosidad/, /policía/], email: [/phishing/] },
  de: { credentials: [/Passwort/, /Zwei-Faktor-Authentisierung/], phone_number: [/SMS und Anrufen/, /Code/], payment_data: [/Kontoauszüge|Kreditkartenabrechnungen/, /Bank/], national_id: [/Selbstauskunft/, /Polizei/], email: [/Phishing/] },
};

/** Every key path of a JSON value, for comparing the shape of two locale files. */
function paths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => paths(child, prefix ? `${prefix}.${key}` : key));
}

describe('adviceFor', () => {
  it.each(DATA_CATEGORIES)('gives the advice of %s, and only that, in every locale', (category) => {
    for (const locale of LOCALES) {
      const advice = adviceFor([category], locale);
      expect(advice).toEqual([{ category, label: expect.any(String), advice: SUBJECT_NOTICE_WORDS[locale].categories[category].advice }]);
      expect(advice[0].label.charAt(0)).toBe(advice[0].label.charAt(0).toLocaleUpperCase());
    }
  });

  it('lists several categories once each, in the vocabulary’s order, whatever order the facts hold', () => {
    expect(adviceFor(['health_data', 'credentials', 'email', 'credentials'], 'en').map((a) => a.category)).toEqual(['email', 'credentials', 'health_data']);
    expect(adviceFor([], 'de')).toEqual([]);
  });

  it.each(LOCALES)('says in %s what people can do for passwords, phones, payments, IDs and email', (locale) => {
    for (const [category, patterns] of Object.entries(MUST_SAY[locale]) as [DataCategory, RegExp[]][]) {
      const [{ advice }] = adviceFor([category], locale);
      for (const pattern of patterns) expect(advice).toMatch(pattern);
    }
  });

  it('falls back to English for a language it does not have', () => {
    expect(adviceFor(['credentials'], 'it')).toEqual(adviceFor(['credentials'], 'en'));
  });
});

describe('SUBJECT_NOTICE_WORDS', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every entry of en.json, each written in its own language', (locale) => {
    const words = SUBJECT_NOTICE_WORDS[locale];
    expect(paths(words).sort()).toEqual(paths(SUBJECT_NOTICE_WORDS.en).sort());
    for (const path of paths(words)) {
      const value = path.split('.').reduce<any>((node, key) => node[key], words);
      expect(typeof value === 'string' && value.trim().length > 0).toBe(true);
    }
    for (const category of DATA_CATEGORIES) expect(words.categories[category].advice).not.toBe(SUBJECT_NOTICE_WORDS.en.categories[category].advice);
  });

  it('marks every placeholder the tenant fills in with square brackets, in every locale', () => {
    for (const locale of LOCALES) {
      for (const text of Object.values(SUBJECT_NOTICE_WORDS[locale].placeholders)) expect(text).toMatch(/^\[.+\]$/);
    }
  });
});
