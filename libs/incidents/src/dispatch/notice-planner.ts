import { QueueProducer, SendRequest } from '@app/queue';
import { Channel, Locale } from '@app/templates';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { bulkInsert } from '../bulk-insert';
import { ContactRow } from '../incidents/affected-tenants.repository';

export interface PlannedRecipient {
  incidentId: string;
  version: number;
  affectedId: string;
  tenantId: string;
  tenantExternalId: string;
  tenantLocale: Locale;
  kind: 'initial' | 'update' | 'withdrawn';
  escalated: boolean;
  contacts: ContactRow[];
  channels: Channel[];
}

const NOTICE_COLUMNS = [
  'id',
  'incident_id',
  'version',
  'affected_id',
  'tenant_id',
  'tenant_external_id',
  'contact_id',
  'contact_role',
  'contact_name',
  'contact_priority',
  'channel',
  'to',
  'locale',
  'kind',
  'escalated',
  'status',
  'queued_at',
];

/** Turns recipients into notice rows (exactly once, by the unique key) and queues the ones not queued yet. */
@Injectable()
export class NoticePlanner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: QueueProducer,
  ) {}

  /**
   * Inserts one notice per contact and channel with an address; returns how many rows were new.
   * Rows are born `queued`: the caller adds their jobs right after commit (enqueuePending). Marking
   * them afterwards rewrote every row and all seven of its index entries a second time (status is
   * indexed, so no HOT update) — half the fan-out's database work. If the caller dies in between,
   * the page runs again from its cursor and enqueuePending adds the jobs; else the sweeper does.
   */
  async plan(manager: EntityManager, recipients: PlannedRecipient[]): Promise<number> {
    return (await this.planRows(manager, recipients)).inserted.length;
  }

  /** As plan, with the new notices to enqueue; `complete` is false when some already existed (a page run again). */
  async planRows(manager: EntityManager, recipients: PlannedRecipient[]): Promise<{ inserted: SendRequest[]; complete: boolean }> {
    const rows: unknown[][] = [];
    const now = new Date();
    for (const r of recipients) {
      for (const contact of r.contacts) {
        for (const channel of r.channels) {
          const to = channel === 'email' ? contact.email : contact.phone;
          if (!to) continue;
          rows.push([
            randomUUID(),
            r.incidentId,
            r.version,
            r.affectedId,
            r.tenantId,
            r.tenantExternalId,
            contact.id,
            contact.role,
            contact.name,
            contact.priority,
            channel,
            to,
            contact.locale ?? r.tenantLocale,
            r.kind,
            r.escalated,
            'queued',
            now,
          ]);
        }
      }
    }
    if (rows.length === 0) return { inserted: [], complete: true };
    const inserted = await bulkInsert<{ id: string; channel: Channel }>(
      manager,
      'notice',
      NOTICE_COLUMNS,
      rows,
      'ON CONFLICT (incident_id, version, contact_id, channel) DO NOTHING RETURNING id, channel',
    );
    return { inserted: inserted.map((n) => ({ noticeId: n.id, channel: n.channel })), complete: inserted.length === rows.length };
  }

  /** Adds the send jobs of notices planRows just inserted (after their transaction committed). */
  async enqueue(notices: SendRequest[]): Promise<void> {
    if (notices.length > 0) await this.queue.enqueueSends(notices);
  }

  /**
   * Adds the send jobs of every notice of these affected tenants not yet sending; safe to repeat: a job
   * id is the notice id, so a job still held by Bull is not added twice, and the sender skips a notice
   * already past `queued`. Rows still `pending` (planned before notices were born queued) are marked.
   */
  async enqueuePending(affectedIds: string[]): Promise<number> {
    if (affectedIds.length === 0) return 0;
    const open: { id: string; channel: Channel; status: 'pending' | 'queued' }[] = await this.dataSource.query(
      `SELECT id, channel, status FROM notice WHERE affected_id = ANY($1::uuid[]) AND status IN ('pending', 'queued')`,
      [affectedIds],
    );
    if (open.length === 0) return 0;
    await this.queue.enqueueSends(open.map((n) => ({ noticeId: n.id, channel: n.channel })));
    const pending = open.filter((n) => n.status === 'pending').map((n) => n.id);
    if (pending.length > 0) {
      await this.dataSource.query(`UPDATE notice SET status = 'queued', queued_at = now(), updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [pending]);
    }
    return open.length;
  }
}
