import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('tenant')
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'external_id', type: 'text', unique: true }) externalId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) locale: string;
  @Column({ type: 'text' }) country: string;
  @Column({ type: 'text' }) timezone: string;
  /** The legal regimes the tenant is under; null: by its country. */
  @Column({ type: 'text', array: true, nullable: true }) regimes: string[] | null;
  /** Hours the vendor's agreement gives from awareness to the first notice; null: NOTICE_DEADLINE_DEFAULT. */
  @Column({ name: 'notice_deadline_hours', type: 'int', nullable: true }) noticeDeadlineHours: number | null;
  /** The webhook signing secret, sealed (AES-256-GCM under a key derived from the acknowledgement key); null: none yet. */
  @Column({ name: 'webhook_secret', type: 'text', nullable: true, select: false }) webhookSecret: string | null;
  @Column({ name: 'webhook_secret_rotated_at', type: 'timestamptz', nullable: true }) webhookSecretRotatedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @OneToMany(() => ContactEntity, (c) => c.tenant) contacts?: ContactEntity[];
  @OneToMany(() => ExposureEntity, (e) => e.tenant) exposures?: ExposureEntity[];
}

@Entity('contact')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @ManyToOne(() => TenantEntity, (t) => t.contacts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'text' }) role: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  /** An https URL that takes signed CloudEvents (the webhook channel). */
  @Column({ type: 'text', nullable: true }) webhook: string | null;
  @Column({ type: 'int', default: 1 }) priority: number;
  @Column({ type: 'text', nullable: true }) locale: string | null;
}

@Entity('exposure')
export class ExposureEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @ManyToOne(() => TenantEntity, (t) => t.exposures, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'text' }) system: string;
  @Column({ name: 'sub_processor', type: 'text', nullable: true }) subProcessor: string | null;
  @Column({ name: 'data_categories', type: 'text', array: true }) dataCategories: string[];
  @Column({ name: 'from', type: 'date', nullable: true }) from: string | null;
  @Column({ name: 'to', type: 'date', nullable: true }) to: string | null;
  @Column({ name: 'data_subjects', type: 'bigint', default: 0 }) dataSubjects: string;
  @Column({ type: 'bigint', default: 0 }) records: string;
  @Column({ name: 'subject_categories', type: 'text', array: true, default: () => "'{}'" }) subjectCategories: string[];
}
