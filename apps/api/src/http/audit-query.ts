import { ApiKeysService } from '@app/access';
import { AuditEntryView, AuditListFilter } from '@app/audit';
import { FieldProblem, InvalidInputError, validateDto } from '@app/kernel';
import { AuditQuery } from '../dto/requests';

const INVALID = 'The audit query is invalid';

/**
 * The audit filter of a query (`GET /v1/audit` and the console's audit page): each field as its DTO
 * checks it, then what holds between fields: `to` not before `from`; `incident` (an incident id)
 * is the subject `incident:<id>`, so it may not name another subject than `subject`.
 */
export function auditFilter(query: Record<string, unknown>, limit: number): AuditListFilter {
  const { value, problems } = validateDto(AuditQuery, Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')));
  if (problems.length > 0) throw new InvalidInputError(INVALID, problems);
  const more: FieldProblem[] = [];
  if (value.from && value.to && Date.parse(value.to) < Date.parse(value.from)) more.push({ field: 'to', message: 'to must not be before from' });
  const incidentSubject = value.incident ? `incident:${value.incident.toLowerCase()}` : undefined;
  if (incidentSubject && value.subject && value.subject !== incidentSubject) more.push({ field: 'incident', message: 'incident and subject name different subjects: give one of them' });
  if (more.length > 0) throw new InvalidInputError(INVALID, more);
  return {
    limit,
    cursor: value.cursor ? Number(value.cursor) : undefined,
    action: value.action,
    actor: value.actor ? value.actor.replace(/^(system|[0-9a-f-]{36})$/i, (m) => m.toLowerCase()) : undefined,
    subject: value.subject ?? incidentSubject,
    from: value.from,
    to: value.to,
  };
}

/** Who an entry's actor is, in words: the key's name, owner and role; null for `system` and tenants. */
export interface ActorNames {
  actorName: string | null;
  actorOwner: string | null;
  actorRole: string | null;
}

/** The entries with the name, owner and role of each key that acted (one read for the page). */
export async function withActors<T extends Pick<AuditEntryView, 'actor'>>(items: T[], keys: ApiKeysService): Promise<(T & ActorNames)[]> {
  const known = await keys.describe(items.map((e) => e.actor));
  return items.map((e) => {
    const key = known.get(e.actor);
    return { ...e, actorName: key?.name ?? null, actorOwner: key?.owner ?? null, actorRole: key?.role ?? null };
  });
}
