import { DataCategory, Locale, Nature } from '@app/kernel';

/**
 * Short localized words the renderer puts into a notice before a template sees it: category and
 * nature names, phase names, the pending marker, list fallbacks. The prose around them lives in the
 * Handlebars templates of each locale. Placeholders in `{braces}` are filled by `fill()`.
 */
export interface LocaleLabels {
  /** Locale tag handed to Intl (e.g. en → en-GB for 24 h clocks and CET/CEST abbreviations). */
  intl: string;
  dataCategories: Record<DataCategory, string>;
  natures: Record<Nature, string>;
  phase: {
    initial: string;
    initialFinal: string;
    /** {n} = update number */
    update: string;
    final: string;
    withdrawn: string;
  };
  /** {when} = next update time or `asSoonAsKnown` */
  pending: string;
  asSoonAsKnown: string;
  /** Next update when no time is set. */
  asSoonAsWeKnowMore: string;
  contained: { yes: string; no: string };
  /** {from} {to} */
  range: string;
  /** {from} {pending}: end of the incident window not known */
  rangeOpenEnd: string;
  /** {to} {pending}: start not known */
  rangeOpenStart: string;
  /** {from}: exposure period that runs until today */
  periodUntilNow: string;
  none: string;
  source: { internal: string; sub_processor: string };
  /** Field names listed under "still pending". */
  fields: Record<PendingField, string>;
  nothingPending: string;
}

export const PENDING_FIELDS = [
  'description',
  'cause',
  'source',
  'occurred',
  'contained',
  'systems',
  'dataCategories',
  'period',
  'consequences',
  'measuresTaken',
  'measuresPlanned',
  'recommendedActions',
  'subjectActions',
  'changeSummary',
  'contactEmail',
] as const;
export type PendingField = (typeof PENDING_FIELDS)[number];

const en: LocaleLabels = {
  intl: 'en-GB',
  dataCategories: {
    name: 'names',
    email: 'email addresses',
    phone_number: 'phone numbers',
    postal_address: 'postal addresses',
    message_content: 'message content',
    order_history: 'order history',
    invoice_data: 'invoicing data',
    credentials: 'login credentials',
    payment_data: 'payment data',
    national_id: 'national identification numbers',
    health_data: 'health data (special category, Art. 9 GDPR)',
    ip_address: 'IP addresses',
    contact_history: 'contact history',
  },
  natures: {
    confidentiality: 'confidentiality (unauthorised access to or disclosure of data)',
    integrity: 'integrity (unauthorised or accidental alteration of data)',
    availability: 'availability (loss of access to data or its destruction)',
  },
  phase: {
    initial: 'initial notice',
    initialFinal: 'initial and final notice',
    update: 'update {n}',
    final: 'final update (update {n})',
    withdrawn: 'withdrawal',
  },
  pending: 'pending — expected with the next update ({when})',
  asSoonAsKnown: 'as soon as known',
  asSoonAsWeKnowMore: 'as soon as we know more',
  contained: { yes: 'yes, the breach has been contained', no: 'no, the breach is still ongoing' },
  range: '{from} – {to}',
  rangeOpenEnd: 'from {from}; end: {pending}',
  rangeOpenStart: 'until {to}; start: {pending}',
  periodUntilNow: '{from} – until now (ongoing)',
  none: 'none',
  source: { internal: 'our own systems ({name})', sub_processor: 'our sub-processor {name}' },
  fields: {
    description: 'description of the breach',
    cause: 'cause',
    source: 'source of the breach',
    occurred: 'time of the breach',
    contained: 'whether the breach is contained',
    systems: 'systems concerned',
    dataCategories: 'categories of personal data',
    period: 'period of the data concerned',
    consequences: 'likely consequences',
    measuresTaken: 'measures taken',
    measuresPlanned: 'measures planned',
    recommendedActions: 'recommended actions for you',
    subjectActions: 'recommended actions for data subjects',
    changeSummary: 'summary of changes',
    contactEmail: 'contact email address',
  },
  nothingPending: 'nothing — this notice contains all information we currently expect to provide',
};

