import { APP_CONFIG, AppConfig } from '@app/config';
import { CHANNEL_CATALOG, ChannelCatalog, CHANNELS } from '@app/kernel';
import { Locale } from '@app/templates';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { AffectedTenantsRepository, ContactRow, contactsAtNextPriority } from '@app/incidents';
import { NoticeFeeder } from './notice-feeder';
import { NoticePlanner } from './notice-planner';

interface DueTenant {
  id: string;
  incident_id: string;
  version: number;
  tenant_id: string;
  kind: 'initial' | 'update';
  notified_priority: number | null;
  external_id: string;
  locale: Locale;
}

const addressKey = (channel: string, to: string) => `${channel}:${to.trim().toLowerCase()}`;

/** The contacts with addresses already reached for this version (or twice in the group) taken out: nobody is told the same thing twice. */
function withoutReached(contacts: ContactRow[], reached: Set<string> | undefined, channels: ChannelCatalog): ContactRow[] {
  const seen = new Set(reached);
  return contacts.map((c) => {
    const fresh = { ...c };
    for (const channel of CHANNELS) {
      const field = channels.addressField(channel);
      const to = fresh[field];
      if (!to) continue;
      const key = addressKey(channel, to);
      if (seen.has(key)) fresh[field] = null;
      else seen.add(key);
    }
    return fresh;
  });
}

/**
 * A tenant that has not acknowledged `ESCALATE_AFTER` after its first notice of a version was sent
 * (or after its last escalation) is told again through its next contacts, by email and SMS where they have a phone.
 */
@Injectable()
export class EscalationService {
  private readonly logger = new Logger('Escalation');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly affected: AffectedTenantsRepository,
    private readonly planner: NoticePlanner,
    private readonly audit: AuditService,
    private readonly feeder: NoticeFeeder,
    @Inject(CHANNEL_CATALOG) private readonly channels: ChannelCatalog,
  ) {}

  async escalateDue(batch = 500): Promise<{ escalated: number; exhausted: number }> {
    let escalated = 0;
    let exhausted = 0;
    const affectedIds = await this.dataSource.transaction(async (manager) => {
      // Only the latest dispatched version of an incident escalates: an older one is superseded by its update.
      const due: DueTenant[] = await manager.query(
        `SELECT a.id, a.incident_id, a.version, a.tenant_id, a.kind, a.notified_priority, t.external_id, t.locale
           FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id JOIN incident i ON i.id = a.incident_id
          WHERE a.acknowledged_at IS NULL AND NOT a.escalation_exhausted AND a.kind <> 'withdrawn' AND i.closed_at IS NULL
            AND a.first_sent_at IS NOT NULL AND COALESCE(a.escalated_at, a.first_sent_at) <= now() - ($1::bigint * interval '1 millisecond')
            AND NOT EXISTS (SELECT 1 FROM incident_version later
                             WHERE later.incident_id = a.incident_id AND later.version > a.version AND later.dispatched_at IS NOT NULL)
          ORDER BY a.first_sent_at LIMIT $2 FOR UPDATE OF a SKIP LOCKED`,
        [this.config.escalateAfterMs, batch],
      );
      if (due.length === 0) return [];
      const contacts = await this.affected.contacts(due.map((d) => d.tenant_id), manager);
      const reached = await this.addressesReached(manager, due.map((d) => d.id));
      const planned: string[] = [];
      for (const d of due) {
        const next = contactsAtNextPriority(contacts.get(d.tenant_id) ?? [], d.notified_priority);
        if (next.length === 0) {
          await manager.query('UPDATE affected_tenant SET escalation_exhausted = true WHERE id = $1', [d.id]);
          // The proof of who was told includes who could not be told any further.
          await this.audit.append(manager, {
            actor: 'system',
            action: 'tenant.escalation_exhausted',
            subject: `incident:${d.incident_id}`,
            details: { version: d.version, tenant: d.external_id, lastPriority: d.notified_priority },
          });
          this.logger.warn(`tenant ${d.external_id} has not acknowledged incident ${d.incident_id} v${d.version} and has no further contacts; nothing more is sent`);
          exhausted++;
          continue;
        }
        const fresh = withoutReached(next, reached.get(d.id), this.channels);
        const notices = await this.planner.plan(manager, [
          {
            incidentId: d.incident_id,
            version: d.version,
            affectedId: d.id,
            tenantId: d.tenant_id,
            tenantExternalId: d.external_id,
            tenantLocale: d.locale,
            kind: d.kind,
            escalated: true,
            contacts: fresh,
            channels: [...CHANNELS],
          },
        ]);
        await manager.query('UPDATE affected_tenant SET notified_priority = $2, escalated_at = now() WHERE id = $1', [d.id, next[0].priority]);
        await this.audit.append(manager, {
          actor: 'system',
          action: 'tenant.escalated',
          subject: `incident:${d.incident_id}`,
          details: { version: d.version, tenant: d.external_id, priority: next[0].priority, contacts: next.length, notices },
        });
        this.logger.log(
          `tenant ${d.external_id} has not acknowledged incident ${d.incident_id} v${d.version}: escalated to priority ${next[0].priority} (${notices} new notices)`,
        );
        planned.push(d.id);
        escalated++;
      }
      return planned;
    });
    // The new notices wait in PostgreSQL as queued; the feeder hands them to Bull.
    if (affectedIds.length > 0) this.feeder.nudge();
    return { escalated, exhausted };
  }

  /** Per affected tenant, the addresses its notices of this version already went to (by channel). */
  private async addressesReached(manager: EntityManager, affectedIds: string[]): Promise<Map<string, Set<string>>> {
    const rows: { affected_id: string; channel: string; to: string }[] = await manager.query(
      'SELECT affected_id, channel, "to" FROM notice WHERE affected_id = ANY($1::uuid[])',
      [affectedIds],
    );
    const reached = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = reached.get(r.affected_id) ?? new Set<string>();
      set.add(addressKey(r.channel, r.to));
      reached.set(r.affected_id, set);
    }
    return reached;
  }

  /** Every email to the tenant for this version failed or bounced: escalate now instead of waiting. */
  async escalateNowIfUnreachable(affectedId: string): Promise<void> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE channel = 'email')::int AS emails,
              count(*) FILTER (WHERE channel = 'email' AND status IN ('failed', 'bounced'))::int AS dead
         FROM notice WHERE affected_id = $1`,
      [affectedId],
    );
    if (row.emails === 0 || row.emails !== row.dead) return;
    await this.dataSource.query(
      `UPDATE affected_tenant SET first_sent_at = COALESCE(first_sent_at, now()) - ($2::bigint * interval '1 millisecond'), escalated_at = NULL
        WHERE id = $1 AND acknowledged_at IS NULL AND NOT escalation_exhausted`,
      [affectedId, this.config.escalateAfterMs],
    );
    await this.escalateDue();
  }
}
