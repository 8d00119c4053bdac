import { Locale } from '@app/templates';

/**
 * Words of the acknowledgement page around the notice. Category, nature, phase and law names come from
 * @app/templates (LABELS), so the page says what the notice says; regimes, obligations and report fields from
 * ack-filing-labels.ts. `{tenant}`, `{when}`, `{aware}` and `{law}` are filled in.
 */
export interface AckPageLabels {
  title: string;
  reference: string;
  intro: string;
  button: string;
  acknowledged: string;
  deadline: string;
  json: string;
  /** The link to the notice as a CSAF document. */
  csaf: string;
  notice: string;
  deadlines: string;
  /** `{aware}`: when the vendor became aware, in the tenant's zone. */
  deadlinesIntro: string;
  /** An obligation with no fixed time. */
  asSoonAsPossible: string;
  authority: string;
  /** A country outside the table of authorities. */
  authorityUnknown: string;
  filing: string;
  filingIntro: string;
  /** A field the notice does not know yet. */
  pendingUnknown: string;
  /** A field only the tenant can give (its DPO, its own measures, its classification). */
  pendingYours: string;
  yes: string;
  no: string;
  draft: string;
  /** `{law}`: the article on informing data subjects, as the notice cites it. */
  draftIntro: string;
  draftSubject: string;
  draftText: string;
  download: string;
}

