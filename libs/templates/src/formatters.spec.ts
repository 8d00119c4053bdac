import {
  dataCategoryLabel,
  formatDate,
  formatDateTime,
  formatNumber,
  natureLabel,
  pendingLabel,
  phaseLabel,
} from './formatters';
import { DATA_CATEGORIES, LOCALES, NATURES } from '@app/kernel';

describe('formatters', () => {
  it.each([
    ['en', '120,000'],
    ['pl', '120\u00a0000'],
    ['nl', '120.000'],
    ['fr', '120\u202f000'],
    ['es', '120.000'],
    ['de', '120.000'],
  ] as const)('formats counts in %s as %j', (locale, expected) => {
    expect(formatNumber(120000, locale)).toBe(expected);
  });

  it.each([
    ['en', 'Europe/London', '22 April 2023 at 15:00 BST'],
    ['pl', 'Europe/Warsaw', '22 kwietnia 2023 16:00 CEST'],
    ['nl', 'Europe/Amsterdam', '22 april 2023 om 16:00 CEST'],
    ['fr', 'Europe/Paris', '22 avril 2023 à 16:00 UTC+2'],
    ['es', 'Europe/Madrid', '22 de abril de 2023 a las 16:00 CEST'],
    ['de', 'Europe/Berlin', '22. April 2023 um 16:00 MESZ'],
    ['en', 'America/New_York', '22 April 2023 at 10:00 GMT-4'],
  ] as const)('shows a time in %s in the zone %s with its abbreviation', (locale, zone, expected) => {
    expect(formatDateTime('2023-04-22T14:00:00Z', locale, zone)).toBe(expected);
  });

  it('falls back to UTC for an unknown time zone instead of failing', () => {
    expect(formatDateTime('2023-04-22T14:00:00Z', 'en', 'Mars/Olympus_Mons')).toBe('22 April 2023 at 14:00 UTC');
  });

  it('keeps a bare calendar day on that day in every zone', () => {
    expect(formatDate('2019-03-01', 'en', 'America/Los_Angeles')).toBe('1 March 2019');
    expect(formatDate('2019-03-01', 'de', 'Pacific/Kiritimati')).toBe('1. März 2019');
  });

  it('shows the day a timestamp falls on in the reader zone', () => {
    expect(formatDate('2023-04-19T23:30:00Z', 'pl', 'Europe/Warsaw')).toBe('20 kwietnia 2023');
  });

  it('throws on a value that is not a date', () => {
    expect(() => formatDateTime('yesterday', 'en', 'UTC')).toThrow(RangeError);
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('has a translated label for every category and nature in %s', (locale) => {
    for (const category of DATA_CATEGORIES) {
      expect(dataCategoryLabel(category, locale)).not.toBe(dataCategoryLabel(category, 'en'));
    }
    for (const nature of NATURES) {
      expect(natureLabel(nature, locale)).not.toBe(natureLabel(nature, 'en'));
    }
  });

  it('names the categories in the reader language', () => {
    expect(dataCategoryLabel('phone_number', 'pl')).toBe('numery telefonów');
    expect(dataCategoryLabel('health_data', 'de')).toContain('Gesundheitsdaten');
    expect(natureLabel('confidentiality', 'fr')).toContain('confidentialité');
  });

  it.each([
    [{ kind: 'initial', updateNumber: 0, final: false }, 'en', 'initial notice'],
    [{ kind: 'update', updateNumber: 2, final: false }, 'en', 'update 2'],
    [{ kind: 'update', updateNumber: 3, final: true }, 'en', 'final update (update 3)'],
    [{ kind: 'withdrawn', updateNumber: 2, final: false }, 'en', 'withdrawal'],
    [{ kind: 'update', updateNumber: 2, final: false }, 'pl', 'aktualizacja nr 2'],
    [{ kind: 'update', updateNumber: 2, final: false }, 'de', 'Aktualisierung Nr. 2'],
  ] as const)('names the phase %j in %s', (phase, locale, expected) => {
    expect(phaseLabel(phase, locale)).toBe(expected);
  });

  it('says when pending information is expected', () => {
    expect(pendingLabel('2023-04-21T10:00:00Z', 'en', 'Europe/London')).toBe(
      'pending — expected with the next update (21 April 2023 at 11:00 BST)',
    );
    expect(pendingLabel(null, 'en', 'Europe/London')).toBe('pending — expected with the next update (as soon as known)');
  });

  it('uses English for an unknown locale', () => {
    expect(formatNumber(1200, 'xx')).toBe('1,200');
  });
});
