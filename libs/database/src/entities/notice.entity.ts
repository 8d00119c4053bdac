import { Channel } from '@app/kernel';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const NOTICE_STATUSES = ['pending', 'queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'undelivered'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

@Entity('notice')
export class NoticeEntity {
  @PrimaryColumn('uuid') id: string;
  /** Insertion order, for stable keyset paging. */
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column({ name: 'incident_id', type: 'uuid' }) incidentId: string;
  @Column({ type: 'int' }) version: number;
  @Column({ name: 'affected_id', type: 'uuid' }) affectedId: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'tenant_external_id', type: 'text' }) tenantExternalId: string;
  @Column({ name: 'contact_id', type: 'uuid' }) contactId: string;
  @Column({ name: 'contact_role', type: 'text' }) contactRole: string;
  @Column({ name: 'contact_name', type: 'text', nullable: true }) contactName: string | null;
  @Column({ name: 'contact_priority', type: 'int' }) contactPriority: number;
  @Column({ type: 'text' }) channel: Channel;
  @Column({ name: 'to', type: 'text' }) to: string;
  @Column({ type: 'text' }) locale: string;
  @Column({ type: 'text' }) kind: 'initial' | 'update' | 'withdrawn';
  @Column({ type: 'boolean', default: false }) escalated: boolean;
  @Column({ type: 'text' }) status: NoticeStatus;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ name: 'provider_message_id', type: 'text', nullable: true }) providerMessageId: string | null;
  @Column({ name: 'message_id', type: 'text', nullable: true }) messageId: string | null;
  @Column({ type: 'text', nullable: true }) subject: string | null;
  @Column({ name: 'content_hash', type: 'text', nullable: true }) contentHash: string | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true }) queuedAt: Date | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
}

@Entity('notice_event')
export class NoticeEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ name: 'notice_id', type: 'uuid' }) noticeId: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'jsonb', nullable: true }) detail: Record<string, unknown> | null;
  /** Set on provider reports (hash of provider and report identity); unique, so a replayed report is kept once. */
  @Column({ name: 'dedupe_key', type: 'text', nullable: true }) dedupeKey: string | null;
}

/** A message captured by a sandbox driver instead of leaving the machine. */
@Entity('sandbox_message')
export class SandboxMessageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) channel: Channel;
  @Column({ name: 'to', type: 'text' }) to: string;
  @Column({ name: 'from', type: 'text', nullable: true }) from: string | null;
  @Column({ type: 'text', nullable: true }) subject: string | null;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'text', nullable: true }) html: string | null;
  @Column({ type: 'jsonb', nullable: true }) headers: Record<string, unknown> | null;
  @Column({ name: 'provider_id', type: 'text' }) providerId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
