import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What each tenant was told per incident version: evidence reads it whole, preview asks whether a tenant was told before. */
@Injectable()
export class TenantHistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findTenant(externalId: string): Promise<Record<string, any> | undefined> {
    const [tenant] = await this.dataSource.query('SELECT id, external_id, name, locale, country, timezone FROM tenant WHERE external_id = $1', [externalId]);
    return tenant;
  }

  async findIncident(incidentId: string): Promise<Record<string, any> | undefined> {
    const [incident] = await this.dataSource.query('SELECT id, reference, current_version, created_at, closed_at FROM incident WHERE id = $1', [incidentId]);
    return incident;
  }

  /** Every version of the incident, oldest first, with this tenant's affected_tenant row where it has one (affected_id null otherwise). */
  versionsForTenant(incidentId: string, tenantId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT v.version, v.status, v.created_at, v.approved_at, v.dispatched_at, v.planned_at, v.completed_at, v.change_summary, v.body,
              a.id AS affected_id, a.kind, a.facts, a.first_sent_at, a.escalated_at, a.escalation_exhausted, a.acknowledged_at, a.ack_ip, a.ack_user_agent
         FROM incident_version v
         LEFT JOIN affected_tenant a ON a.incident_id = v.incident_id AND a.version = v.version AND a.tenant_id = $2
        WHERE v.incident_id = $1 ORDER BY v.version`,
      [incidentId, tenantId],
    );
  }

  /** Whether the tenant was told about the incident (and not that it was withdrawn) in a version before `version`. */
  async toldBefore(incidentId: string, version: number, tenantId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT 1 FROM affected_tenant WHERE incident_id = $1 AND version < $2 AND tenant_id = $3 AND kind <> 'withdrawn' LIMIT 1`,
      [incidentId, version, tenantId],
    );
    return Boolean(row);
  }
}
