import { ChannelRegistry } from '@app/channels';
import { IncidentsService } from '@app/incidents';
import { InvalidInputError } from '@app/kernel';
import { NoticeFilter, NoticesService } from '@app/notices';
import { NOTICE_STATUSES } from '@app/database';
import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { streamNotices } from '../http/notice-export';
import { Public } from '../http/auth';
import { ConsoleGuard, ConsoleRequest } from './console.guard';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleViews } from './console-views';
import { zoned } from './incident-form';

type Query = Record<string, string | undefined>;
const FILTERS = ['incidentId', 'tenant', 'channel', 'status', 'from', 'to'] as const;

/** The query's non-empty filters; `from`/`to` come from `datetime-local` inputs labelled UTC. */
function filterOf(query: Query): NoticeFilter {
  const filter: Record<string, string> = {};
  for (const key of FILTERS) {
    const value = query[key]?.trim();
    if (value) filter[key] = key === 'from' || key === 'to' ? zoned(value) : value;
  }
  return filter;
}

@Controller('console/deliveries')
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
export class ConsoleDeliveriesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly incidents: IncidentsService,
    private readonly views: ConsoleViews,
    private readonly channels: ChannelRegistry,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response, @Query() query: Query): Promise<void> {
    const filter = filterOf(query);
    const incidents = await this.incidents.list(200);
    let page: Awaited<ReturnType<NoticesService['list']>> = { items: [], nextCursor: null };
    let error: string | undefined;
    try {
      page = await this.notices.list({ ...filter, limit: 50, cursor: query.cursor || undefined });
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      error = e.problems.map((p) => p.message).join('; ');
    }
    const search = new URLSearchParams(Object.entries(filter) as [string, string][]);
    const raw = (key: string) => query[key]?.trim() ?? '';
    this.views.send(
      res,
      'deliveries',
      {
        items: page.items,
        filter: { ...filter, from: raw('from'), to: raw('to') },
        incidents: incidents.map((i) => ({ id: i.id, reference: i.reference, selected: i.id === filter.incidentId })),
        channels: this.channels.all().map((d) => ({ value: d.channel, selected: d.channel === filter.channel })),
        statuses: NOTICE_STATUSES.map((s) => ({ value: s, selected: s === filter.status })),
        nextUrl: page.nextCursor ? `/console/deliveries?${new URLSearchParams({ ...Object.fromEntries(search), cursor: page.nextCursor })}` : null,
        exportUrl: `/console/deliveries/export?${search}`,
        firstUrl: `/console/deliveries?${search}`,
        paged: Boolean(query.cursor),
      },
      { title: 'Deliveries', nav: 'deliveries', session: req.console, error },
      error ? 400 : 200,
    );
  }

  /** The filtered log as CSV, streamed page by page, in the same columns as `GET /v1/notices/export`. */
  @Get('export')
  async export(@Res() res: Response, @Query() query: Query): Promise<void> {
    const filter = filterOf(query);
    this.notices.parseFilter({ ...filter, limit: 1 });
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="notices${filter.incidentId ? `-${filter.incidentId}` : ''}.csv"`);
    await streamNotices(res, this.notices.exportRows(filter), 'csv');
  }

  @Get(':id')
  async notice(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const notice = await this.notices.get(id);
    this.views.send(res, 'notice', { notice }, { title: `Notice ${notice.id.slice(0, 8)}`, nav: 'deliveries', session: req.console });
  }
}
