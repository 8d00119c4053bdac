import { ApiKeysService } from '@app/access';
import { FieldProblem, InvalidInputError } from '@app/kernel';
import { ROLES } from '@app/database';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../http/auth';
import { ConsoleGuard, ConsoleRequest, ConsoleRequires } from './console.guard';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleViews } from './console-views';

type KeyForm = { name?: string; role?: string; owner?: string };

const ROLE_LABELS: Record<string, string> = { admin: 'admin (everything)', approver: 'approver (read, approve)', auditor: 'auditor (read only)' };

/** API keys for admins: who holds which key, when it was last used, a revoke button per key, and a form that shows a new key once. */
@Controller('console/keys')
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
@ConsoleRequires('write')
export class ConsoleKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly views: ConsoleViews,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response, @Query('revoked') revoked?: string): Promise<void> {
    await this.show(req, res, { notice: revoked ? `Revoked the key ${revoked}. It is refused from now on and its console sessions have ended.` : undefined });
  }

  /** The new key is in this answer only (no-store), never in a redirect or a later page. */
  @Post()
  async create(@Req() req: ConsoleRequest, @Res() res: Response, @Body() body: KeyForm): Promise<void> {
    const form = { name: body?.name, role: body?.role, owner: body?.owner };
    try {
      const created = await this.keys.create(form, req.console.principal);
      await this.show(req, res, { created, notice: `Created a key for ${created.owner}.` }, 201);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      await this.show(req, res, { form, problems: error.problems, error: 'The key was not created: fix the fields below.' }, 400);
    }
  }

  @Post(':id/revoke')
  async revoke(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const before = (await this.keys.list()).items.find((k) => k.id === id);
    await this.keys.revoke(id, req.console.principal);
    const what = before ? `“${before.name}” of ${before.owner}` : id;
    res.redirect(303, `/console/keys?revoked=${encodeURIComponent(what)}`);
  }

  private async show(
    req: ConsoleRequest,
    res: Response,
    opts: { created?: { id: string; key: string; name: string; owner: string }; form?: KeyForm; problems?: FieldProblem[]; notice?: string; error?: string },
    status = 200,
  ): Promise<void> {
    const { items } = await this.keys.list();
    const form = opts.form ?? {};
    const errors = (field: string) => (opts.problems ?? []).filter((p) => p.field === field).map((p) => p.message);
    const value = (v: unknown) => (typeof v === 'string' ? v : '');
    const fields = [
      { name: 'name', id: 'f-key-name', label: 'Name', type: 'text', required: true, hint: 'What the key is for, e.g. “approver: Jan Kowalski” or “CI import”.', value: value(form.name), errors: errors('name') },
      {
        name: 'role',
        id: 'f-key-role',
        label: 'Role',
        type: 'select',
        required: true,
        errors: errors('role'),
        options: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], checked: (form.role ?? 'approver') === r })),
      },
      {
        name: 'owner',
        id: 'f-key-owner',
        label: 'Owner',
        type: 'text',
        required: true,
        hint: 'The person who will hold the key, e.g. an email. Four eyes means two owners: a version is approved by someone else than its creator.',
        value: value(form.owner),
        errors: errors('owner'),
      },
    ];
    const self = req.console.principal.id;
    this.views.send(
      res,
      'keys',
      { items: items.map((k) => ({ ...k, live: !k.revokedAt, own: k.id === self })), created: opts.created, fields, hasErrors: !!opts.problems?.length },
      { title: 'API keys', nav: 'keys', session: req.console, notice: opts.notice, error: opts.error },
      status,
    );
  }
}
