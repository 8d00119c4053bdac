import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditListFilter, AuditRepository } from './audit.repository';
import { ChainedEntry, entryHash, GENESIS_HASH } from './canonical';

export interface AuditInput {
  actor: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** An entry as stored and shown: the chained fields plus the hash over them. */
export type AuditEntryView = ChainedEntry & { hash: string };

export interface AuditVerifyResult {
  ok: boolean;
  /** Entries checked, the bad one included. */
  entries: number;
  firstBadSeq: number | null;
  head: { seq: number; hash: string } | null;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AuditRepository,
  ) {}

  /** Appends inside the caller's transaction, so the entry lands exactly when the action does. */
  async append(manager: EntityManager, input: AuditInput): Promise<AuditEntryView> {
    await this.repository.lockChain(manager);
    const last = await this.repository.head(manager);
    const seq = last.seq !== null ? Number(last.seq) + 1 : 1;
    const prevHash = last.seq !== null ? (last.hash as string) : GENESIS_HASH;
    const at = new Date(last.now as Date).toISOString();
    const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
    const hash = entryHash({ seq, at, actor: input.actor, action: input.action, subject: input.subject, details, prevHash });
    await this.repository.insertEntry(manager, { seq, at, actor: input.actor, action: input.action, subject: input.subject, details, hash, prevHash });
    this.logger.debug(`#${seq} ${input.action} ${input.subject} by ${input.actor}`);
    return { seq, at, actor: input.actor, action: input.action, subject: input.subject, details, hash, prevHash };
  }

  /** Appends in a transaction of its own (worker milestones). */
  async record(input: AuditInput): Promise<AuditEntryView> {
    return this.dataSource.transaction((manager) => this.append(manager, input));
  }

  async list(options: AuditListFilter): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
    const rows = await this.repository.page(options);
    const items = rows.slice(0, options.limit).map(toView);
    return { items, nextCursor: rows.length > options.limit ? String(items[items.length - 1].seq) : null };
  }

  /**
   * Entries about these subjects, oldest first. With `tenant`, entries that name another tenant in
   * their details (acknowledgements, escalations) are left out: one tenant's evidence never shows another's.
   */
  async related(subjects: string[], tenant?: string): Promise<AuditEntryView[]> {
    const rows = await this.repository.related(subjects, tenant);
    return rows.map(toView);
  }

  /**
   * Walks the whole chain in seq order; the first entry whose hash or link does not hold is
   * reported. `head` is the last entry that verified: keep it elsewhere (a ticket, a signed mail)
   * and a later verify also proves nothing was cut off the end.
   */
  async verify(): Promise<AuditVerifyResult> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    let after = 0;
    for (;;) {
      const rows = await this.repository.chainAfter(after);
      if (rows.length === 0) break;
      for (const row of rows) {
        const { hash, ...entry } = toView(row);
        const recomputed = entryHash(entry);
        if (entry.seq !== expectedSeq || entry.prevHash !== prevHash || recomputed !== hash) {
          return { ok: false, entries: entries + 1, firstBadSeq: Math.min(entry.seq, expectedSeq), head: entries ? { seq: expectedSeq - 1, hash: prevHash } : null };
        }
        prevHash = hash;
        expectedSeq++;
        entries++;
        after = entry.seq;
      }
    }
    return { ok: true, entries, firstBadSeq: null, head: entries ? { seq: expectedSeq - 1, hash: prevHash } : null };
  }
}

function toView(row: Record<string, unknown>): AuditEntryView {
  return {
    seq: Number(row.seq),
    at: new Date(row.at as string).toISOString(),
    actor: row.actor as string,
    action: row.action as string,
    subject: row.subject as string,
    details: row.details as Record<string, unknown>,
    hash: row.hash as string,
    prevHash: row.prev_hash as string,
  };
}
