/** The law a supervisory authority applies to a controller. */
export type AuthorityLaw = 'gdpr' | 'uk_gdpr' | 'ch_fadp';

/** A controller's supervisory authority for personal data breaches. */
export interface Authority {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Its own name (and the short form readers know); null where the country has several. */
  name: string | null;
  url: string;
  law: AuthorityLaw;
  /** The country has several authorities (DE: one per Land): the one of the controller's establishment is competent. */
  several: boolean;
}

type Row = [country: string, name: string | null, url: string, law?: AuthorityLaw];

/**
 * One row per country of the EU/EEA, the United Kingdom and Switzerland: the authority a controller
 * established there reports a breach to (GDPR Art. 55-56 and 33; UK GDPR Art. 33; FADP Art. 24).
 * Names as each authority names itself; the addresses are their own sites.
 */
const ROWS: Row[] = [
  ['AT', 'Österreichische Datenschutzbehörde (DSB)', 'https://www.dsb.gv.at'],
  ['BE', 'Gegevensbeschermingsautoriteit / Autorité de protection des données (GBA/APD)', 'https://www.dataprotectionauthority.be'],
  ['BG', 'Комисия за защита на личните данни (КЗЛД)', 'https://www.cpdp.bg'],
  ['HR', 'Agencija za zaštitu osobnih podataka (AZOP)', 'https://azop.hr'],
  ['CY', 'Γραφείο Επιτρόπου Προστασίας Δεδομένων Προσωπικού Χαρακτήρα', 'https://www.dataprotection.gov.cy'],
  ['CZ', 'Úřad pro ochranu osobních údajů (ÚOOÚ)', 'https://uoou.gov.cz'],
  ['DK', 'Datatilsynet', 'https://www.datatilsynet.dk'],
  ['EE', 'Andmekaitse Inspektsioon (AKI)', 'https://www.aki.ee'],
  ['FI', 'Tietosuojavaltuutetun toimisto', 'https://tietosuoja.fi'],
  ['FR', 'Commission nationale de l’informatique et des libertés (CNIL)', 'https://www.cnil.fr'],
  ['DE', null, 'https://www.bfdi.bund.de/DE/Service/Anschriften/Laender/Laender-node.html'],
  ['GR', 'Αρχή Προστασίας Δεδομένων Προσωπικού Χαρακτήρα', 'https://www.dpa.gr'],
  ['HU', 'Nemzeti Adatvédelmi és Információszabadság Hatóság (NAIH)', 'https://naih.hu'],
  ['IE', 'Data Protection Commission (DPC)', 'https://www.dataprotection.ie'],
  ['IT', 'Garante per la protezione dei dati personali', 'https://www.garanteprivacy.it'],
  ['LV', 'Datu valsts inspekcija (DVI)', 'https://www.dvi.gov.lv'],
  ['LT', 'Valstybinė duomenų apsaugos inspekcija (VDAI)', 'https://vdai.lrv.lt'],
  ['LU', 'Commission nationale pour la protection des données (CNPD)', 'https://cnpd.public.lu'],
  ['MT', 'Information and Data Protection Commissioner (IDPC)', 'https://idpc.org.mt'],
  ['NL', 'Autoriteit Persoonsgegevens (AP)', 'https://www.autoriteitpersoonsgegevens.nl'],
  ['PL', 'Prezes Urzędu Ochrony Danych Osobowych (UODO)', 'https://uodo.gov.pl'],
  ['PT', 'Comissão Nacional de Proteção de Dados (CNPD)', 'https://www.cnpd.pt'],
  ['RO', 'Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal (ANSPDCP)', 'https://www.dataprotection.ro'],
  ['SK', 'Úrad na ochranu osobných údajov Slovenskej republiky', 'https://dataprotection.gov.sk'],
  ['SI', 'Informacijski pooblaščenec', 'https://www.ip-rs.si'],
  ['ES', 'Agencia Española de Protección de Datos (AEPD)', 'https://www.aepd.es'],
  ['SE', 'Integritetsskyddsmyndigheten (IMY)', 'https://www.imy.se'],
  ['IS', 'Persónuvernd', 'https://www.personuvernd.is'],
  ['LI', 'Datenschutzstelle Liechtenstein', 'https://www.datenschutzstelle.li'],
  ['NO', 'Datatilsynet', 'https://www.datatilsynet.no'],
  ['GB', "Information Commissioner's Office (ICO)", 'https://ico.org.uk', 'uk_gdpr'],
  ['CH', 'Eidgenössischer Datenschutz- und Öffentlichkeitsbeauftragter (EDÖB/FDPIC)', 'https://www.edoeb.admin.ch', 'ch_fadp'],
];

export const AUTHORITIES: ReadonlyMap<string, Authority> = new Map(
  ROWS.map(([country, name, url, law = 'gdpr']) => [country, { country, name, url, law, several: name === null }]),
);

/** The supervisory authority of a tenant's country (by country, never by language); null outside the table. */
export function authorityFor(country: string | null | undefined): Authority | null {
  return country ? (AUTHORITIES.get(country.toUpperCase()) ?? null) : null;
}
