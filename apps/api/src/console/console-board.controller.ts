import { InvalidInputError } from '@app/kernel';
import { IncidentsService } from '@app/incidents';
import { BoardPage, BoardService, ProgressService } from '@app/progress';
import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { streamBoard } from '../http/board-export';
import { Public } from '../http/auth';
import { boardRows } from './board-view';
import { ConsoleGuard, ConsoleRequest } from './console.guard';
import { ConsoleErrorFilter } from './console-error.filter';
import { consoleHeaders, ConsoleViews } from './console-views';

type Query = Record<string, string | undefined>;

const STATE_LABELS: Record<string, string> = {
  '': 'All tenants',
  unsent: 'Not sent yet',
  late: 'Late',
  unacknowledged: 'Not acknowledged',
  acknowledged: 'Acknowledged',
  failed: 'Failed, bounced or undelivered',
};
const ORDER_LABELS: Record<string, string> = { due: 'Soonest due first', problems: 'Problems first' };

/** The filter as given, empty values left out. */
function filterOf(query: Query): { state?: string; order?: string } {
  const filter: { state?: string; order?: string } = {};
  if (query.state?.trim()) filter.state = query.state.trim();
  if (query.order?.trim()) filter.order = query.order.trim();
  return filter;
}

/** The per-tenant board of an incident: who is due when, what reached them, who acknowledged. */
@Controller('console/incidents')
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
export class ConsoleBoardController {
  constructor(
    private readonly board: BoardService,
    private readonly progress: ProgressService,
    private readonly incidents: IncidentsService,
    private readonly views: ConsoleViews,
  ) {}

  @Get(':id/tenants')
  async page(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string, @Query() query: Query): Promise<void> {
    const incident = await this.incidents.get(id);
    const filter = filterOf(query);
    let page: BoardPage = { version: incident.version as number, items: [], nextCursor: null };
    let error: string | undefined;
    try {
      page = await this.board.page(id, { ...filter, limit: 100, cursor: query.cursor || undefined });
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      error = e.problems.map((p) => p.message).join('; ');
    }
    const progress = await this.progress.progress(id);
    const notices = progress.notices as Record<string, number>;
    const affected = progress.affectedTenants as number;
    const acknowledged = progress.acknowledgedTenants as number;
    const search = new URLSearchParams(filter);
    this.views.send(
      res,
      'board',
      {
        incident,
        version: page.version,
        rows: boardRows(page.items, Date.now()),
        counts: {
          affected,
          late: progress.lateTenants,
          acknowledged,
          unacknowledged: affected - acknowledged,
          problems: (notices.failed ?? 0) + (notices.bounced ?? 0) + (notices.undelivered ?? 0),
        },
        states: Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label, selected: value === (filter.state ?? '') })),
        orders: Object.entries(ORDER_LABELS).map(([value, label]) => ({ value, label, selected: value === (filter.order ?? 'due') })),
        filtered: Boolean(filter.state),
        stateLabel: STATE_LABELS[filter.state ?? ''] ?? filter.state,
        nextUrl: page.nextCursor ? `/console/incidents/${id}/tenants?${new URLSearchParams({ ...filter, cursor: page.nextCursor })}` : null,
        firstUrl: query.cursor ? `/console/incidents/${id}/tenants?${search}` : null,
        exportUrl: `/console/incidents/${id}/tenants.csv?${search}`,
      },
      { title: `Tenants · ${incident.reference}`, nav: 'incidents', session: req.console, error },
      error ? 400 : 200,
    );
  }

  /** The whole board as CSV with the page's filter and order, as `GET /v1/incidents/{id}/tenants.csv`. */
  @Get(':id/tenants.csv')
  async export(@Res() res: Response, @Param('id') id: string, @Query() query: Query): Promise<void> {
    const { version, items } = await this.board.export(id, filterOf(query));
    consoleHeaders(res);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="tenants-${id}-v${version}.csv"`);
    await streamBoard(res, items);
  }
}
