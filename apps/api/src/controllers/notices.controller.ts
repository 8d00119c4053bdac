import { NoticesService } from '@app/notices';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoticeExportQuery, NoticeQuery } from '../dto/requests';
import { NoticePage, NoticeWithEvents } from '../dto/responses';
import { Requires } from '../http/auth';
import { streamNotices } from '../http/notice-export';
import { UuidOrNotFoundPipe } from '../http/validation';
import { ApiNoticeQueries } from '../ops/api-queries';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('v1/notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOperation({ summary: 'Notices, filtered, a page at a time: {items, nextCursor}' })
  @ApiNoticeQueries({ page: true })
  @ApiOkResponse({ type: NoticePage })
  @Requires('read')
  list(@Query() query: NoticeQuery) {
    return this.notices.list(query);
  }

  /** CSV (default) or NDJSON (`format=ndjson`), streamed page by page. */
  @Get('export')
  @ApiOperation({ summary: 'Every matching notice with its events, streamed as CSV or NDJSON' })
  @ApiNoticeQueries({ page: false })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({
    description: 'One row per notice; `contentHash` is the SHA-256 of JSON [subject, text, html] as sent',
    content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string', description: 'one JSON notice with its `events` a line' } } },
  })
  @Requires('read')
  async export(@Query() query: NoticeExportQuery, @Res() res: Response): Promise<void> {
    const { format, ...filter } = query;
    const ndjson = format === 'ndjson';
    this.notices.parseFilter({ ...filter, limit: 1, cursor: undefined }); // reject a bad filter before the headers go out
    res.status(200);
    res.setHeader('Content-Type', ndjson ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="notices${filter.incidentId ? `-${filter.incidentId}` : ''}.${ndjson ? 'ndjson' : 'csv'}"`);
    await streamNotices(res, this.notices.exportRows({ ...filter, limit: undefined, cursor: undefined }), ndjson ? 'ndjson' : 'csv');
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notice with its events' })
  @ApiOkResponse({ description: 'The notice and `events: [{at, type, detail}]`', type: NoticeWithEvents })
  @ApiNotFoundResponse({ description: 'Unknown notice' })
  @Requires('read')
  get(@Param('id', new UuidOrNotFoundPipe('Notice')) id: string) {
    return this.notices.get(id);
  }
}
