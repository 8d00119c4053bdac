import { AuditService } from '@app/audit';
import { SandboxMessageRepository } from '@app/channels';
import { isChannel, isZonedDateTime, NotFoundError } from '@app/kernel';
import { redactAckLinksIn, seesAckLinks } from '@app/ack';
import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../http/auth';
import { ConsoleGuard, ConsoleRequest } from './console.guard';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleViews } from './console-views';
import { UuidOrNotFoundPipe } from '../http/validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 50;

/** Sandbox mailbox cursor: the last message's (created_at, id), newest first. */
const encode = (row: { created_at: Date; id: string }) => Buffer.from(`${new Date(row.created_at).toISOString()}|${row.id}`).toString('base64url');
function decode(cursor: string | undefined): [string, string] | [null, null] {
  const [at, id] = cursor ? Buffer.from(cursor, 'base64url').toString().split('|') : [];
  return at && id && UUID.test(id) && isZonedDateTime(at) ? [at, id] : [null, null];
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
  ) {}

  @Get('audit')
  async auditTrail(@Req() req: ConsoleRequest, @Res() res: Response, @Query('cursor') cursor?: string): Promise<void> {
    const after = cursor && /^\d{1,18}$/.test(cursor) ? Number(cursor) : undefined;
    const [page, verify] = await Promise.all([this.audit.list({ limit: PAGE, cursor: after }), this.audit.verify()]);
    this.views.send(
      res,
      'audit',
      { items: page.items, verify, nextUrl: page.nextCursor ? `/console/audit?cursor=${page.nextCursor}` : null, paged: after !== undefined },
      { title: 'Audit trail', nav: 'audit', session: req.console },
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