export const ACK_PAGE_LABELS: Record<Locale, AckPageLabels> = {
  en: {
    title: 'Acknowledge receipt',
    reference: 'Reference',
    intro:
      'Please confirm that this notice has reached {tenant}. We record only the time of your confirmation, your network address and your browser. Confirming does not mean that you accept the content of the notice or that you have notified your supervisory authority.',
    button: 'Confirm receipt',
    acknowledged: 'Receipt confirmed on {when}. Thank you.',
    deadline: 'Your 72-hour deadline (our estimate)',
    json: 'This summary as JSON, for your breach log (Article 33(5)) or your authority’s form',
    csaf: 'This notice as a CSAF 2.0 document (TLP:AMBER), for your security tools',
    notice: 'The notice as sent',
    deadlines: 'Your deadlines',
    deadlinesIntro: 'Counted conservatively from the moment we became aware of the breach ({aware}). Please check them against your own obligations.',
    asSoonAsPossible: 'as soon as possible (no fixed time limit)',
    authority: 'Your supervisory authority:',
    authorityUnknown: 'the supervisory authority competent for your establishment',
    filing: 'For your own reports',
    filingIntro: 'What each of your reports asks for, prefilled from this notice. Anything still missing is marked.',
    pendingUnknown: 'not known yet',
    pendingYours: 'for you to complete',
    yes: 'yes',
    no: 'no',
    draft: 'Draft: your notice to the people concerned',
    draftIntro: 'A plain-language draft of your own communication to your data subjects ({law}), with your facts, advice for each kind of data concerned and where people get help in your country. Whether and how you inform them is your decision. Check the draft, fill in the parts in square brackets and adapt it before you use it.',
    draftSubject: 'Subject',
    draftText: 'Text (select it to copy)',
    download: 'Download the draft as a text file',
  },
  pl: {
    title: 'Potwierdzenie odbioru wiadomości',
    reference: 'Numer referencyjny',
    intro:
      'Prosimy o potwierdzenie, że zawiadomienie dotarło do Państwa organizacji ({tenant}). Zapisujemy wyłącznie czas potwierdzenia, adres sieciowy i przeglądarkę. Potwierdzenie odbioru nie oznacza akceptacji treści zawiadomienia ani zgłoszenia naruszenia organowi nadzorczemu.',
    button: 'Potwierdzam odbiór',
    acknowledged: 'Odbiór potwierdzono {when}. Dziękujemy.',
    deadline: 'Termin 72 godzin (nasze oszacowanie)',
    json: 'Podsumowanie w formacie JSON – do rejestru naruszeń (art. 33 ust. 5 RODO) lub formularza zgłoszenia',
    csaf: 'To zgłoszenie jako dokument CSAF 2.0 (TLP:AMBER) – dla Państwa narzędzi bezpieczeństwa',
    notice: 'Treść wiadomości',
    deadlines: 'Państwa terminy',
    deadlinesIntro: 'Liczone ostrożnie od chwili, w której stwierdziliśmy naruszenie ({aware}). Prosimy zweryfikować je z Państwa własnymi obowiązkami.',
    asSoonAsPossible: 'niezwłocznie (bez określonego terminu)',
    authority: 'Państwa organ nadzorczy:',
    authorityUnknown: 'organ nadzorczy właściwy dla Państwa siedziby',
    filing: 'Dane do Państwa zgłoszeń',
    filingIntro: 'Czego wymaga każde z Państwa zgłoszeń – wypełnione danymi z tego zawiadomienia. Brakujące informacje są oznaczone.',
    pendingUnknown: 'jeszcze nieznane',
    pendingYours: 'do uzupełnienia przez Państwa',
    yes: 'tak',
    no: 'nie',
    draft: 'Projekt: zawiadomienie osób, których dane dotyczą',
    draftIntro: 'Projekt Państwa komunikatu do osób, których dane dotyczą ({law}), napisany prostym językiem: z Państwa danymi, zaleceniami dla każdej kategorii danych i informacją, gdzie szukać pomocy w Państwa kraju. O tym, czy i jak zawiadomić te osoby, decydują Państwo. Przed użyciem prosimy sprawdzić projekt, uzupełnić fragmenty w nawiasach kwadratowych i dostosować treść.',
    draftSubject: 'Temat',
    draftText: 'Treść (do zaznaczenia i skopiowania)',
    download: 'Pobierz projekt jako plik tekstowy',
  },
  nl: {
    title: 'Ontvangst bevestigen',
    reference: 'Referentie',
    intro:
      'Wilt u bevestigen dat deze melding {tenant} heeft bereikt? Wij leggen alleen het tijdstip van uw bevestiging, uw netwerkadres en uw browser vast. Een bevestiging betekent niet dat u instemt met de inhoud van de melding of dat u het datalek bij de toezichthoudende autoriteit hebt gemeld.',
    button: 'Ontvangst bevestigen',
    acknowledged: 'Ontvangst bevestigd op {when}. Dank u wel.',
    deadline: 'Uw termijn van 72 uur (onze inschatting)',
    json: 'Deze samenvatting als JSON, voor uw dossier of het meldformulier',
    csaf: 'Deze melding als CSAF 2.0-document (TLP:AMBER), voor uw beveiligingstools',
    notice: 'De melding zoals verzonden',
    deadlines: 'Uw termijnen',
    deadlinesIntro: 'Voorzichtig gerekend vanaf het moment waarop wij het datalek ontdekten ({aware}). Controleer ze aan de hand van uw eigen verplichtingen.',
    asSoonAsPossible: 'zo snel mogelijk (geen vaste termijn)',
    authority: 'Uw toezichthoudende autoriteit:',
    authorityUnknown: 'de toezichthoudende autoriteit die bevoegd is voor uw vestiging',
    filing: 'Voor uw eigen meldingen',
    filingIntro: 'Wat elk van uw meldingen vraagt, vooraf ingevuld met de gegevens uit deze melding. Wat nog ontbreekt, is gemarkeerd.',
    pendingUnknown: 'nog niet bekend',
    pendingYours: 'door u in te vullen',
    yes: 'ja',
    no: 'nee',
    draft: 'Concept: uw bericht aan de betrokkenen',
    draftIntro: 'Een concept in begrijpelijke taal voor uw eigen bericht aan de betrokkenen ({law}), met uw gegevens, tips per soort gegevens en waar mensen in uw land terechtkunnen voor hulp. U beslist zelf of en hoe u hen informeert. Controleer het concept, vul de delen tussen vierkante haken in en pas het aan voordat u het gebruikt.',
    draftSubject: 'Onderwerp',
    draftText: 'Tekst (selecteer om te kopiëren)',
    download: 'Concept downloaden als tekstbestand',
  },
  fr: {
    title: 'Accusé de réception',
    reference: 'Référence',
    intro:
      'Merci de confirmer que cette notification est bien parvenue à {tenant}. Nous n’enregistrons que l’heure de votre confirmation, votre adresse réseau et votre navigateur. Accuser réception ne vaut ni acceptation du contenu de la notification, ni notification à l’autorité de contrôle.',
    button: 'Accuser réception',
    acknowledged: 'Réception confirmée le {when}. Merci.',
    deadline: 'Votre délai de 72 heures (notre estimation)',
    json: 'Cette synthèse au format JSON, pour votre registre ou le formulaire de notification',
    csaf: 'Cette notification au format CSAF 2.0 (TLP:AMBER), pour vos outils de sécurité',
    notice: 'La notification telle qu’envoyée',
    deadlines: 'Vos délais de notification',
    deadlinesIntro: 'Calculées de façon prudente à partir du moment où nous avons eu connaissance de la violation ({aware}). Vérifiez-les au regard de vos propres obligations.',
    asSoonAsPossible: 'dans les meilleurs délais (sans délai fixe)',
    authority: 'Votre autorité de contrôle :',
    authorityUnknown: 'l’autorité de contrôle compétente pour votre établissement',
    filing: 'Pour vos propres notifications',
    filingIntro: 'Ce que demande chacune de vos notifications, prérempli à partir de la présente notification. Les éléments encore manquants sont signalés.',
    pendingUnknown: 'à déterminer',
    pendingYours: 'à compléter par vos soins',
    yes: 'oui',
    no: 'non',
    draft: 'Projet : votre communication aux personnes concernées',
    draftIntro: 'Un projet, rédigé en termes simples, de votre propre communication aux personnes concernées ({law}), avec vos informations, des conseils pour chaque type de données concerné et les contacts utiles dans votre pays. Il vous appartient de décider si et comment les informer. Relisez le projet, complétez les passages entre crochets et adaptez-le avant de l’utiliser.',
    draftSubject: 'Objet',
    draftText: 'Texte (sélectionnez-le pour le copier)',
    download: 'Télécharger le projet (fichier texte)',
  },
  es: {
    title: 'Acuse de recibo',
    reference: 'Referencia',
    intro:
      'Le rogamos que confirme que esta notificación ha llegado a {tenant}. Solo registramos la hora de su confirmación, su dirección de red y su navegador. Confirmar la recepción no implica aceptar el contenido de la notificación ni haber notificado a la autoridad de control.',
    button: 'Confirmar la recepción',
    acknowledged: 'Recepción confirmada el {when}. Gracias.',
    deadline: 'Su plazo de 72 horas (nuestra estimación)',
    json: 'Este resumen en formato JSON, para su registro o el formulario de notificación',
    csaf: 'Esta notificación como documento CSAF 2.0 (TLP:AMBER), para sus herramientas de seguridad',
    notice: 'El aviso tal como se envió',
    deadlines: 'Sus plazos',
    deadlinesIntro: 'Calculados de forma prudente desde el momento en que tuvimos conocimiento de la brecha de datos personales ({aware}). Compruébelos con sus propias obligaciones.',
    asSoonAsPossible: 'lo antes posible (sin plazo fijo)',
    authority: 'Su autoridad de control:',
    authorityUnknown: 'la autoridad de control competente para su establecimiento',
    filing: 'Para sus propias notificaciones',
    filingIntro: 'Lo que pide cada una de sus notificaciones, rellenado con los datos de esta notificación. Se señala lo que aún falta.',
    pendingUnknown: 'aún no se conoce',
    pendingYours: 'a completar por usted',
    yes: 'sí',
    no: 'no',
    draft: 'Borrador: su comunicación a los interesados',
    draftIntro: 'Un borrador en lenguaje claro de su propia comunicación a los interesados ({law}), con sus datos, consejos para cada tipo de dato afectado y dónde pueden pedir ayuda en su país. Usted decide si les informa y cómo. Revise el borrador, complete las partes entre corchetes y adáptelo antes de usarlo.',
    draftSubject: 'Asunto',
    draftText: 'Texto (selecciónelo para copiarlo)',
    download: 'Descargar el borrador como archivo de texto',
  },
  de: {
    title: 'Empfangsbestätigung',
    reference: 'Referenz',
    intro:
      'Bitte bestätigen Sie, dass diese Meldung {tenant} erreicht hat. Wir speichern nur den Zeitpunkt Ihrer Bestätigung, Ihre Netzwerkadresse und Ihren Browser. Die Bestätigung bedeutet weder, dass Sie dem Inhalt der Meldung zustimmen, noch, dass Sie die Aufsichtsbehörde benachrichtigt haben.',
    button: 'Empfang bestätigen',
    acknowledged: 'Empfang bestätigt am {when}. Vielen Dank.',
    deadline: 'Ihre 72-Stunden-Frist (unsere Schätzung)',
    json: 'Diese Zusammenfassung als JSON, für Ihre Dokumentation nach Art. 33 Abs. 5 DSGVO oder das Meldeformular',
    csaf: 'Diese Meldung als CSAF-2.0-Dokument (TLP:AMBER), für Ihre Sicherheitswerkzeuge',
    notice: 'Die Meldung im Wortlaut',
    deadlines: 'Ihre Fristen',
    deadlinesIntro: 'Vorsichtig gerechnet ab dem Zeitpunkt, zu dem uns die Verletzung bekannt wurde ({aware}). Bitte gleichen Sie sie mit Ihren eigenen Pflichten ab.',
    asSoonAsPossible: 'so rasch wie möglich (ohne feste Frist)',
    authority: 'Ihre Aufsichtsbehörde:',
    authorityUnknown: 'die für Ihre Niederlassung zuständige Aufsichtsbehörde',
    filing: 'Für Ihre eigenen Meldungen',
    filingIntro: 'Was jede Ihrer Meldungen verlangt, vorausgefüllt aus dieser Meldung. Was noch fehlt, ist gekennzeichnet.',
    pendingUnknown: 'noch nicht bekannt',
    pendingYours: 'von Ihnen zu ergänzen',
    yes: 'ja',
    no: 'nein',
    draft: 'Entwurf: Ihre Benachrichtigung der betroffenen Personen',
    draftIntro: 'Ein Entwurf in einfacher Sprache für Ihre eigene Benachrichtigung der betroffenen Personen ({law}), mit Ihren Fakten, Hinweisen zu jeder betroffenen Datenart und Anlaufstellen in Ihrem Land. Ob und wie Sie die Personen benachrichtigen, entscheiden Sie. Prüfen Sie den Entwurf, füllen Sie die Stellen in eckigen Klammern aus und passen Sie ihn an, bevor Sie ihn verwenden.',
    draftSubject: 'Betreff',
    draftText: 'Text (zum Kopieren markieren)',
    download: 'Entwurf als Textdatei herunterladen',
  },
};
