import { SampleTexts } from './sample-texts';

export const de: SampleTexts = {
  title: 'Unbefugter Zugriff auf das SMS-Archiv',
  service: 'SMS-Gateway',
  systemName: 'SMS-Versandplattform',
  cause: 'Ausgenutzt wurde eine Sicherheitslücke in der Exportfunktion des Archivs beim Unterauftragsverarbeiter.',
  description: 'Unbekannte haben auf das Archiv der versendeten SMS zugegriffen.\nDas Archiv enthält die Rufnummern der Empfänger und die Nachrichtentexte.',
  consequences: 'Die Empfänger könnten Phishing-Nachrichten oder Anrufe erhalten, die sich auf tatsächliche Termine beziehen.',
  measuresTaken: 'Die betroffene Exportfunktion wurde abgeschaltet, und die Zugangsdaten des Archivs wurden erneuert.',
  measuresPlanned: 'Externes Sicherheitsaudit beim Unterauftragsverarbeiter, Abschluss bis zum 31. Mai 2023.',
  recommendedActions: 'Bitte prüfen Sie, ob die von Ihnen versendeten Nachrichtentexte außer der Rufnummer weitere personenbezogene Daten enthielten. Ob Sie die Verletzung der Aufsichtsbehörde melden und die betroffenen Personen benachrichtigen, entscheiden Sie als Verantwortlicher.',
  subjectActions: 'Seien Sie misstrauisch bei unerwarteten Nachrichten und Anrufen, in denen nach weiteren Daten oder nach Zahlungen gefragt wird.',
  notAffected: 'Die im Kundenportal gespeicherten Kontaktlisten sind nicht betroffen.',
  changeSummary: 'Die forensische Untersuchung hat ergeben, dass das Archiv kopiert wurde (Datenabfluss). Ob die Daten missbraucht wurden, klären wir noch.',
  withdrawalReason: 'Unsere Auswertung zeigt, dass der betroffene Archivserver zu keinem Zeitpunkt Nachrichten aus Ihrem Konto gespeichert hat.',
  delayReason:
    'Die erste Meldung unseres Unterauftragsverarbeiters ließ nicht erkennen, welche Kunden betroffen sind; Ihre Organisation konnten wir erst am 20. April 2023 als betroffen identifizieren.',
  contactName: 'Incident-Response-Team',
  availability: 'rund um die Uhr (24/7)',
};
