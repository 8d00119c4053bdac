import { Channel, CHANNEL_CATALOG, ChannelCatalog, CHANNELS } from '@app/kernel';
import { IncidentVersionEntity } from '@app/database';
import { AffectedTenantsRepository, contactsAtNextPriority, IncidentBody, IncidentsService, RenderCheck, RenderProblem } from '@app/incidents';
import { Locale } from '@app/templates';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AckTokensService } from '@app/ack';
import { NoticeComposer } from './notice-composer';
import { TenantHistoryRepository } from './tenant-history.repository';

export interface PreviewMessage {
  channel: Channel;
  to: string;
  contactRole: string;
  locale: Locale;
  subject: string | null;
  text: string;
  html: string | null;
}

/**
 * Sample notices of an incident's current version, rendered as they will be sent (with the very ack
 * link), and the render check that stops dispatch: it registers itself with IncidentsService.
 */
@Injectable()
export class PreviewService implements RenderCheck, OnModuleInit {
  constructor(
    private readonly history: TenantHistoryRepository,
    private readonly incidents: IncidentsService,
    private readonly affected: AffectedTenantsRepository,
    private readonly composer: NoticeComposer,
    private readonly ackTokens: AckTokensService,
    @Inject(CHANNEL_CATALOG) private readonly channels: ChannelCatalog,
  ) {}

  onModuleInit(): void {
    this.incidents.useRenderCheck(this);
  }

  async preview(id: string, limit: number): Promise<Record<string, unknown>> {
    const { version: v } = await this.incidents.currentVersion(id);
    const body = v.body as unknown as IncidentBody;
    const [affectedTenants, counts, languageGaps] = await Promise.all([
      this.affected.count(body.scope),
      this.affected.plannedCounts(body.scope),
      this.incidents.languageGaps(v),
    ]);
    const page = await this.affected.page(body.scope, null, limit, 'external_id');
    const renderErrors: RenderProblem[] = [];
    const samples = [];
    for (const tenant of page.tenants) {
      const messages: PreviewMessage[] = [];
      for (const contact of contactsAtNextPriority(tenant.contacts, null)) {
        for (const message of await this.renderFor(v, tenant, contact, renderErrors, undefined, 'redacted')) messages.push(message);
      }
      samples.push({ tenant: tenant.externalId, name: tenant.name, locale: tenant.locale, facts: withoutInternal(tenant.facts), messages });
    }
    return {
      version: v.version,
      status: v.status,
      affectedTenants,
      plannedNotices: Object.fromEntries(CHANNELS.map((c) => [c, body.channels.includes(c) ? counts[c] : 0])),
      samples,
      renderErrors,
      languageGaps,
    };
  }

  /** Renders one notice per language and kind in use, so a template or data problem stops dispatch before anything is sent. */
  async renderCheck(v: IncidentVersionEntity): Promise<RenderProblem[]> {
    const body = v.body as unknown as IncidentBody;
    const errors: RenderProblem[] = [];
    const page = await this.affected.page(body.scope, null, 200, 'id');
    const seen = new Set<string>();
    for (const tenant of page.tenants) {
      const kind = await this.kindFor(v, tenant.id);
      for (const contact of contactsAtNextPriority(tenant.contacts, null)) {
        const key = `${contact.locale ?? tenant.locale}:${kind}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await this.renderFor(v, tenant, contact, errors, kind);
      }
    }
    return errors;
  }

  private async renderFor(
    v: IncidentVersionEntity,
    tenant: Awaited<ReturnType<AffectedTenantsRepository['page']>>['tenants'][number],
    contact: Awaited<ReturnType<AffectedTenantsRepository['page']>>['tenants'][number]['contacts'][number],
    errors: RenderProblem[],
    kind?: 'initial' | 'update',
    link: 'real' | 'redacted' = 'real',
  ): Promise<PreviewMessage[]> {
    const body = v.body as unknown as IncidentBody;
    // Whoever holds the link acknowledges in the tenant's name: previews (for every role) show it redacted,
    // as long as the real one, so the SMS they show counts and cuts the same as the one sent.
    const ackUrl = link === 'real' ? this.ackTokens.url(await this.ackTokens.token(v.incidentId, v.version, tenant.id)) : this.ackTokens.redactedUrl();
    kind ??= await this.kindFor(v, tenant.id);
    const view = this.composer.compose({
      version: { body, version: v.version, changeSummary: v.changeSummary, kind },
      tenant,
      contact: {
        name: contact.name,
        role: contact.role,
        locale: contact.locale,
        toldBefore: kind === 'update',
        emailAlso: body.channels.includes('email') && Boolean(this.channels.addressOf('email', contact)),
      },
      ackUrl,
    });
    const messages: PreviewMessage[] = [];
    for (const channel of body.channels) {
      const to = this.channels.addressOf(channel, contact);
      if (!to) continue;
      try {
        const stored = { body, facts: tenant.facts, acknowledgedAt: null, regimes: tenant.regimes, country: tenant.country };
        const { subject, text, html } = this.composer.render(view, this.channels.renderTarget(channel), stored);
        messages.push({ channel, to, contactRole: contact.role, locale: view.locale, subject, text, html });
      } catch (error) {
        errors.push({ tenant: tenant.externalId, channel, message: (error as Error).message });
      }
    }
    return messages;
  }

  /** initial for a tenant first told in this version, update for one told before. */
  private async kindFor(v: IncidentVersionEntity, tenantId: string): Promise<'initial' | 'update'> {
    if (v.version === 1) return 'initial';
    return (await this.history.toldBefore(v.incidentId, v.version, tenantId)) ? 'update' : 'initial';
  }
}

function withoutInternal<T extends { matchedBy?: unknown }>(facts: T): Omit<T, 'matchedBy'> {
  const { matchedBy, ...rest } = facts;
  void matchedBy;
  return rest;
}
