import { APP_CONFIG, AppConfig } from '@app/config';
import { FieldProblem, InvalidInputError } from '@app/kernel';
import { REGIMES } from '@app/regimes';
import { parseTenantFile, TENANT_CSV_COLUMNS, TenantsService } from '@app/tenants';
import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../http/auth';
import { ConsoleGuard, ConsoleRequest, ConsoleRequires } from './console.guard';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleViews } from './console-views';
import { formatNumber } from '@app/wording';

const MAX_TENANTS = 100_000;

interface RowProblems {
  row: number;
  externalId: string;
  problems: { field: string; message: string }[];
}

/** Problems grouped by row (1-based, as a person counts them), file-level ones apart. */
export function problemsByRow(problems: FieldProblem[], tenants: unknown[]): { file: string[]; rows: RowProblems[] } {
  const rows = new Map<number, RowProblems>();
  const file: string[] = [];
  for (const p of problems) {
    if (p.index === undefined) {
      file.push(p.field && !p.field.startsWith('(') ? `${p.field}: ${p.message}` : p.message);
      continue;
    }
    const externalId = (tenants[p.index] as { externalId?: unknown } | undefined)?.externalId;
    const entry = rows.get(p.index) ?? { row: p.index + 1, externalId: typeof externalId === 'string' ? externalId : '', problems: [] };
    entry.problems.push({ field: p.field.replace(/^tenants\[\d+\]\.?/, '') || '(row)', message: p.message });
    rows.set(p.index, entry);
  }
  return { file, rows: [...rows.values()].sort((a, b) => a.row - b.row) };
}

@Controller('console/tenants')
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
export class ConsoleTenantsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly views: ConsoleViews,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response, @Query('search') search?: string, @Query('cursor') cursor?: string, @Query('imported') imported?: string): Promise<void> {
    await this.show(req, res, { search, cursor, notice: imported ? `Imported ${imported}.` : undefined });
  }

  /** The file arrives as text in a form field (the page's script reads the chosen file); all rows or none are written. */
  @Post('import')
  @ConsoleRequires('write')
  async import(@Req() req: ConsoleRequest, @Res() res: Response, @Body() body: Record<string, string>): Promise<void> {
    const content = typeof body?.content === 'string' ? body.content : '';
    const parsed = parseTenantFile(content);
    if (!parsed.problems.length && parsed.tenants.length === 0) parsed.problems.push({ field: '(file)', message: 'the file holds no tenants' });
    if (parsed.tenants.length > MAX_TENANTS) parsed.problems.push({ field: '(file)', message: `at most ${MAX_TENANTS} tenants per import` });
    let problems = parsed.problems;
    if (!problems.length) {
      try {
        const result = await this.tenants.import(parsed.tenants, req.console.principal);
        const summary = `${formatNumber(result.imported, 'en')} tenants (${formatNumber(result.created, 'en')} new, ${formatNumber(result.updated, 'en')} updated)`;
        res.redirect(303, `/console/tenants?imported=${encodeURIComponent(summary)}`);
        return;
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        problems = error.problems;
      }
    }
    const grouped = problemsByRow(problems, parsed.tenants);
    const error = `Nothing was imported: ${grouped.rows.length ? `${formatNumber(grouped.rows.length, 'en')} of ${formatNumber(parsed.tenants.length, 'en')} rows are invalid` : 'the file could not be read'}.`;
    await this.show(req, res, { error, importErrors: grouped, content, format: parsed.format }, 400);
  }

  private async show(
    req: ConsoleRequest,
    res: Response,
    opts: { search?: string; cursor?: string; notice?: string; error?: string; importErrors?: unknown; content?: string; format?: string },
    status = 200,
  ): Promise<void> {
    const search = opts.search?.trim() || undefined;
    const page = await this.tenants.list({ search, limit: 50, cursor: opts.cursor || undefined });
    const nextUrl = page.nextCursor ? `/console/tenants?${new URLSearchParams({ ...(search ? { search } : {}), cursor: page.nextCursor })}` : null;
    this.views.send(
      res,
      'tenants',
      {
        items: page.items,
        search,
        nextUrl,
        importErrors: opts.importErrors,
        content: opts.content,
        format: opts.format,
        csvHeader: TENANT_CSV_COLUMNS.join(','),
        regimeList: REGIMES.join(', '),
        defaultDeadline: `${Math.round((this.config.noticeDeadlineDefaultMs / 3_600_000) * 100) / 100} h`,
      },
      { title: 'Tenants', nav: 'tenants', session: req.console, notice: opts.notice, error: opts.error },
      status,
    );
  }
}