const pl: LocaleLabels = {
  intl: 'pl-PL',
  dataCategories: {
    name: 'imiona i nazwiska',
    email: 'adresy e-mail',
    phone_number: 'numery telefonów',
    postal_address: 'adresy pocztowe',
    message_content: 'treść wiadomości',
    order_history: 'historia zamówień',
    invoice_data: 'dane do faktur',
    credentials: 'dane logowania',
    payment_data: 'dane płatnicze',
    national_id: 'numery identyfikacyjne (np. PESEL)',
    health_data: 'dane dotyczące zdrowia (szczególna kategoria, art. 9 RODO)',
    ip_address: 'adresy IP',
    contact_history: 'historia kontaktów',
  },
  natures: {
    confidentiality: 'naruszenie poufności (nieuprawniony dostęp do danych lub ich ujawnienie)',
    integrity: 'naruszenie integralności (nieuprawniona lub przypadkowa zmiana danych)',
    availability: 'naruszenie dostępności (utrata dostępu do danych lub ich zniszczenie)',
  },
  phase: {
    initial: 'zawiadomienie wstępne',
    initialFinal: 'zawiadomienie wstępne i zarazem końcowe',
    update: 'aktualizacja nr {n}',
    final: 'aktualizacja końcowa (nr {n})',
    withdrawn: 'odwołanie zawiadomienia',
  },
  pending: 'w trakcie ustalania — przekażemy w kolejnej aktualizacji ({when})',
  asSoonAsKnown: 'niezwłocznie po ustaleniu',
  asSoonAsWeKnowMore: 'niezwłocznie, gdy ustalimy więcej',
  contained: { yes: 'tak, naruszenie zostało opanowane', no: 'nie, naruszenie nadal trwa' },
  range: '{from} – {to}',
  rangeOpenEnd: 'od {from}; koniec: {pending}',
  rangeOpenStart: 'do {to}; początek: {pending}',
  periodUntilNow: '{from} – do chwili obecnej',
  none: 'brak',
  source: { internal: 'nasze własne systemy ({name})', sub_processor: 'nasz podprocesor {name}' },
  fields: {
    description: 'opis naruszenia',
    cause: 'przyczyna',
    source: 'źródło naruszenia',
    occurred: 'czas wystąpienia naruszenia',
    contained: 'czy naruszenie zostało opanowane',
    systems: 'systemy, których dotyczy naruszenie',
    dataCategories: 'kategorie danych osobowych',
    period: 'okres, z którego pochodzą dane',
    consequences: 'możliwe konsekwencje',
    measuresTaken: 'podjęte środki',
    measuresPlanned: 'planowane środki',
    recommendedActions: 'zalecenia dla administratora',
    subjectActions: 'zalecenia dla osób, których dane dotyczą',
    changeSummary: 'podsumowanie zmian',
    contactEmail: 'adres e-mail do kontaktu',
  },
  nothingPending: 'nic — to zawiadomienie zawiera wszystkie informacje, które obecnie przewidujemy',
};

const nl: LocaleLabels = {
  intl: 'nl-NL',
  dataCategories: {
    name: 'namen',
    email: 'e-mailadressen',
    phone_number: 'telefoonnummers',
    postal_address: 'postadressen',
    message_content: 'inhoud van berichten',
    order_history: 'bestelgeschiedenis',
    invoice_data: 'factuurgegevens',
    credentials: 'inloggegevens',
    payment_data: 'betaalgegevens',
    national_id: 'nationale identificatienummers (zoals het BSN)',
    health_data: 'gezondheidsgegevens (bijzondere categorie, art. 9 AVG)',
    ip_address: 'IP-adressen',
    contact_history: 'contacthistorie',
  },
  natures: {
    confidentiality: 'vertrouwelijkheid (onbevoegde toegang tot of verstrekking van gegevens)',
    integrity: 'integriteit (onbevoegde of onbedoelde wijziging van gegevens)',
    availability: 'beschikbaarheid (verlies van toegang tot gegevens of vernietiging ervan)',
  },
  phase: {
    initial: 'eerste melding',
    initialFinal: 'eerste en tevens laatste melding',
    update: 'update {n}',
    final: 'laatste update (update {n})',
    withdrawn: 'intrekking',
  },
  pending: 'nog niet bekend — volgt in de volgende update ({when})',
  asSoonAsKnown: 'zodra dit bekend is',
  asSoonAsWeKnowMore: 'zodra wij meer weten',
  contained: { yes: 'ja, het datalek is ingedamd', no: 'nee, het datalek is nog gaande' },
  range: '{from} – {to}',
  rangeOpenEnd: 'vanaf {from}; einde: {pending}',
  rangeOpenStart: 'tot {to}; begin: {pending}',
  periodUntilNow: '{from} – tot heden',
  none: 'geen',
  source: { internal: 'onze eigen systemen ({name})', sub_processor: 'onze subverwerker {name}' },
  fields: {
    description: 'beschrijving van het datalek',
    cause: 'oorzaak',
    source: 'bron van het datalek',
    occurred: 'tijdstip van het datalek',
    contained: 'of het datalek is ingedamd',
    systems: 'betrokken systemen',
    dataCategories: 'categorieën persoonsgegevens',
    period: 'periode van de betrokken gegevens',
    consequences: 'waarschijnlijke gevolgen',
    measuresTaken: 'genomen maatregelen',
    measuresPlanned: 'geplande maatregelen',
    recommendedActions: 'aanbevolen acties voor u',
    subjectActions: 'aanbevolen acties voor betrokkenen',
    changeSummary: 'overzicht van de wijzigingen',
    contactEmail: 'e-mailadres voor contact',
  },
  nothingPending: 'niets — deze melding bevat alle informatie die wij op dit moment verwachten te geven',
};

