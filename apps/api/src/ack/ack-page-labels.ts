import { Locale } from '@app/templates';

/**
 * Words of the acknowledgement page around the notice. Category, nature, phase and field names come
 * from @app/templates (LABELS), so the page says what the notice says. `{tenant}` and `{when}` are filled in.
 */
export interface AckPageLabels {
  title: string;
  reference: string;
  intro: string;
  button: string;
  acknowledged: string;
  deadline: string;
  summary: string;
  a: string;
  b: string;
  c: string;
  d: string;
  nature: string;
  dataSubjects: string;
  records: string;
  subProcessors: string;
  json: string;
  notice: string;
}

export const ACK_PAGE_LABELS: Record<Locale, AckPageLabels> = {
  en: {
    title: 'Acknowledge receipt',
    reference: 'Reference',
    intro:
      'Please confirm that this notice has reached {tenant}. We record only the time of your confirmation, your network address and your browser. Confirming does not mean that you accept the content of the notice or that you have notified your supervisory authority.',
    button: 'Confirm receipt',
    acknowledged: 'Receipt confirmed on {when}. Thank you.',
    deadline: 'Your 72-hour mark (our estimate)',
    summary: 'Summary for your own filing (Article 33(3) GDPR)',
    a: '(a) Nature of the breach, categories and approximate number of data subjects and records',
    b: '(b) Contact point for more information',
    c: '(c) Likely consequences',
    d: '(d) Measures taken or proposed',
    nature: 'Nature of the breach',
    dataSubjects: 'Approximate number of data subjects',
    records: 'Approximate number of records',
    subProcessors: 'Sub-processors involved',
    json: 'This summary as JSON, for your records or your authority’s form',
    notice: 'The notice as sent',
  },
  pl: {
    title: 'Potwierdzenie odbioru zawiadomienia',
    reference: 'Numer referencyjny',
    intro:
      'Prosimy o potwierdzenie, że zawiadomienie dotarło do Państwa organizacji ({tenant}). Zapisujemy wyłącznie czas potwierdzenia, adres sieciowy i przeglądarkę. Potwierdzenie odbioru nie oznacza akceptacji treści zawiadomienia ani zgłoszenia naruszenia organowi nadzorczemu.',
    button: 'Potwierdzam odbiór',
    acknowledged: 'Odbiór potwierdzono {when}. Dziękujemy.',
    deadline: 'Termin 72 godzin (nasze oszacowanie)',
    summary: 'Podsumowanie do Państwa zgłoszenia (art. 33 ust. 3 RODO)',
    a: 'a) Charakter naruszenia, kategorie oraz przybliżona liczba osób i wpisów danych osobowych',
    b: 'b) Punkt kontaktowy, od którego można uzyskać więcej informacji',
    c: 'c) Możliwe konsekwencje naruszenia',
    d: 'd) Zastosowane lub proponowane środki',
    nature: 'Charakter naruszenia',
    dataSubjects: 'Przybliżona liczba osób, których dane dotyczą',
    records: 'Przybliżona liczba wpisów danych osobowych',
    subProcessors: 'Dalsze podmioty przetwarzające (podprocesorzy)',
    json: 'To podsumowanie w formacie JSON — do dokumentacji naruszeń lub formularza zgłoszenia',
    notice: 'Treść zawiadomienia',
  },
  nl: {
    title: 'Ontvangst bevestigen',
    reference: 'Referentie',
    intro:
      'Wilt u bevestigen dat deze melding {tenant} heeft bereikt? Wij leggen alleen het tijdstip van uw bevestiging, uw netwerkadres en uw browser vast. Een bevestiging betekent niet dat u instemt met de inhoud van de melding of dat u het datalek bij de toezichthouder hebt gemeld.',
    button: 'Ontvangst bevestigen',
    acknowledged: 'Ontvangst bevestigd op {when}. Dank u wel.',
    deadline: 'Uw termijn van 72 uur (onze inschatting)',
    summary: 'Samenvatting voor uw eigen melding (artikel 33, lid 3 AVG)',
    a: 'a) Aard van de inbreuk, categorieën en geschat aantal betrokkenen en gegevensrecords',
    b: 'b) Contactpunt voor meer informatie',
    c: 'c) Waarschijnlijke gevolgen',
    d: 'd) Genomen of voorgestelde maatregelen',
    nature: 'Aard van de inbreuk',
    dataSubjects: 'Geschat aantal betrokkenen',
    records: 'Geschat aantal gegevensrecords',
    subProcessors: 'Betrokken subverwerkers',
    json: 'Deze samenvatting als JSON, voor uw dossier of het meldformulier',
    notice: 'De melding zoals verzonden',
  },
  fr: {
    title: 'Accusé de réception',
    reference: 'Référence',
    intro:
      'Merci de confirmer que cette notification est bien parvenue à {tenant}. Nous n’enregistrons que l’heure de votre confirmation, votre adresse réseau et votre navigateur. Accuser réception ne vaut ni acceptation du contenu de la notification, ni notification à l’autorité de contrôle.',
    button: 'Accuser réception',
    acknowledged: 'Réception confirmée le {when}. Merci.',
    deadline: 'Votre échéance de 72 heures (notre estimation)',
    summary: 'Synthèse pour votre propre notification (article 33, paragraphe 3, du RGPD)',
    a: 'a) Nature de la violation, catégories et nombre approximatif de personnes et d’enregistrements concernés',
    b: 'b) Point de contact pour obtenir des informations supplémentaires',
    c: 'c) Conséquences probables',
    d: 'd) Mesures prises ou proposées',
    nature: 'Nature de la violation',
    dataSubjects: 'Nombre approximatif de personnes concernées',
    records: 'Nombre approximatif d’enregistrements',
    subProcessors: 'Sous-traitants ultérieurs concernés',
    json: 'Cette synthèse au format JSON, pour votre registre ou le formulaire de notification',
    notice: 'La notification telle qu’envoyée',
  },
  es: {
    title: 'Acuse de recibo',
    reference: 'Referencia',
    intro:
      'Le rogamos que confirme que esta notificación ha llegado a {tenant}. Solo registramos la hora de su confirmación, su dirección de red y su navegador. Confirmar la recepción no implica aceptar el contenido de la notificación ni haber notificado a la autoridad de control.',
    button: 'Confirmar la recepción',
    acknowledged: 'Recepción confirmada el {when}. Gracias.',
    deadline: 'Su plazo de 72 horas (nuestra estimación)',
    summary: 'Resumen para su propia notificación (artículo 33, apartado 3, del RGPD)',
    a: 'a) Naturaleza de la brecha, categorías y número aproximado de interesados y de registros',
    b: 'b) Punto de contacto para obtener más información',
    c: 'c) Consecuencias probables',
    d: 'd) Medidas adoptadas o propuestas',
    nature: 'Naturaleza de la brecha',
    dataSubjects: 'Número aproximado de interesados',
    records: 'Número aproximado de registros',
    subProcessors: 'Subencargados implicados',
    json: 'Este resumen en formato JSON, para su registro o el formulario de notificación',
    notice: 'La notificación tal como se envió',
  },
  de: {
    title: 'Empfangsbestätigung',
    reference: 'Referenz',
    intro:
      'Bitte bestätigen Sie, dass diese Meldung {tenant} erreicht hat. Wir speichern nur den Zeitpunkt Ihrer Bestätigung, Ihre Netzwerkadresse und Ihren Browser. Die Bestätigung bedeutet weder, dass Sie dem Inhalt der Meldung zustimmen, noch, dass Sie die Aufsichtsbehörde benachrichtigt haben.',
    button: 'Empfang bestätigen',
    acknowledged: 'Empfang bestätigt am {when}. Vielen Dank.',
    deadline: 'Ihre 72-Stunden-Frist (unsere Schätzung)',
    summary: 'Zusammenfassung für Ihre eigene Meldung (Art. 33 Abs. 3 DSGVO)',
    a: 'a) Art der Verletzung, Kategorien und ungefähre Zahl der betroffenen Personen und Datensätze',
    b: 'b) Anlaufstelle für weitere Informationen',
    c: 'c) Wahrscheinliche Folgen',
    d: 'd) Ergriffene oder vorgeschlagene Maßnahmen',
    nature: 'Art der Verletzung',
    dataSubjects: 'Ungefähre Zahl betroffener Personen',
    records: 'Ungefähre Zahl der Datensätze',
    subProcessors: 'Beteiligte Unterauftragsverarbeiter',
    json: 'Diese Zusammenfassung als JSON, für Ihre Dokumentation oder das Meldeformular',
    notice: 'Die Meldung im Wortlaut',
  },
};
