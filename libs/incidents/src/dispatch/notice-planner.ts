import { QueueProducer } from '@app/queue';
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
];

/** Turns recipients into notice rows (exactly once, by the unique key) and queues the ones not queued yet. */
@Injectable()
export class NoticePlanner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: QueueProducer,
  ) {}

  /** Inserts one notice per contact and channel with an address; returns how many rows were new. */
  async plan(manager: EntityManager, recipients: PlannedRecipient[]): Promise<number> {
    const rows: unknown[][] = [];
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
            'pending',
          ]);
        }
      }
    }
    if (rows.length === 0) return 0;
    const inserted = await bulkInsert(manager, 'notice', NOTICE_COLUMNS, rows, 'ON CONFLICT (incident_id, version, contact_id, channel) DO NOTHING RETURNING id');
    return inserted.length;
  }

  /** Queues every still-pending notice of these affected tenants; safe to repeat (job id = notice id). */
  async enqueuePending(affectedIds: string[]): Promise<number> {
    if (affectedIds.length === 0) return 0;
    const pending: { id: string; channel: Channel }[] = await this.dataSource.query(
      `SELECT id, channel FROM notice WHERE affected_id = ANY($1::uuid[]) AND status = 'pending'`,
      [affectedIds],
    );
    if (pending.length === 0) return 0;
    await this.queue.enqueueSends(pending.map((n) => ({ noticeId: n.id, channel: n.channel })));
    await this.dataSource.query(`UPDATE notice SET status = 'queued', queued_at = now(), updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [
      pending.map((n) => n.id),
    ]);
    return pending.length;
  }
}
