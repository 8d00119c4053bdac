import {
  dataCategoryLabel,
  formatDate,
  formatDateTime,
  formatNumber,
  natureLabel,
  formatPhone,
  formatZoneName,
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
    ['en', 'Europe/London', '22 April 2023, 15:00 BST (14:00 UTC)'],
    ['en', 'America/New_York', '22 April 2023, 10:00 EDT (14:00 UTC)'],
    ['en', 'Asia/Tokyo', '22 April 2023, 23:00 UTC+9 (14:00 UTC)'],
  ] as const)('shows a time in %s in the zone %s with UTC beside it', (locale, zone, expected) => {
    expect(formatDateTime('2023-04-22T14:00:00Z', locale, zone)).toBe(expected);
  });

  it('gives the UTC day too when it is another day than the local one', () => {
    expect(formatDateTime('2023-04-22T23:30:00Z', 'en', 'Europe/Warsaw')).toBe('23 April 2023, 01:30 CEST (22 April 2023, 23:30 UTC)');
  });

  it('shows a time in UTC once, and falls back to UTC for an unknown time zone instead of failing', () => {
    expect(formatDateTime('2023-04-22T14:00:00Z', 'en', 'UTC')).toBe('22 April 2023, 14:00 UTC');
    expect(formatDateTime('2023-04-22T14:00:00Z', 'en', 'Mars/Olympus_Mons')).toBe('22 April 2023, 14:00 UTC');
  });

  it('names the zone by its offset where the language does (fr), and by the English abbreviation where a language has none of its own', () => {
    expect(formatDateTime('2023-04-22T14:00:00Z', 'fr', 'Europe/Paris')).toBe('22 avril 2023 à 16:00 UTC+2 (14:00 UTC)');
    expect(formatDateTime('2023-01-22T14:00:00Z', 'fr', 'Europe/Paris')).toBe('22 janvier 2023 à 15:00 UTC+1 (14:00 UTC)');
    expect(formatDateTime('2023-04-22T14:00:00Z', 'pl', 'America/New_York')).toContain('EDT');
  });

  it('names the zone as a reader does, with its identifier', () => {
    expect(formatZoneName('Europe/Warsaw', 'en', '2023-04-22T14:00:00Z')).toBe('Europe/Warsaw (Central European Summer Time, CEST)');
    expect(formatZoneName('Europe/Warsaw', 'en', '2023-01-22T14:00:00Z')).toBe('Europe/Warsaw (Central European Standard Time, CET)');
    expect(formatZoneName('Europe/London', 'en', '2023-01-22T14:00:00Z')).toBe('Europe/London (Greenwich Mean Time, GMT)');
    // Times on both sides of a change: both are named, that of the first instant first.
    expect(formatZoneName('Europe/Berlin', 'de', ['2023-04-22T14:00:00Z', '2023-03-20T10:00:00Z', '2023-04-23T10:00:00Z'])).toBe(
      'Europe/Berlin (Mitteleuropäische Sommerzeit, MESZ; Mitteleuropäische Normalzeit, MEZ)',
    );
    expect(formatZoneName('Europe/Paris', 'fr', '2023-04-22T14:00:00Z')).toBe('Europe/Paris : heure d’été d’Europe centrale, UTC+2');
    expect(formatZoneName('UTC', 'en', '2023-04-22T14:00:00Z')).toBe('UTC');
  });

  it('formats instants of one minute alike however many are asked, and tells the minutes on either side of a clock change apart', () => {
    expect(formatDateTime('2023-04-22T14:00:59.999Z', 'en', 'Europe/Warsaw')).toBe('22 April 2023, 16:00 CEST (14:00 UTC)');
    expect(formatDateTime('2023-04-22T14:00:00Z', 'en', 'Europe/Warsaw')).toBe('22 April 2023, 16:00 CEST (14:00 UTC)');
    expect(formatDateTime('2023-04-22T14:01:00Z', 'en', 'Europe/Warsaw')).toBe('22 April 2023, 16:01 CEST (14:01 UTC)');
    // Warsaw went to summer time at 01:00 UTC on 26 March 2023.
    expect(formatDateTime('2023-03-26T00:59:30Z', 'en', 'Europe/Warsaw')).toBe('26 March 2023, 01:59 CET (00:59 UTC)');
    expect(formatDateTime('2023-03-26T01:00:30Z', 'en', 'Europe/Warsaw')).toBe('26 March 2023, 03:00 CEST (01:00 UTC)');
    expect(formatZoneName('Europe/Warsaw', 'en', ['2023-03-26T00:59:30Z', '2023-03-26T00:59:31Z'])).toBe('Europe/Warsaw (Central European Standard Time, CET)');
    expect(formatZoneName('Europe/Warsaw', 'en', ['2023-03-26T00:59:30Z', '2023-03-26T01:00:30Z'])).toBe(
      'Europe/Warsaw (Central European Standard Time, CET; Central European Summer Time, CEST)',
    );
  });

  it('keeps a bare calendar day on that day in every zone', () => {
    expect(formatDate('2019-03-01', 'en', 'America/Los_Angeles')).toBe('1 March 2019');
    expect(formatDate('2019-03-01', 'de', 'Pacific/Kiritimati')).toBe('1. März 2019');
  });

  it('shows the day a timestamp falls on in the reader zone', () => {
    expect(formatDate('2023-04-19T23:30:00Z', 'pl', 'Europe/Warsaw')).toBe('20 kwietnia 2023 r.');
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

  it('uses English for an unknown locale', () => {
    expect(formatNumber(1200, 'xx')).toBe('1,200');
  });

  it.each([
    ['+48221234567', '+48 22 123 45 67'],
    ['+31201234567', '+31 20 123 4567'],
    ['+33142345678', '+33 1 42 34 56 78'],
    ['+34912345678', '+34 912 34 56 78'],
    ['+492211234567', '+49 221 1234567'],
    ['+442079460000', '+44 20 7946 0000'],
  ])('groups the phone number %s as its country writes it: %s', (number, grouped) => {
    expect(formatPhone(number)).toBe(grouped);
  });

  it('leaves a phone number it cannot read as given', () => {
    expect(formatPhone(' ext. 42 ')).toBe('ext. 42');
    expect(formatPhone(' ext. 42 ')).toBe('ext. 42');
    expect(formatPhone('+48221234567')).toBe('+48 22 123 45 67');
  });
});