const fr: LocaleLabels = {
  intl: 'fr-FR',
  dataCategories: {
    name: 'noms et prénoms',
    email: 'adresses électroniques',
    phone_number: 'numéros de téléphone',
    postal_address: 'adresses postales',
    message_content: 'contenu des messages',
    order_history: 'historique des commandes',
    invoice_data: 'données de facturation',
    credentials: 'identifiants de connexion',
    payment_data: 'données de paiement',
    national_id: "numéros d'identification nationaux",
    health_data: 'données de santé (catégorie particulière, art. 9 RGPD)',
    ip_address: 'adresses IP',
    contact_history: 'historique des échanges',
  },
  natures: {
    confidentiality: 'atteinte à la confidentialité (accès non autorisé aux données ou divulgation)',
    integrity: "atteinte à l'intégrité (modification non autorisée ou accidentelle des données)",
    availability: "atteinte à la disponibilité (perte d'accès aux données ou destruction)",
  },
  phase: {
    initial: 'notification initiale',
    initialFinal: 'notification initiale et définitive',
    update: 'mise à jour n° {n}',
    final: 'mise à jour finale (n° {n})',
    withdrawn: 'retrait',
  },
  pending: 'en attente — information prévue dans la prochaine mise à jour ({when})',
  asSoonAsKnown: 'dès que connu',
  asSoonAsWeKnowMore: 'dès que nous en saurons davantage',
  contained: { yes: 'oui, la violation est maîtrisée', no: 'non, la violation est toujours en cours' },
  range: 'du {from} au {to}',
  rangeOpenEnd: 'depuis le {from} ; fin : {pending}',
  rangeOpenStart: "jusqu'au {to} ; début : {pending}",
  periodUntilNow: 'du {from} à ce jour',
  none: 'aucun',
  source: { internal: 'nos propres systèmes ({name})', sub_processor: 'notre sous-traitant ultérieur {name}' },
  fields: {
    description: 'description de la violation',
    cause: 'cause',
    source: 'origine de la violation',
    occurred: 'date de la violation',
    contained: 'maîtrise de la violation',
    systems: 'systèmes concernés',
    dataCategories: 'catégories de données à caractère personnel',
    period: 'période des données concernées',
    consequences: 'conséquences probables',
    measuresTaken: 'mesures prises',
    measuresPlanned: 'mesures envisagées',
    recommendedActions: 'actions recommandées pour vous',
    subjectActions: 'actions recommandées pour les personnes concernées',
    changeSummary: 'résumé des changements',
    contactEmail: 'adresse électronique de contact',
  },
  nothingPending: 'rien — cette notification contient toutes les informations que nous prévoyons de fournir à ce stade',
};

const es: LocaleLabels = {
  intl: 'es-ES',
  dataCategories: {
    name: 'nombres y apellidos',
    email: 'direcciones de correo electrónico',
    phone_number: 'números de teléfono',
    postal_address: 'direcciones postales',
    message_content: 'contenido de los mensajes',
    order_history: 'historial de pedidos',
    invoice_data: 'datos de facturación',
    credentials: 'credenciales de acceso',
    payment_data: 'datos de pago',
    national_id: 'números de identificación nacional (p. ej., DNI o NIE)',
    health_data: 'datos relativos a la salud (categoría especial, art. 9 RGPD)',
    ip_address: 'direcciones IP',
    contact_history: 'historial de contactos',
  },
  natures: {
    confidentiality: 'confidencialidad (acceso no autorizado a los datos o comunicación indebida)',
    integrity: 'integridad (alteración no autorizada o accidental de los datos)',
    availability: 'disponibilidad (pérdida de acceso a los datos o destrucción)',
  },
  phase: {
    initial: 'notificación inicial',
    initialFinal: 'notificación inicial y definitiva',
    update: 'actualización n.º {n}',
    final: 'actualización final (n.º {n})',
    withdrawn: 'retirada',
  },
  pending: 'pendiente — se facilitará en la próxima actualización ({when})',
  asSoonAsKnown: 'en cuanto se conozca',
  asSoonAsWeKnowMore: 'en cuanto dispongamos de más información',
  contained: { yes: 'sí, la brecha está contenida', no: 'no, la brecha sigue activa' },
  range: 'del {from} al {to}',
  rangeOpenEnd: 'desde el {from}; fin: {pending}',
  rangeOpenStart: 'hasta el {to}; inicio: {pending}',
  periodUntilNow: 'del {from} hasta la actualidad',
  none: 'ninguno',
  source: { internal: 'nuestros propios sistemas ({name})', sub_processor: 'nuestro subencargado {name}' },
  fields: {
    description: 'descripción de la brecha',
    cause: 'causa',
    source: 'origen de la brecha',
    occurred: 'momento de la brecha',
    contained: 'si la brecha está contenida',
    systems: 'sistemas afectados',
    dataCategories: 'categorías de datos personales',
    period: 'periodo de los datos afectados',
    consequences: 'consecuencias probables',
    measuresTaken: 'medidas adoptadas',
    measuresPlanned: 'medidas previstas',
    recommendedActions: 'acciones recomendadas para usted',
    subjectActions: 'acciones recomendadas para los interesados',
    changeSummary: 'resumen de los cambios',
    contactEmail: 'dirección de correo electrónico de contacto',
  },
  nothingPending: 'nada — esta notificación contiene toda la información que prevemos facilitar por ahora',
};

