/** The free texts of the sample incident, as a vendor writing in that language would file them. */
export interface SampleTexts {
  title: string;
  service: string;
  /** The readable name of the system `sms-gateway`. */
  systemName: string;
  cause: string;
  description: string;
  consequences: string;
  measuresTaken: string;
  measuresPlanned: string;
  recommendedActions: string;
  subjectActions: string;
  notAffected: string;
  changeSummary: string;
  /** Why a later version no longer concerns the tenant. */
  withdrawalReason: string;
  delayReason: string;
  contactName: string;
  availability: string;
}
