import { DataCategory } from '@app/kernel';
import { NoticeView } from '@app/templates';
import { HelpLineId, subjectNoticeWords } from './subject-advice';

/** One place people of a country can turn to; `when`: shown only if one of these categories is concerned. */
export interface HelpLine {
  id: Exclude<HelpLineId, 'authority'>;
  name: string;
  url: string;
  when?: readonly DataCategory[];
}

const PHONE: readonly DataCategory[] = ['phone_number', 'message_content'];

/**
 * Public help beside the supervisory authority, by country (ISO 3166-1 alpha-2). A country without a
 * row gets the authority only. Each row says where it comes from.
 */
export const HELP_LINES: Readonly<Record<string, readonly HelpLine[]>> = {
  PL: [
    // CERT Polska, the national CSIRT run by NASK: its public report form is incydent.cert.pl (NASK BIP, "Zgłoś incydent"),
    // and suspicious text messages are forwarded to 8080 since November 2023 (CERT Polska, announced on cert.pl).
    { id: 'cert_pl', name: 'CERT Polska', url: 'https://incydent.cert.pl' },
    // Reserving a PESEL number (Rejestr Zastrzeżeń Numerów PESEL, since 17 November 2023): gov.pl's own service page.
    { id: 'pesel', name: 'gov.pl', url: 'https://www.gov.pl/web/gov/zastrzez-swoj-numer-pesel-lub-cofnij-zastrzezenie', when: ['national_id'] },
  ],
  NL: [
    // Fraudehelpdesk, the national helpdesk for questions and reports about fraud, government-funded (fraudehelpdesk.nl, "Meldpunten").
    { id: 'fraudehelpdesk', name: 'Fraudehelpdesk', url: 'https://www.fraudehelpdesk.nl' },
  ],
  DE: [
    // BSI, the federal cyber security authority, in charge of digital consumer protection since the IT-Sicherheitsgesetz 2.0
    // (bsi.bund.de, "Digitaler Verbraucherschutz"); this is its overview for consumers, formerly "BSI für Bürger".
    { id: 'bsi', name: 'Bundesamt für Sicherheit in der Informationstechnik (BSI)', url: 'https://www.bsi.bund.de/DE/Themen/Verbraucherinnen-und-Verbraucher/verbraucherinnen-und-verbraucher_node.html' },
  ],
  FR: [
    // Cybermalveillance.gouv.fr, the government's assistance platform for victims; its reflex sheet on personal-data leaks
    // (cybermalveillance.gouv.fr, "Comment réagir en cas de fuite ou violation de données personnelles ?").
    { id: 'cybermalveillance', name: 'Cybermalveillance.gouv.fr', url: 'https://www.cybermalveillance.gouv.fr/tous-nos-contenus/fiches-reflexes/que-faire-en-cas-de-fuite-de-donnees-personnelles' },
    // 33700, the operators' free reporting service for unwanted text messages and calls (af2m; DGCCRF, economie.gouv.fr).
    { id: 'spam_33700', name: '33700', url: 'https://www.33700.fr', when: PHONE },
  ],
  ES: [
    // INCIBE's free and confidential cybersecurity helpline "Tu Ayuda en Ciberseguridad", phone 017 (incibe.es, FAQ of the line).
    { id: 'incibe', name: 'INCIBE – 017', url: 'https://www.incibe.es/linea-de-ayuda-en-ciberseguridad' },
  ],
  GB: [
    // Action Fraud, the national reporting centre for fraud and cybercrime in England, Wales and Northern Ireland, run by the
    // City of London Police; phone 0300 123 2040 (actionfraud.police.uk).
    { id: 'action_fraud', name: 'Action Fraud', url: 'https://www.actionfraud.police.uk' },
  ],
  BE: [
    // Safeonweb, by the Centre for Cybersecurity Belgium: suspicious messages go to suspicious@safeonweb.be (safeonweb.be, FAQ).
    { id: 'safeonweb', name: 'Safeonweb', url: 'https://safeonweb.be' },
  ],
  CH: [
    // The Federal Office for Cyber Security (BACS, formerly NCSC) takes voluntary reports from the public on its form
    // (ncsc.admin.ch, FAQ on reporting: "report.ncsc.admin.ch").
    { id: 'ncsc_ch', name: 'BACS / NCSC', url: 'https://www.report.ncsc.admin.ch' },
  ],
};

/**
 * The supervisory authority's own page for people whose data was breached, where it has one (else its home
 * page from the authorities table is shown): AP "Slachtoffer van een datalek? Dit kunt u doen", CNIL "Fuite ou
 * vol de données", ICO "For the public".
 */
export const AUTHORITY_PAGES: Readonly<Record<string, string>> = {
  NL: 'https://autoriteitpersoonsgegevens.nl/themas/beveiliging/datalekken/slachtoffer-van-een-datalek-dit-kunt-u-doen',
  FR: 'https://www.cnil.fr/fr/conseils-fuite-vol-donnees',
  GB: 'https://ico.org.uk/for-the-public/',
};

export interface HelpRow {
  id: HelpLineId;
  name: string;
  url: string;
  /** What it is for, in the reader's language. */
  text: string;
}

/**
 * Where the tenant's people get help in the tenant's country: its supervisory authority first (for Germany,
 * that of the Land, with the list), then the country's help lines that fit the data concerned.
 */
export function helpFor(country: string | null, authority: NoticeView['authority'], categories: readonly DataCategory[], locale: string): HelpRow[] {
  const words = subjectNoticeWords(locale);
  const code = (country ?? '').toUpperCase();
  const rows: HelpRow[] = [];
  if (authority) {
    rows.push({
      id: 'authority',
      name: authority.several || !authority.name ? words.authorityOfLand.public : authority.name,
      url: AUTHORITY_PAGES[code] ?? authority.url,
      text: words.help.authority,
    });
  }
  for (const line of HELP_LINES[code] ?? []) {
    if (line.when && !line.when.some((category) => categories.includes(category))) continue;
    rows.push({ id: line.id, name: line.name, url: line.url, text: words.help[line.id] });
  }
  return rows;
}
