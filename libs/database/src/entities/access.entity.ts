import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const ROLES = ['admin', 'approver', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) role: Role;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  @Column({ name: 'key_hash', type: 'text', unique: true }) keyHash: string;
  @Column({ name: 'key_prefix', type: 'text' }) keyPrefix: string;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  /** The person who holds the key (e.g. an email); `bootstrap` for the key from ADMIN_API_KEY. */
  @Column({ type: 'text' }) owner: string;
  /** Set when the key authenticates, at most once a minute. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
  /** The key made from ADMIN_API_KEY: a different value at start revokes it. */
  @Column({ type: 'boolean', default: false }) bootstrap: boolean;
}

@Entity('audit_entry')
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) subject: string;
  @Column({ type: 'jsonb' }) details: Record<string, unknown>;
  @Column({ type: 'text' }) hash: string;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash: string;
}

/** Secrets the service makes for itself on first start (e.g. the acknowledgement-link key). */
@Entity('app_secret')
export class AppSecretEntity {
  @PrimaryColumn({ type: 'text' }) name: string;
  @Column({ type: 'text' }) value: string;
}
