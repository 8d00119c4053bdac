import { AUTHORITIES, authorityFor } from './authorities';

describe('authorityFor', () => {
  it.each([
    ['BE', 'Gegevensbeschermingsautoriteit', 'gdpr'],
    ['LU', 'CNPD', 'gdpr'],
    ['GB', 'ICO', 'uk_gdpr'],
    ['CH', 'EDÖB', 'ch_fadp'],
    ['AT', 'Datenschutzbehörde', 'gdpr'],
    ['PL', 'UODO', 'gdpr'],
    ['NL', 'Autoriteit Persoonsgegevens', 'gdpr'],
    ['FR', 'CNIL', 'gdpr'],
    ['ES', 'AEPD', 'gdpr'],
  ])('names the authority of %s by country', (country, name, law) => {
    const authority = authorityFor(country)!;
    expect(authority.name).toContain(name);
    expect(authority.law).toBe(law);
    expect(authority.url).toMatch(/^https:\/\//);
    expect(authority.several).toBe(false);
  });

  it('for Germany, says the authority of the Land is competent instead of naming one', () => {
    expect(authorityFor('DE')).toMatchObject({ name: null, several: true, law: 'gdpr' });
  });

  it('covers the 27 EU members, the 3 other EEA members, GB and CH, and nothing outside', () => {
    const eu = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');
    expect([...AUTHORITIES.keys()].sort()).toEqual([...eu, 'IS', 'LI', 'NO', 'GB', 'CH'].sort());
    expect(authorityFor('US')).toBeNull();
    expect(authorityFor(null)).toBeNull();
    expect(authorityFor('lu')?.name).toContain('CNPD');
  });
});
