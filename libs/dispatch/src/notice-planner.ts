import { uuid7 } from '@app/database';
import { CHANNEL_CATALOG, ChannelCatalog } from '@app/kernel';
import { Channel, Locale } from '@app/templates';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ContactRow } from '@app/scope';
import { FanoutRepository } from './fanout.repository';

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

/**
 * Turns recipients into notice rows, exactly once by the unique key. Rows are born `queued` and wait in
 * PostgreSQL; the NoticeFeeder hands them to Bull after the caller's transaction commits.
 */
@Injectable()
export class NoticePlanner {
  constructor(
    private readonly repository: FanoutRepository,
    @Inject(CHANNEL_CATALOG) private readonly channels: ChannelCatalog,
  ) {}

  /** Inserts one notice per contact and channel with an address; returns how many rows were new. */
  async plan(manager: EntityManager, recipients: PlannedRecipient[]): Promise<number> {
    const rows: unknown[][] = [];
    const now = new Date();
    for (const r of recipients) {
      for (const contact of r.contacts) {
        for (const channel of r.channels) {
          const to = this.channels.addressOf(channel, contact);
          if (!to) continue;
          rows.push([
            uuid7(),
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
    if (rows.length === 0) return 0;
    // Seqs must become visible in the order they are drawn, or the feeder's cursor could pass a notice still being written.
    await this.repository.lockNoticeSeq(manager);
    const inserted = await this.repository.insertNotices(manager, rows);
    if (inserted.length > 0) {
      // completedAt means every notice of the version has settled: an escalation's new notices reopen it.
      const reopened = new Map(recipients.filter((r) => r.escalated).map((r) => [`${r.incidentId}:${r.version}`, r]));
      for (const r of reopened.values()) {
        await this.repository.reopenVersion(manager, r.incidentId, r.version);
      }
    }
    return inserted.length;
  }
}
