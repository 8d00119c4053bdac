import { LOCALES } from '@app/kernel';
import { AUTHORITY_PAGES, HELP_LINES, helpFor } from './help-lines';
import { NoticeView } from '@app/templates';
import { HELP_LINE_IDS, SUBJECT_NOTICE_WORDS } from './subject-advice';

const authority = (name: string | null, url: string, several = false): NoticeView['authority'] => ({ name, url, law: 'gdpr', several });
const UODO = authority('Prezes Urzędu Ochrony Danych Osobowych (UODO)', 'https://uodo.gov.pl');
const names = (rows: { name: string }[]) => rows.map((r) => r.name);

describe('helpFor', () => {
  it.each([
    ['PL', UODO, ['Prezes Urzędu Ochrony Danych Osobowych (UODO)', 'CERT Polska'], 'https://incydent.cert.pl'],
    ['NL', authority('Autoriteit Persoonsgegevens (AP)', 'https://www.autoriteitpersoonsgegevens.nl'), ['Autoriteit Persoonsgegevens (AP)', 'Fraudehelpdesk'], 'https://www.fraudehelpdesk.nl'],
    ['FR', authority('CNIL', 'https://www.cnil.fr'), ['CNIL', 'Cybermalveillance.gouv.fr'], 'https://www.cybermalveillance.gouv.fr/'],
    ['ES', authority('AEPD', 'https://www.aepd.es'), ['AEPD', 'INCIBE – 017'], 'https://www.incibe.es/'],
    ['GB', authority('ICO', 'https://ico.org.uk'), ['ICO', 'Action Fraud'], 'https://www.actionfraud.police.uk'],
    ['BE', authority('GBA/APD', 'https://www.dataprotectionauthority.be'), ['GBA/APD', 'Safeonweb'], 'https://safeonweb.be'],
    ['CH', authority('EDÖB', 'https://www.edoeb.admin.ch'), ['EDÖB', 'BACS / NCSC'], 'https://www.report.ncsc.admin.ch'],
  ])('%s: the authority first, then the national help line', (country, found, expected, url) => {
    const rows = helpFor(country, found, ['email'], 'en');
    expect(names(rows)).toEqual(expected);
    expect(rows[0]).toMatchObject({ id: 'authority', url: AUTHORITY_PAGES[country] ?? found!.url, text: SUBJECT_NOTICE_WORDS.en.help.authority });
    expect(rows[1].url.startsWith(url)).toBe(true);
  });

  it('points to the authority’s own page for people hit by a breach where it has one', () => {
    expect(helpFor('FR', authority('CNIL', 'https://www.cnil.fr'), [], 'fr')[0].url).toBe('https://www.cnil.fr/fr/conseils-fuite-vol-donnees');
    expect(helpFor('PL', UODO, [], 'pl')[0].url).toBe('https://uodo.gov.pl');
  });

  it('for Germany, names the authority of the Land with the list of them, then the BSI', () => {
    const rows = helpFor('DE', authority(null, 'https://www.bfdi.bund.de/DE/Service/Anschriften/Laender/Laender-node.html', true), [], 'de');
    expect(rows[0]).toMatchObject({ name: SUBJECT_NOTICE_WORDS.de.authorityOfLand.public, url: 'https://www.bfdi.bund.de/DE/Service/Anschriften/Laender/Laender-node.html' });
    expect(names(rows)[1]).toContain('BSI');
  });

  it('adds a line that fits only some data when that data is concerned: PESEL for national IDs, 33700 for phones', () => {
    expect(names(helpFor('PL', UODO, ['phone_number'], 'pl'))).not.toContain('gov.pl');
    expect(helpFor('PL', UODO, ['national_id'], 'pl').map((r) => r.id)).toEqual(['authority', 'cert_pl', 'pesel']);
    const cnil = authority('CNIL', 'https://www.cnil.fr');
    expect(helpFor('FR', cnil, ['email'], 'fr').map((r) => r.id)).toEqual(['authority', 'cybermalveillance']);
    expect(helpFor('FR', cnil, ['phone_number'], 'fr').map((r) => r.id)).toEqual(['authority', 'cybermalveillance', 'spam_33700']);
  });

  it('gives the authority alone for a country without help lines, and nothing outside the authorities table', () => {
    expect(helpFor('AT', authority('Österreichische Datenschutzbehörde (DSB)', 'https://www.dsb.gv.at'), ['email'], 'de').map((r) => r.id)).toEqual(['authority']);
    expect(helpFor('US', null, ['email'], 'en')).toEqual([]);
    expect(helpFor(null, null, [], 'en')).toEqual([]);
  });

  it('reads the country in any case and says what each line is for in the reader’s language', () => {
    const rows = helpFor('pl', UODO, [], 'nl');
    expect(rows.map((r) => r.text)).toEqual([SUBJECT_NOTICE_WORDS.nl.help.authority, SUBJECT_NOTICE_WORDS.nl.help.cert_pl]);
  });

  it('has https addresses and a text in every language for every line', () => {
    for (const lines of Object.values(HELP_LINES)) {
      for (const line of lines) {
        expect(line.url).toMatch(/^https:\/\/[^\s]+$/);
        expect(HELP_LINE_IDS).toContain(line.id);
        for (const locale of LOCALES) expect(SUBJECT_NOTICE_WORDS[locale].help[line.id]).toEqual(expect.any(String));
      }
    }
    for (const url of Object.values(AUTHORITY_PAGES)) expect(url).toMatch(/^https:\/\//);
  });
});
