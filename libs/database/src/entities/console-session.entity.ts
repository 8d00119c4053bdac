import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A console sign-in. The cookie carries the session id; only its SHA-256 is stored, never the API key. */
@Entity('console_session')
export class ConsoleSessionEntity {
  @PrimaryColumn({ name: 'id_hash', type: 'text' }) idHash: string;
  @Column({ name: 'api_key_id', type: 'uuid' }) apiKeyId: string;
  /** Synchronizer token every console form must echo. */
  @Column({ name: 'csrf_token', type: 'text' }) csrfToken: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
}