const de: LocaleLabels = {
  intl: 'de-DE',
  dataCategories: {
    name: 'Namen',
    email: 'E-Mail-Adressen',
    phone_number: 'Telefonnummern',
    postal_address: 'Postanschriften',
    message_content: 'Nachrichteninhalte',
    order_history: 'Bestellhistorie',
    invoice_data: 'Rechnungsdaten',
    credentials: 'Zugangsdaten',
    payment_data: 'Zahlungsdaten',
    national_id: 'nationale Kennnummern',
    health_data: 'Gesundheitsdaten (besondere Kategorie, Art. 9 DSGVO)',
    ip_address: 'IP-Adressen',
    contact_history: 'Kontakthistorie',
  },
  natures: {
    confidentiality: 'Vertraulichkeit (unbefugter Zugang zu Daten oder deren Offenlegung)',
    integrity: 'Integrität (unbefugte oder unbeabsichtigte Veränderung von Daten)',
    availability: 'Verfügbarkeit (Verlust des Zugangs zu Daten oder deren Vernichtung)',
  },
  phase: {
    initial: 'Erstmeldung',
    initialFinal: 'Erst- und zugleich Abschlussmeldung',
    update: 'Aktualisierung Nr. {n}',
    final: 'abschließende Aktualisierung (Nr. {n})',
    withdrawn: 'Rücknahme',
  },
  pending: 'noch offen — folgt mit der nächsten Aktualisierung ({when})',
  asSoonAsKnown: 'sobald bekannt',
  asSoonAsWeKnowMore: 'sobald uns weitere Erkenntnisse vorliegen',
  contained: { yes: 'ja, die Verletzung ist eingedämmt', no: 'nein, die Verletzung dauert noch an' },
  range: '{from} – {to}',
  rangeOpenEnd: 'ab {from}; Ende: {pending}',
  rangeOpenStart: 'bis {to}; Beginn: {pending}',
  periodUntilNow: '{from} – bis heute',
  none: 'keine',
  source: { internal: 'unsere eigenen Systeme ({name})', sub_processor: 'unser Unterauftragsverarbeiter {name}' },
  fields: {
    description: 'Beschreibung der Verletzung',
    cause: 'Ursache',
    source: 'Quelle der Verletzung',
    occurred: 'Zeitpunkt der Verletzung',
    contained: 'ob die Verletzung eingedämmt ist',
    systems: 'betroffene Systeme',
    dataCategories: 'Kategorien personenbezogener Daten',
    period: 'Zeitraum der betroffenen Daten',
    consequences: 'wahrscheinliche Folgen',
    measuresTaken: 'ergriffene Maßnahmen',
    measuresPlanned: 'geplante Maßnahmen',
    recommendedActions: 'empfohlene Schritte für Sie',
    subjectActions: 'empfohlene Schritte für betroffene Personen',
    changeSummary: 'Zusammenfassung der Änderungen',
    contactEmail: 'Kontakt-E-Mail-Adresse',
  },
  nothingPending: 'nichts — diese Meldung enthält alle Angaben, die wir derzeit vorsehen',
};

export const LABELS: Record<Locale, LocaleLabels> = { en, pl, nl, fr, es, de };

/** Replaces `{key}` placeholders; values are inserted verbatim (never parsed as templates). */
export function fill(pattern: string, values: Record<string, string | number>): string {
  return pattern.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole,
  );
}
