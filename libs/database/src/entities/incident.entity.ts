import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type VersionStatus = 'draft' | 'approved' | 'dispatching' | 'dispatched' | 'closed';

@Entity('incident')
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) reference: string;
  @Column({ name: 'current_version', type: 'int', default: 1 }) currentVersion: number;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One version of an incident: what was known at that time, and how its notices went out. */
@Entity('incident_version')
export class IncidentVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'incident_id', type: 'uuid' }) incidentId: string;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text' }) status: VersionStatus;
  /** The incident body as filed (validated DTO), with text fields as string or map by locale. */
  @Column({ type: 'jsonb' }) body: Record<string, unknown>;
  @Column({ name: 'change_summary', type: 'jsonb', nullable: true }) changeSummary: unknown;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt: Date | null;
  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true }) dispatchedAt: Date | null;
  @Column({ name: 'planned_at', type: 'timestamptz', nullable: true }) plannedAt: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  /** Keyset cursor of the fan-out: the last tenant id planned, and the phase. */
  @Column({ name: 'fanout_cursor', type: 'jsonb', nullable: true }) fanoutCursor: { phase: string; after: string | null } | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One tenant affected by (or withdrawn from) one incident version, with its own facts. */
@Entity('affected_tenant')
export class AffectedTenantEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'incident_id', type: 'uuid' }) incidentId: string;
  @Column({ type: 'int' }) version: number;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ type: 'text' }) kind: 'initial' | 'update' | 'withdrawn';
  @Column({ type: 'jsonb' }) facts: Record<string, unknown>;
  @Column({ name: 'first_sent_at', type: 'timestamptz', nullable: true }) firstSentAt: Date | null;
  /**
   * When the tenant was first told about the incident: this row's first notice or that of an earlier version's row
   * it was not withdrawn in (a withdrawn row: its own). Kept by the fan-out and triggers (migration LateTenants).
   */
  @Column({ name: 'told_at', type: 'timestamptz', nullable: true }) toldAt: Date | null;
  /** When the tenant's first notice is due: awareAt + its notice deadline. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt: Date | null;
  /** Highest contact priority number notified so far (escalation walks up from the lowest). */
  @Column({ name: 'notified_priority', type: 'int', nullable: true }) notifiedPriority: number | null;
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true }) escalatedAt: Date | null;
  @Column({ name: 'escalation_exhausted', type: 'boolean', default: false }) escalationExhausted: boolean;
  /** SHA-256 of the acknowledgement token (the token itself is an HMAC, shown only in notices). */
  @Column({ name: 'ack_token_hash', type: 'text', unique: true }) ackTokenHash: string;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt: Date | null;
  @Column({ name: 'ack_ip', type: 'text', nullable: true }) ackIp: string | null;
  @Column({ name: 'ack_user_agent', type: 'text', nullable: true }) ackUserAgent: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
