import { SampleTexts } from './sample-texts';

export const nl: SampleTexts = {
  title: 'Onbevoegde toegang tot het sms-archief',
  service: 'sms-verzenddienst',
  systemName: 'sms-verzendplatform',
  cause: 'Er is misbruik gemaakt van een kwetsbaarheid in de exportfunctie van het archief bij onze subverwerker.',
  description: 'Een onbekende partij heeft toegang gekregen tot het archief van verzonden sms-berichten.\nHet archief bevat de telefoonnummers van de ontvangers en de berichtteksten.',
  consequences: 'Ontvangers kunnen phishingberichten of telefoontjes krijgen waarin wordt verwezen naar afspraken die echt bestaan.',
  measuresTaken: 'De kwetsbare functie is uitgeschakeld en de toegangsgegevens van het archief zijn vervangen.',
  measuresPlanned: 'Een externe beveiligingsaudit bij de subverwerker, af te ronden uiterlijk op 31 mei 2023.',
  recommendedActions: 'Ga na of de berichtteksten die u hebt verzonden, naast het telefoonnummer nog andere persoonsgegevens bevatten. Of u het datalek meldt bij de toezichthoudende autoriteit en de betrokkenen informeert, beslist u als verwerkingsverantwoordelijke.',
  subjectActions: 'Wees alert op onverwachte berichten en telefoontjes waarin om aanvullende gegevens of een betaling wordt gevraagd.',
  notAffected: 'De contactlijsten in het klantportaal zijn niet getroffen.',
  changeSummary: 'Uit ons forensisch onderzoek blijkt dat het archief is gekopieerd (exfiltratie). Of de gegevens zijn misbruikt, onderzoeken wij nog.',
  withdrawalReason: 'Uit onze analyse blijkt dat de betrokken archiefserver nooit berichten heeft bevat die vanuit uw account zijn verzonden.',
  delayReason: 'De eerste melding van onze subverwerker vermeldde niet welke klanten waren getroffen; pas op 20 april 2023 konden wij vaststellen dat ook uw organisatie getroffen is.',
  contactName: 'Incidentresponsteam',
  availability: '24 uur per dag, 7 dagen per week',
};
