import { APP_CONFIG, AppConfig } from '@app/config';
import { CHANNEL_CATALOG, ChannelCatalog, CHANNELS, Locale } from '@app/kernel';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { AffectedTenantsRepository, ContactRow, contactsAtNextPriority } from '@app/scope';
import { DueTenant, EscalationRepository } from './escalation.repository';
import { NoticeFeeder, NoticePlanner } from '@app/dispatch';

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
    private readonly repository: EscalationRepository,
    @Inject(CHANNEL_CATALOG) private readonly channels: ChannelCatalog,
  ) {}

  escalateDue(batch = 500): Promise<{ escalated: number; exhausted: number }> {
    // Only the latest dispatched version of an incident escalates: an older one is superseded by its update.
    return this.escalate((manager) => this.repository.lockDue(manager, this.config.escalateAfterMs, batch));
  }

  private async escalate(lock: (manager: EntityManager) => Promise<DueTenant[]>): Promise<{ escalated: number; exhausted: number }> {
    let escalated = 0;
    let exhausted = 0;
    const affectedIds = await this.dataSource.transaction(async (manager) => {
      const due = await lock(manager);
      if (due.length === 0) return [];
      const contacts = await this.affected.contacts(due.map((d) => d.tenant_id), manager);
      const reached = await this.addressesReached(manager, due.map((d) => d.id));
      const planned: string[] = [];
      for (const d of due) {
        const next = contactsAtNextPriority(contacts.get(d.tenant_id) ?? [], d.notified_priority);
        if (next.length === 0) {
          await this.repository.markExhausted(manager, d.id);
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
        await this.repository.markEscalated(manager, d.id, next[0].priority);
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
    const rows = await this.repository.addressesOf(manager, affectedIds);
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
    const row = await this.repository.emailOutcomes(affectedId);
    if (row.emails === 0 || row.emails !== row.dead) return;
    // Due now, without waiting ESCALATE_AFTER; the time its first notice went stays recorded as it was.
    await this.escalate((manager) => this.repository.lockUnreachable(manager, affectedId));
  }
}
