import type { AuditEntryView } from '@app/audit';
import { zoned } from './incident-form';

/** The filters of the console's audit page, as its form names them. */
export const AUDIT_FILTERS = ['action', 'actor', 'incident', 'from', 'to'] as const;

/** Suggestions for the action filter (any action name may be typed). */
export const KNOWN_ACTIONS = [
  'api_key.created',
  'api_key.revoked',
  'console.signed_in',
  'console.signed_out',
  'tenants.imported',
  'tenant.upserted',
  'incident.created',
  'incident.approved',
  'incident.dispatched',
  'incident.updated',
  'incident.closed',
  'notice.test_sent',
  'dispatch.planned',
  'dispatch.completed',
  'notice.acknowledged',
  'tenant.escalated',
  'tenant.escalation_exhausted',
];

/**
 * The form's values as typed (`raw`, shown back in the form) and as the audit filter reads them
 * (`query`): `from`/`to` come from `datetime-local` inputs labelled UTC.
 */
export function auditFilterForm(query: Record<string, string | undefined>): { raw: Record<string, string>; query: Record<string, string> } {
  const raw: Record<string, string> = {};
  for (const key of [...AUDIT_FILTERS, 'cursor']) {
    const value = typeof query[key] === 'string' ? query[key]!.trim() : '';
    if (value) raw[key] = value;
  }
  const parsed = { ...raw };
  if (parsed.from) parsed.from = zoned(parsed.from);
  if (parsed.to) parsed.to = zoned(parsed.to);
  return { raw, query: parsed };
}

type KeyNames = ReadonlyMap<string, { name: string; owner: string; role: string }>;

/** One row of the audit table: who acted and about what, in names (the ids stay in the titles). */
export interface AuditRow extends AuditEntryView {
  actorLabel: string;
  actorOwner: string | null;
  actorRole: string | null;
  subjectLabel: string;
  subjectUrl: string | null;
}

export function auditRows(items: AuditEntryView[], keys: KeyNames, references: ReadonlyMap<string, string>): AuditRow[] {
  return items.map((e) => {
    const key = keys.get(e.actor);
    const tenantActor = /^tenant:(.+)$/.exec(e.actor)?.[1];
    const actorLabel = key ? key.name : tenantActor ? `tenant ${tenantActor}` : e.actor === 'system' ? 'system' : e.actor;
    let subjectLabel = e.subject;
    let subjectUrl: string | null = null;
    const incident = /^incident:([0-9a-f-]{36})$/i.exec(e.subject)?.[1];
    const apiKey = /^api_key:([0-9a-f-]{36})$/i.exec(e.subject)?.[1];
    const tenant = /^tenant:(.+)$/.exec(e.subject)?.[1];
    if (incident) {
      subjectLabel = `incident ${references.get(e.subject) ?? incident}`;
      subjectUrl = `/console/incidents/${incident}`;
    } else if (apiKey && keys.get(apiKey)) {
      const named = keys.get(apiKey)!;
      subjectLabel = `key ${named.name} (${named.owner})`;
    } else if (tenant) {
      subjectLabel = `tenant ${tenant}`;
    }
    return { ...e, actorLabel, actorOwner: key?.owner ?? null, actorRole: key?.role ?? null, subjectLabel, subjectUrl };
  });
}
