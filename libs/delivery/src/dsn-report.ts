import { simpleParser } from 'mailparser';

/** One per-recipient block of an RFC 3464 delivery-status report. */
export interface DsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  action: string;
  status: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
}

export interface DsnReport {
  envelopeId: string | null;
  /** The report's fields in a canonical form (groups in order, folded lines joined, names lower-cased): the same report delivered again has the same. */
  identity: string;
  reportingMta: string | null;
  recipients: DsnRecipient[];
}

const REPORT_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

/** `rfc822; a@b` → `a@b`, `smtp; 550 …` → `550 …`: drops the RFC 3464 type label. */
const untyped = (value: string | undefined): string | null => {
  if (value === undefined) return null;
  const semi = value.indexOf(';');
  const text = (semi >= 0 ? value.slice(semi + 1) : value).trim();
  return text === '' ? null : text;
};

/** Field groups of a `message/delivery-status` body: folded lines joined, names lower-cased. */
export function deliveryStatusGroups(body: string): Record<string, string>[] {
  return body
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split(/\n[ \t]*\n/)
    .map((group) => {
      const fields: Record<string, string> = Object.create(null);
      for (const line of group.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      return fields;
    })
    .filter((fields) => Object.keys(fields).length > 0);
}

/**
 * Reads an RFC 3464 report with mailparser (`keepDeliveryStatus` keeps the status part apart from
 * the text). Anything without a delivery-status part — an auto-reply, spam, a human answer — is null.
 */
export async function parseDsn(raw: Buffer | string): Promise<DsnReport | null> {
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const part = mail.attachments.find((a) => REPORT_TYPES.has(a.contentType.toLowerCase()));
  if (!part) return null;
  const groups = deliveryStatusGroups(part.content.toString('utf8'));
  const [perMessage, ...blocks] = groups;
  if (!perMessage) return null;
  const recipients = blocks
    .filter((b) => b['action'] !== undefined)
    .map((b) => ({
      finalRecipient: untyped(b['final-recipient'])?.toLowerCase() ?? null,
      originalRecipient: untyped(b['original-recipient'])?.toLowerCase() ?? null,
      action: b['action'].toLowerCase(),
      status: b['status'] ?? null,
      diagnostic: untyped(b['diagnostic-code']),
      remoteMta: untyped(b['remote-mta']),
    }));
  if (recipients.length === 0) return null;
  const identity = JSON.stringify(groups.map((g) => Object.keys(g).sort().map((k) => [k, g[k]])));
  return { envelopeId: perMessage['original-envelope-id'] ?? null, identity, reportingMta: untyped(perMessage['reporting-mta']), recipients };
}
