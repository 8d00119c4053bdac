import { ApiKeysService } from '@app/access';
import { AuditService } from '@app/audit';
import { IncidentsService } from '@app/incidents';
import { SandboxMessageRepository } from '@app/channels';
import { InvalidInputError, isChannel, isUuid, isZonedDateTime, NotFoundError } from '@app/kernel';
import { redactAckLinksIn, seesAckLinks } from '@app/ack';
import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../http/auth';
import { ConsoleGuard, ConsoleRequest } from './console.guard';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleViews } from './console-views';
import { UuidOrNotFoundPipe } from '../http/validation';
import { auditFilter } from '../http/audit-query';
import { auditRows, AUDIT_FILTERS, auditFilterForm, KNOWN_ACTIONS } from './audit-view';

const PAGE = 50;

/** Sandbox mailbox cursor: the last message's (created_at, id), newest first. */
const encode = (row: { created_at: Date; id: string }) => Buffer.from(`${new Date(row.created_at).toISOString()}|${row.id}`).toString('base64url');
function decode(cursor: string | undefined): [string, string] | [null, null] {
  const [at, id] = cursor ? Buffer.from(cursor, 'base64url').toString().split('|') : [];
  return at && id && isUuid(id) && isZonedDateTime(at) ? [at, id] : [null, null];
}

/** The read-only records: the audit trail with its verification, and what the sandbox captured. */
@Controller('console')
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
export class ConsoleRecordsController {
  constructor(
    private readonly sandbox: SandboxMessageRepository,
    private readonly audit: AuditService,
    private readonly views: ConsoleViews,
    private readonly keys: ApiKeysService,
    private readonly incidents: IncidentsService,
  ) {}

  /**
   * The trail with each key named by its name and owner, subjects by incident reference or key name,
   * filtered by action, actor, incident and time (UTC); a bad filter is a 400 naming the field.
   */
  @Get('audit')
  async auditTrail(@Req() req: ConsoleRequest, @Res() res: Response, @Query() query: Record<string, string | undefined>): Promise<void> {
    const form = auditFilterForm(query);
    const [verify, incidents, keys] = await Promise.all([this.audit.verify(), this.incidents.list(200), this.keys.list()]);
    let page: Awaited<ReturnType<AuditService['list']>> = { items: [], nextCursor: null };
    let error: string | undefined;
    try {
      page = await this.audit.list(auditFilter(form.query, PAGE));
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      error = `Filter not applied: ${e.problems.map((p) => p.message).join('; ')}`;
    }
    const names = await this.keys.describe([...page.items.map((e) => e.actor), ...page.items.map((e) => e.subject.replace(/^api_key:/, ''))]);
    const references = new Map(incidents.map((i) => [`incident:${i.id as string}`, i.reference as string]));
    const search = new URLSearchParams(Object.entries(form.raw).filter(([k, v]) => v && k !== 'cursor') as [string, string][]);
    this.views.send(
      res,
      'audit',
      {
        items: auditRows(page.items, names, references),
        verify,
        filter: form.raw,
        actions: KNOWN_ACTIONS,
        actors: [
          { value: 'system', label: 'system (the service itself)', selected: form.raw.actor === 'system' },
          ...keys.items.map((k) => ({ value: k.id, label: `${k.name} — ${k.owner} (${k.role}${k.revokedAt ? ', revoked' : ''})`, selected: k.id === form.raw.actor })),
        ],
        incidents: incidents.map((i) => ({ value: i.id, label: i.reference, selected: i.id === form.raw.incident })),
        filtered: AUDIT_FILTERS.some((k) => form.raw[k]),
        nextUrl: page.nextCursor ? `/console/audit?${new URLSearchParams({ ...Object.fromEntries(search), cursor: page.nextCursor })}` : null,
        firstUrl: `/console/audit?${search}`,
        paged: Boolean(form.raw.cursor),
      },
      { title: 'Audit trail', nav: 'audit', session: req.console, error },
      error ? 400 : 200,
    );
  }

  @Get('sandbox')
  async mailbox(@Req() req: ConsoleRequest, @Res() res: Response, @Query('channel') channel?: string, @Query('cursor') cursor?: string): Promise<void> {
    const only = isChannel(channel) ? channel : null;
    const [at, id] = decode(cursor);
    const rows = await this.sandbox.page(only, at, id, PAGE + 1);
    const shown = seesAckLinks(req.console.principal.role) ? rows : redactAckLinksIn(rows);
    const items = shown.slice(0, PAGE).map((r: Record<string, unknown>) => ({ ...r, preview: String(r.subject ?? r.text).slice(0, 140) }));
    const next = rows.length > PAGE ? `/console/sandbox?${new URLSearchParams({ ...(only ? { channel: only } : {}), cursor: encode(rows[PAGE - 1]) })}` : null;
    this.views.send(res, 'sandbox', { items, channel: only, nextUrl: next }, { title: 'Sandbox mailbox', nav: 'sandbox', session: req.console });
  }

  @Get('sandbox/:id')
  async message(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id', new UuidOrNotFoundPipe('Captured message')) id: string): Promise<void> {
    const stored = await this.sandbox.findById(id);
    if (!stored) throw new NotFoundError(`Captured message ${id} does not exist`);
    // Stored as sent; only an admin sees the tenant's working acknowledgement link.
    const message = seesAckLinks(req.console.principal.role) ? stored : redactAckLinksIn(stored);
    this.views.send(res, 'sandbox-message', { message }, { title: message.subject ?? `SMS to ${message.to}`, nav: 'sandbox', session: req.console });
  }
}
