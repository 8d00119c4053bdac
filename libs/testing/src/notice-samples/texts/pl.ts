import { SampleTexts } from './sample-texts';

export const pl: SampleTexts = {
  title: 'Nieuprawniony dostęp do archiwum wiadomości SMS',
  service: 'wysyłka wiadomości SMS',
  systemName: 'Platforma wysyłki SMS',
  cause: 'Nieznany sprawca wykorzystał podatność w funkcji eksportu archiwum w systemie naszego dalszego podmiotu przetwarzającego.',
  description: 'Osoba nieuprawniona uzyskała dostęp do archiwum wysłanych wiadomości SMS.\nArchiwum zawiera numery telefonów odbiorców oraz treść wiadomości.',
  consequences: 'Odbiorcy mogą otrzymywać wiadomości SMS lub połączenia telefoniczne wyłudzające dane (phishing), powołujące się na rzeczywiste wizyty i terminy.',
  measuresTaken: 'Wyłączyliśmy podatną funkcję eksportu i zmieniliśmy dane dostępowe do archiwum.',
  measuresPlanned: 'Zewnętrzny audyt bezpieczeństwa u dalszego podmiotu przetwarzającego, do 31 maja 2023 r.',
  recommendedActions: 'Prosimy sprawdzić, czy treść wysyłanych przez Państwa wiadomości zawierała – poza numerem telefonu – inne dane osobowe. Decyzja o zgłoszeniu naruszenia organowi nadzorczemu i o zawiadomieniu osób, których dane dotyczą, należy do Państwa jako administratora.',
  subjectActions: 'Należy zachować ostrożność wobec nieoczekiwanych wiadomości i połączeń, w których ktoś prosi o podanie dodatkowych danych lub o dokonanie płatności.',
  notAffected: 'Naruszenie nie objęło list kontaktów przechowywanych w panelu klienta.',
  changeSummary: 'Analiza powłamaniowa wykazała, że archiwum zostało skopiowane (eksfiltracja). Nadal ustalamy, czy dane zostały wykorzystane w sposób nieuprawniony.',
  withdrawalReason: 'Z naszej analizy wynika, że serwer archiwum, którego dotyczy naruszenie, nigdy nie przechowywał wiadomości wysłanych z Państwa konta.',
  delayReason:
    'Pierwszy raport naszego dalszego podmiotu przetwarzającego nie wskazywał, których klientów dotyczy naruszenie; Państwa organizację mogliśmy zidentyfikować dopiero 20 kwietnia 2023 r.',
  contactName: 'Zespół reagowania na incydenty',
  availability: 'całodobowo, 7 dni w tygodniu',
};
