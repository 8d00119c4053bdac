import { Harness } from './harness';

export interface Arrivals {
  /** Notices of the incident that never reached the SMTP sink or the Twilio double. */
  missing: string[];
  /** Deliveries beyond the first of the same notice (the at-least-once window of a crash). */
  duplicates: number;
  received: number;
}

/**
 * Matches what reached the sinks against the notices: an email by its Message-ID `<noticeId@domain>`,
 * an SMS by its number (each test tenant has its own).
 */
export async function arrivals(h: Harness, incidentId: string): Promise<Arrivals> {
  const notices = await h.notices(incidentId);
  const emails = new Map<string, number>();
  for (const m of h.smtp.messages) {
    const id = /^<([^@>]+)@/.exec(m.messageId ?? '')?.[1] ?? '';
    emails.set(id, (emails.get(id) ?? 0) + 1);
  }
  const sms = new Map<string, number>();
  for (const m of h.twilio.messages) sms.set(m.to, (sms.get(m.to) ?? 0) + 1);
  const missing = notices.filter((n) => !(n.channel === 'email' ? emails.has(n.id) : sms.has(n.to))).map((n) => n.id);
  const received = h.smtp.messages.length + h.twilio.messages.length;
  return { missing, duplicates: received - (emails.size + sms.size), received };
}
