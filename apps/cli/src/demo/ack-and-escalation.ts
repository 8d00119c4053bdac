import { HttpClient } from '../http-client';

interface ScenarioTenant {
  externalId: string;
  contacts: { role: string; priority?: number }[];
}
interface Notice {
  tenant: string;
  contactRole: string;
  channel: string;
  status: string;
  providerMessageId: string | null;
}
interface BoardRow {
  tenant: string;
  escalated: boolean;
  acknowledgedAt: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SETTLED = ['sent', 'delivered', 'failed', 'bounced', 'undelivered'];

/** Tenants told first through some contacts and holding others for escalation. */
const withEscalationContacts = (tenants: ScenarioTenant[], affected: string[]) =>
  tenants.filter((t) => affected.includes(t.externalId) && new Set(t.contacts.map((c) => c.priority ?? 1)).size > 1).map((t) => t.externalId);

async function notices(admin: HttpClient, incidentId: string, tenant: string): Promise<Notice[]> {
  return (await admin.get<{ items: Notice[] }>(`/v1/notices?incidentId=${incidentId}&tenant=${encodeURIComponent(tenant)}&limit=100`)).items;
}

/** The tenant's own link, read from the email the sandbox captured for it (an admin sees links unredacted). */
async function ackToken(admin: HttpClient, incidentId: string, tenant: string): Promise<string> {
  const email = (await notices(admin, incidentId, tenant)).find((n) => n.channel === 'email' && n.providerMessageId);
  if (!email) throw new Error(`no email to ${tenant} was captured`);
  const messages = (await admin.get<{ items: { providerId: string; text: string }[] }>(`/v1/sandbox/messages?channel=email&limit=500`)).items;
  const text = messages.find((m) => m.providerId === email.providerMessageId)?.text ?? '';
  const token = /\/ack\/([A-Za-z0-9_.~-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`the email to ${tenant} holds no acknowledgement link`);
  return token;
}

/**
 * After the first notices settled: one tenant acknowledges (as its DPO would, with the button behind the
 * link in its email) and is left alone; another stays silent and, after the demo's short ESCALATE_AFTER,
 * is told again through its next contacts.
 */
export async function showAckAndEscalation(
  admin: HttpClient,
  base: string,
  run: { incidentId: string; tenants: ScenarioTenant[]; affected: string[]; escalateAfter: string; escalateAfterMs: number },
): Promise<void> {
  const [acknowledging, silent] = withEscalationContacts(run.tenants, run.affected);
  if (!acknowledging) return;
  const token = await ackToken(admin, run.incidentId, acknowledging);
  const response = await fetch(`${base}/ack/${token}`, { method: 'POST', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`acknowledging for ${acknowledging} answered ${response.status}`);
  console.log(`✔ ${acknowledging} acknowledged (its DPO pressed the button behind the link in its email): no escalation for it`);
  if (!silent) return;

  console.log(`… ${silent} has not acknowledged: after ${run.escalateAfter} (DEMO_ESCALATE_AFTER; ESCALATE_AFTER is 24h by default) its next contacts are told`);
  const started = Date.now();
  const deadline = started + run.escalateAfterMs + 120_000;
  for (;;) {
    const board = (await admin.get<{ items: BoardRow[] }>(`/v1/incidents/${run.incidentId}/tenants?limit=100`)).items;
    if (board.find((r) => r.tenant === silent)?.escalated) break;
    if (Date.now() > deadline) throw new Error(`${silent} was not escalated within ${Math.round((deadline - started) / 1000)} s`);
    await sleep(1000);
  }
  const contacts = run.tenants.find((t) => t.externalId === silent)!.contacts;
  const priorityOf = (role: string) => contacts.find((c) => c.role === role)?.priority ?? 1;
  const firstPriority = Math.min(...contacts.map((c) => c.priority ?? 1));
  let escalations: Notice[] = [];
  while (Date.now() < deadline) {
    escalations = (await notices(admin, run.incidentId, silent)).filter((n) => priorityOf(n.contactRole) > firstPriority);
    if (escalations.length > 0 && escalations.every((n) => SETTLED.includes(n.status))) break;
    await sleep(500);
  }
  const told = escalations.map((n) => `${n.contactRole} by ${n.channel} (${n.status})`).join(', ');
  const acknowledged = (await admin.get<{ items: BoardRow[] }>(`/v1/incidents/${run.incidentId}/tenants?limit=100`)).items.find((r) => r.tenant === acknowledging);
  console.log(`✔ ${silent} escalated ${((Date.now() - started) / 1000).toFixed(0)} s later: told ${told || 'its next contacts'}`);
  if (acknowledged && !acknowledged.escalated) console.log(`✔ ${acknowledging}, which acknowledged, was not escalated`);
}

/** One line on what an email's status means, for readers who expect "delivered". */
export const EMAIL_STATUS_NOTE =
  'Note: an email is "sent" once the mail server took it (SMTP 250); it becomes "delivered" only when the email provider reports delivery events to breachcast (POST /v1/webhooks/email/<provider>), which the sandbox has none of.';
