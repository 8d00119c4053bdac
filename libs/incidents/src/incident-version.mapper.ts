import { IncidentVersionEntity } from '@app/database';

/** A row of `incident_version` (snake_case, as raw queries return it) as the entity. */
export function toVersion(row: Record<string, unknown>): IncidentVersionEntity {
  return {
    id: row.id as string,
    incidentId: row.incident_id as string,
    version: row.version as number,
    status: row.status as IncidentVersionEntity['status'],
    body: row.body as Record<string, unknown>,
    changeSummary: row.change_summary,
    createdBy: row.created_by as string | null,
    approvedBy: row.approved_by as string | null,
    approvedAt: row.approved_at as Date | null,
    dispatchedAt: row.dispatched_at as Date | null,
    plannedAt: row.planned_at as Date | null,
    completedAt: row.completed_at as Date | null,
    fanoutCursor: row.fanout_cursor as IncidentVersionEntity['fanoutCursor'],
    createdAt: row.created_at as Date,
  };
}
