import { Locale } from '@app/kernel';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface DueTenant {
  id: string;
  incident_id: string;
  version: number;
  tenant_id: string;
  kind: 'initial' | 'update';
  notified_priority: number | null;
  external_id: string;
  locale: Locale;
}

/** The SQL of escalation: affected tenants due for it, and where their notices went. */
@Injectable()
export class EscalationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Up to `batch` affected tenants, oldest first sent, unacknowledged for `escalateAfterMs` since their first notice
   * or last escalation, locked for the caller's transaction (SKIP LOCKED: another process takes the others).
   * Only the latest dispatched version of an incident escalates: an older one is superseded by its update.
   */
  lockDue(manager: EntityManager, escalateAfterMs: number, batch: number): Promise<DueTenant[]> {
    return manager.query(
      `SELECT a.id, a.incident_id, a.version, a.tenant_id, a.kind, a.notified_priority, t.external_id, t.locale
           FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id JOIN incident i ON i.id = a.incident_id
          WHERE a.acknowledged_at IS NULL AND NOT a.escalation_exhausted AND a.kind <> 'withdrawn' AND i.closed_at IS NULL
            AND a.first_sent_at IS NOT NULL AND COALESCE(a.escalated_at, a.first_sent_at) <= now() - ($1::bigint * interval '1 millisecond')
            AND NOT EXISTS (SELECT 1 FROM incident_version later
                             WHERE later.incident_id = a.incident_id AND later.version > a.version AND later.dispatched_at IS NOT NULL)
          ORDER BY a.first_sent_at LIMIT $2 FOR UPDATE OF a SKIP LOCKED`,
      [escalateAfterMs, batch],
    );
  }

  async markExhausted(manager: EntityManager, affectedId: string): Promise<void> {
    await manager.query('UPDATE affected_tenant SET escalation_exhausted = true WHERE id = $1', [affectedId]);
  }

  async markEscalated(manager: EntityManager, affectedId: string, priority: number): Promise<void> {
    await manager.query('UPDATE affected_tenant SET notified_priority = $2, escalated_at = now() WHERE id = $1', [affectedId, priority]);
  }

  /** Channel and address of every notice of these affected tenants. */
  addressesOf(manager: EntityManager, affectedIds: string[]): Promise<{ affected_id: string; channel: string; to: string }[]> {
    return manager.query('SELECT affected_id, channel, "to" FROM notice WHERE affected_id = ANY($1::uuid[])', [affectedIds]);
  }

  /** Emails to the affected tenant, and how many of them failed or bounced. */
  async emailOutcomes(affectedId: string): Promise<{ emails: number; dead: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE channel = 'email')::int AS emails,
              count(*) FILTER (WHERE channel = 'email' AND status IN ('failed', 'bounced'))::int AS dead
         FROM notice WHERE affected_id = $1`,
      [affectedId],
    );
    return row;
  }

  /**
   * One affected tenant that can still escalate, whatever the time since its first notice (every email to it
   * failed or bounced), locked for the caller's transaction like `lockDue`. Its recorded first-sent time stays as it is.
   */
  lockUnreachable(manager: EntityManager, affectedId: string): Promise<DueTenant[]> {
    return manager.query(
      `SELECT a.id, a.incident_id, a.version, a.tenant_id, a.kind, a.notified_priority, t.external_id, t.locale
           FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id JOIN incident i ON i.id = a.incident_id
          WHERE a.id = $1 AND a.acknowledged_at IS NULL AND NOT a.escalation_exhausted AND a.kind <> 'withdrawn' AND i.closed_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM incident_version later
                             WHERE later.incident_id = a.incident_id AND later.version > a.version AND later.dispatched_at IS NOT NULL)
          FOR UPDATE OF a SKIP LOCKED`,
      [affectedId],
    );
  }
}
