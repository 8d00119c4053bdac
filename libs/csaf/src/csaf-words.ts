import { Finding, Locale } from '@app/kernel';

/**
 * The few words a CSAF document of a notice needs beyond the notice's own labels (`LABELS[locale].fields`
 * names most of its notes): note titles, line names, the TLP marking and the reference summaries.
 */
export interface CsafWords {
  /** {tenant}: the TLP:AMBER sharing rule of `document.distribution.text`. */
  tlp: string;
  nature: string;
  when: string;
  awareAt: string;
  issuedAt: string;
  yourData: string;
  subProcessors: string;
  dataSubjects: string;
  records: string;
  findings: Record<Finding, string>;
  ruledOut: string;
  contact: string;
  email: string;
  phone: string;
  stillPending: string;
  nextUpdate: string;
  /** The next-update line when none is announced. */
  noNextUpdate: string;
  /** The text of a withdrawal, before its reason. */
  withdrawn: string;
  /** A revision of the incident whose notice this tenant did not get. */
  notToYou: string;
  ackPage: string;
  self: string;
}

export const CSAF_WORDS: Record<Locale, CsafWords> = {
  en: {
    tlp: 'TLP:AMBER — for {tenant} only: share it within your organisation, and with those who help you handle this breach, only as far as they need to know.',
    nature: 'Nature of the breach',
    when: 'When',
    awareAt: 'We became aware of it',
    issuedAt: 'This notice was issued',
    yourData: 'Your data concerned',
    subProcessors: 'Sub-processors',
    dataSubjects: 'Data subjects (approximately)',
    records: 'Records (approximately)',
    findings: { accessed: 'Accessed', exfiltrated: 'Copied or taken', published: 'Published', misused: 'Misused' },
    ruledOut: 'Categories found not to be affected',
    contact: 'Our contact point',
    email: 'Email',
    phone: 'Phone',
    stillPending: 'Still pending',
    nextUpdate: 'Next update',
    noNextUpdate: 'no further update is planned',
    withdrawn: 'Your organisation’s data is no longer considered to be concerned by this incident: this notice withdraws our earlier notice.',
    notToYou: 'not sent to your organisation',
    ackPage: 'The notice, its facts and the acknowledgement of receipt',
    self: 'This document',
  },
  pl: {
    tlp: 'TLP:AMBER — wyłącznie dla {tenant}: można go udostępniać w Państwa organizacji oraz osobom, które pomagają w obsłudze tego naruszenia, tylko w zakresie, w jakim jest im to potrzebne.',
    nature: 'Charakter naruszenia',
    when: 'Czas',
    awareAt: 'Stwierdziliśmy naruszenie',
    issuedAt: 'Data wydania tej wiadomości',
    yourData: 'Dane Państwa organizacji, których dotyczy naruszenie',
    subProcessors: 'Dalsze podmioty przetwarzające',
    dataSubjects: 'Liczba osób, których dane dotyczą (w przybliżeniu)',
    records: 'Liczba rekordów (w przybliżeniu)',
    findings: { accessed: 'Dostęp do danych', exfiltrated: 'Skopiowanie lub wyprowadzenie danych', published: 'Publikacja danych', misused: 'Wykorzystanie danych' },
    ruledOut: 'Kategorie danych, których według ustaleń naruszenie nie objęło',
    contact: 'Nasz punkt kontaktowy',
    email: 'E-mail',
    phone: 'Telefon',
    stillPending: 'W trakcie ustalania',
    nextUpdate: 'Następna aktualizacja',
    noNextUpdate: 'nie planujemy kolejnej aktualizacji',
    withdrawn: 'Naruszenie nie dotyczy już danych Państwa organizacji: niniejsza wiadomość odwołuje nasze wcześniejsze zgłoszenie.',
    notToYou: 'nie wysłano do Państwa organizacji',
    ackPage: 'Zgłoszenie, jego fakty i potwierdzenie odbioru',
    self: 'Ten dokument',
  },
  nl: {
    tlp: 'TLP:AMBER — uitsluitend voor {tenant}: deel dit binnen uw organisatie, en met wie u helpt dit datalek af te handelen, alleen voor zover zij het moeten weten.',
    nature: 'Aard van het datalek',
    when: 'Tijdstippen',
    awareAt: 'Wij werden ervan op de hoogte',
    issuedAt: 'Deze melding is verstuurd',
    yourData: 'Uw getroffen gegevens',
    subProcessors: 'Subverwerkers',
    dataSubjects: 'Betrokkenen (bij benadering)',
    records: 'Records (bij benadering)',
    findings: { accessed: 'Ingezien', exfiltrated: 'Gekopieerd of weggenomen', published: 'Gepubliceerd', misused: 'Misbruikt' },
    ruledOut: 'Categorieën waarvan is vastgesteld dat ze niet zijn getroffen',
    contact: 'Ons contactpunt',
    email: 'E-mail',
    phone: 'Telefoon',
    stillPending: 'Openstaande punten',
    nextUpdate: 'Volgende update',
    noNextUpdate: 'er is geen volgende update gepland',
    withdrawn: 'De gegevens van uw organisatie worden niet langer als getroffen door dit incident beschouwd: met deze melding trekken wij onze eerdere melding in.',
    notToYou: 'niet aan uw organisatie verstuurd',
    ackPage: 'De melding, de feiten en de ontvangstbevestiging',
    self: 'Dit document',
  },
  fr: {
    tlp: 'TLP:AMBER — réservé à {tenant}\u00a0: à partager au sein de votre organisation, et avec ceux qui vous aident à traiter cette violation, uniquement dans la mesure où ils doivent en connaître.',
    nature: 'Nature de la violation',
    when: 'Chronologie',
    awareAt: 'Nous en avons pris connaissance',
    issuedAt: 'Date d’émission de la présente notification',
    yourData: 'Vos données concernées',
    subProcessors: 'Sous-traitants ultérieurs',
    dataSubjects: 'Personnes concernées (nombre approximatif)',
    records: 'Enregistrements (nombre approximatif)',
    findings: { accessed: 'Consultation', exfiltrated: 'Copie ou extraction', published: 'Publication', misused: 'Utilisation malveillante' },
    ruledOut: 'Catégories dont il est établi qu’elles ne sont pas concernées',
    contact: 'Notre point de contact',
    email: 'Courriel',
    phone: 'Téléphone',
    stillPending: 'Éléments à déterminer',
    nextUpdate: 'Prochaine notification complémentaire',
    noNextUpdate: 'aucune autre notification n’est prévue',
    withdrawn: 'Les données de votre organisation ne sont plus considérées comme concernées par cet incident\u00a0: la présente notification retire notre notification précédente.',
    notToYou: 'non envoyée à votre organisation',
    ackPage: 'La notification, ses éléments et l’accusé de réception',
    self: 'Le présent document',
  },
  es: {
    tlp: 'TLP:AMBER — solo para {tenant}: compártalo dentro de su organización, y con quienes le ayuden a gestionar esta brecha de datos personales, solo en la medida en que necesiten conocerlo.',
    nature: 'Naturaleza de la brecha',
    when: 'Cronología',
    awareAt: 'Tuvimos conocimiento de ella',
    issuedAt: 'Fecha de emisión de esta notificación',
    yourData: 'Sus datos afectados',
    subProcessors: 'Subencargados',
    dataSubjects: 'Interesados (aproximadamente)',
    records: 'Registros (aproximadamente)',
    findings: { accessed: 'Acceso', exfiltrated: 'Copia o sustracción', published: 'Publicación', misused: 'Uso indebido' },
    ruledOut: 'Categorías que se ha comprobado que no se han visto afectadas',
    contact: 'Nuestro punto de contacto',
    email: 'Correo electrónico',
    phone: 'Teléfono',
    stillPending: 'Información pendiente',
    nextUpdate: 'Próxima actualización',
    noNextUpdate: 'no está prevista ninguna otra actualización',
    withdrawn: 'Ya no se considera que los datos de su organización estén afectados por este incidente: esta notificación retira nuestra notificación anterior.',
    notToYou: 'no enviada a su organización',
    ackPage: 'La notificación, sus datos y el acuse de recibo',
    self: 'Este documento',
  },
  de: {
    tlp: 'TLP:AMBER — nur für {tenant}: innerhalb Ihrer Organisation und mit denen, die Ihnen bei der Bearbeitung dieser Verletzung helfen, nur weitergeben, soweit sie es wissen müssen.',
    nature: 'Art der Verletzung',
    when: 'Zeitpunkte',
    awareAt: 'Wir haben davon Kenntnis erlangt',
    issuedAt: 'Diese Meldung wurde versandt',
    yourData: 'Ihre betroffenen Daten',
    subProcessors: 'Unterauftragsverarbeiter',
    dataSubjects: 'Betroffene Personen (ungefähr)',
    records: 'Datensätze (ungefähr)',
    findings: { accessed: 'Zugriff', exfiltrated: 'Kopiert oder entwendet', published: 'Veröffentlicht', misused: 'Missbraucht' },
    ruledOut: 'Nachweislich nicht betroffene Kategorien',
    contact: 'Unsere Anlaufstelle',
    email: 'E-Mail',
    phone: 'Telefon',
    stillPending: 'Noch offene Punkte',
    nextUpdate: 'Nächste Aktualisierung',
    noNextUpdate: 'keine weitere Aktualisierung geplant',
    withdrawn: 'Die Daten Ihrer Organisation gelten nicht mehr als von diesem Vorfall betroffen: Mit dieser Meldung ziehen wir unsere frühere Meldung zurück.',
    notToYou: 'nicht an Ihre Organisation versandt',
    ackPage: 'Die Meldung, ihre Fakten und die Empfangsbestätigung',
    self: 'Dieses Dokument',
  },
};
