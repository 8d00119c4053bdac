import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One lock key for the chain: appends from every process take their turn inside their own transaction. */
const CHAIN_LOCK = 7_263_552_001;

export interface AuditListFilter {
  limit: number;
  cursor?: number;
  action?: string;
  actor?: string;
  subject?: string;
  from?: string;
  to?: string;
}

/** The chain's last entry (seq and hash null on an empty chain) and the database's clock. */
export interface ChainHead {
  seq: string | number | null;
  hash: string | null;
  now: Date;
}

/** The SQL of the audit_entry table. Rows come back as stored (snake_case). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Takes the chain's lock for the rest of the caller's transaction. */
  async lockChain(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  }

  /** The time comes from the database under the lock: one clock for every process, so `at` never runs backwards along the chain. */
  async head(manager: EntityManager): Promise<ChainHead> {
    const [last] = await manager.query(
      'SELECT e.seq, e.hash, clock_timestamp() AS now FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1) e ON true',
    );
    return last;
  }

  async insertEntry(
    manager: EntityManager,
    e: { seq: number; at: string; actor: string; action: string; subject: string; details: Record<string, unknown>; hash: string; prevHash: string },
  ): Promise<void> {
    await manager.query(
      'INSERT INTO audit_entry (seq, at, actor, action, subject, details, hash, prev_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [e.seq, e.at, e.actor, e.action, e.subject, e.details, e.hash, e.prevHash],
    );
  }

  /** Up to `limit + 1` entries after the cursor that match the filter, in seq order (the extra one tells there is a next page). */
  async page(options: AuditListFilter): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT * FROM audit_entry
        WHERE ($1::bigint IS NULL OR seq > $1) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR actor = $3)
          AND ($4::text IS NULL OR subject = $4) AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at <= $6)
        ORDER BY seq LIMIT $7`,
      [options.cursor ?? null, options.action ?? null, options.actor ?? null, options.subject ?? null, options.from ?? null, options.to ?? null, options.limit + 1],
    );
  }

  /** Entries about these subjects, oldest first; with `tenant`, none that names another tenant in its details. */
  async related(subjects: string[], tenant?: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT * FROM audit_entry WHERE subject = ANY($1::text[]) AND ($2::text IS NULL OR NOT details ? 'tenant' OR details->>'tenant' = $2)
        ORDER BY seq LIMIT 10000`,
      [subjects, tenant ?? null],
    );
  }

  /** The next 5,000 entries after `after`, in seq order. */
  async chainAfter(after: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query('SELECT * FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT 5000', [after]);
  }
}
