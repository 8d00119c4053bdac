import { Channel, CHANNEL_CATALOG, ChannelCatalog, CHANNELS, ConflictError, InvalidInputError } from '@app/kernel';
import { IncidentVersionEntity } from '@app/database';
import { IncidentBody, IncidentsService, RenderCheck, RenderProblem } from '@app/incidents';
import { AffectedTenantPage, AffectedTenantsRepository, contactsAtNextPriority } from '@app/scope';
import { Locale, TemplateRenderError } from '@app/templates';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AckTokensService, StoredNotice } from '@app/ack';
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

/** One notice rendered for a test send: any tenant, any locale, any channel, with the redacted ack link. */
export interface TestRender {
  incidentId: string;
  version: number;
  kind: 'initial' | 'update';
  tenant: { id: string; externalId: string; name: string; affected: boolean };
  channel: Channel;
  locale: Locale;
  subject: string | null;
  text: string;
  html: string | null;
}

/** One affected tenant as the full list (CSV) gives it: who, in which language, and what it is told. */
export interface AffectedTenantRow {
  tenant: string;
  name: string;
  locale: string;
  country: string;
  timezone: string;
  systems: string[];
  subProcessors: string[];
  dataCategories: string[];
  subjectCategories: string[];
  dataSubjects: number;
  records: number;
  periodFrom: string | null;
  periodTo: string | null;
  matchedBy: 'scope' | 'include';
  /** Contacts of its first notice (lowest priority number). */
  contacts: number;
}

const TEST_INVALID = 'The test send is invalid';
const LIST_PAGE = 500;

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

  /**
   * The notice one tenant would get on one channel, in its contact's language or `locale`, as the
   * current version stands; a registered tenant the scope does not reach is told of all its exposures
   * (as one added by includeTenants). Never a working ack link: the redacted one stands in.
   */
  async renderTest(id: string, externalId: string, channel: Channel, locale?: Locale): Promise<TestRender> {
    const { version: v } = await this.incidents.currentVersion(id);
    const body = v.body as unknown as IncidentBody;
    const tenant = await this.affected.one(body.scope, externalId);
    if (!tenant) throw new InvalidInputError(TEST_INVALID, [{ field: 'tenant', message: `tenant must be the externalId of a registered tenant; ${externalId} is none` }]);
    const contact = contactsAtNextPriority(tenant.contacts, null)[0] ?? { name: null, role: 'dpo', locale: null, email: null, phone: null };
    const kind = await this.kindFor(v, tenant.id);
    const view = this.composer.compose({
      version: { body, version: v.version, changeSummary: v.changeSummary, kind },
      tenant,
      contact: {
        name: contact.name,
        role: contact.role,
        locale: locale ?? contact.locale,
        toldBefore: kind === 'update',
        emailAlso: body.channels.includes('email') && Boolean(this.channels.addressOf('email', contact)),
      },
      ackUrl: this.ackTokens.redactedUrl(),
    });
    try {
      const stored = unsentNotice(body, tenant);
      const { subject, text, html } = this.composer.render(view, this.channels.renderTarget(channel), stored);
      return { incidentId: id, version: v.version, kind, tenant: { id: tenant.id, externalId: tenant.externalId, name: tenant.name, affected: tenant.affected }, channel, locale: view.locale, subject, text, html };
    } catch (error) {
      if (error instanceof TemplateRenderError) throw new ConflictError(`The notice for ${externalId} (${channel}, ${view.locale}) does not render: ${error.message}`);
      throw error;
    }
  }

  /** Every affected tenant of the current version, in externalId order, read page by page (what the preview's first five stand for). */
  async *affectedRows(id: string): AsyncGenerator<AffectedTenantRow> {
    const { version: v } = await this.incidents.currentVersion(id);
    const scope = (v.body as unknown as IncidentBody).scope;
    let after: string | null = null;
    do {
      const page = await this.affected.page(scope, after, LIST_PAGE, 'external_id');
      for (const t of page.tenants) {
        const f = t.facts;
        yield {
          tenant: t.externalId,
          name: t.name,
          locale: t.locale,
          country: t.country,
          timezone: t.timezone,
          systems: f.systems,
          subProcessors: f.subProcessors,
          dataCategories: f.dataCategories,
          subjectCategories: f.subjectCategories,
          dataSubjects: f.dataSubjects,
          records: f.records,
          periodFrom: f.periodFrom,
          periodTo: f.periodTo,
          matchedBy: f.matchedBy,
          contacts: contactsAtNextPriority(t.contacts, null).length,
        };
      }
      after = page.last;
    } while (after !== null);
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
        const stored = unsentNotice(body, tenant);
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

/** A tenant's notice as preview and test send see it: the version's facts, not acknowledged (what the webhook event carries). */
function unsentNotice(body: IncidentBody, tenant: Pick<AffectedTenantPage['tenants'][number], 'facts' | 'regimes' | 'country'>): StoredNotice {
  return { body, facts: tenant.facts, acknowledgedAt: null, regimes: tenant.regimes, country: tenant.country };
}
