import { SampleTexts } from './sample-texts';

export const en: SampleTexts = {
  title: 'Unauthorised access to the SMS archive',
  service: 'SMS gateway',
  systemName: 'SMS sending platform',
  cause: 'A vulnerability in the archive export function of the sub-processor was exploited.',
  description: 'An unknown party accessed the archive of sent SMS messages.\nThe archive holds recipient numbers and message texts.',
  consequences: 'Recipients may receive phishing messages or calls that refer to real appointments.',
  measuresTaken: 'The vulnerable function was disabled and the credentials of the archive were rotated.',
  measuresPlanned: 'An external security audit of the sub-processor, due by 31 May 2023.',
  recommendedActions: 'Review whether the message texts you sent contained personal data beyond the phone number. Whether to notify your supervisory authority and to inform data subjects is for you, as controller, to decide.',
  subjectActions: 'Be wary of unexpected messages and calls that ask for further data or payments.',
  notAffected: 'The contact lists stored in the customer panel are not affected.',
  changeSummary: 'Our forensic analysis has established that the archive was copied (exfiltrated). Whether the data has been misused is still being investigated.',
  withdrawalReason: 'Our analysis shows that the archive server concerned never held messages sent from your account.',
  delayReason: 'The first report of our sub-processor did not say which customers were affected; we could only identify your organisation on 20 April 2023.',
  contactName: 'Incident response team',
  availability: '24 hours a day, 7 days a week',
};
