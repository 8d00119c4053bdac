import { NoticeFilter, NoticesService } from '@app/incidents';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Requires } from '../http/auth';
import { ApiNoticeQueries } from '../ops/api-queries';

export const CSV_COLUMNS = [
  'id',
  'incidentId',
  'version',
  'tenant',
  'contactRole',
  'channel',
  'to',
  'status',
  'kind',
  'escalated',
  'attempts',
  'providerMessageId',
  'messageId',
  'subject',
  'contentHash',
  'createdAt',
  'queuedAt',
  'sentAt',
  'deliveredAt',
  'lastError',
  'events',
] as const;

/** RFC 4180 field; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** False when the client went away: there is no one left to stream to. */
async function writeOrWait(res: Response, text: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(text)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !res.destroyed;
}

@ApiTags('notices')
@ApiBearerAuth()
@Controller('v1/notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOperation({ summary: 'Notices, filtered, a page at a time: {items, nextCursor}' })
  @ApiNoticeQueries({ page: true })
  @Requires('read')
  list(@Query() query: NoticeFilter) {
    return this.notices.list(query);
  }

  /** CSV (default) or NDJSON (`format=ndjson`), streamed page by page. */
  @Get('export')
  @ApiOperation({ summary: 'Every matching notice with its events, streamed as CSV or NDJSON' })
  @ApiNoticeQueries({ page: false })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ description: 'One row per notice; `contentHash` is the SHA-256 of JSON [subject, text, html] as sent' })
  @Requires('read')
  async export(@Query() query: NoticeFilter & { format?: string }, @Res() res: Response): Promise<void> {
    const { format, ...filter } = query;
    const ndjson = format === 'ndjson';
    this.notices.parseFilter({ ...filter, limit: 1, cursor: undefined }); // reject a bad filter before the headers go out
    res.status(200);
    res.setHeader('Content-Type', ndjson ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="notices${filter.incidentId ? `-${filter.incidentId}` : ''}.${ndjson ? 'ndjson' : 'csv'}"`);
    let chunk = ndjson ? '' : CSV_COLUMNS.join(',') + '\r\n';
    for await (const row of this.notices.exportRows({ ...filter, limit: undefined, cursor: undefined })) {
      chunk += ndjson ? JSON.stringify(row) + '\n' : CSV_COLUMNS.map((c) => csvField(row[c])).join(',') + '\r\n';
      // Written in chunks of about 64 KB, waiting for the client when it is slower than we are.
      if (chunk.length >= 65_536) {
        if (!(await writeOrWait(res, chunk))) return;
        chunk = '';
      }
    }
    res.end(chunk);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notice with its events' })
  @ApiOkResponse({ description: 'The notice and `events: [{at, type, detail}]`' })
  @ApiNotFoundResponse({ description: 'Unknown notice' })
  @Requires('read')
  get(@Param('id') id: string) {
    return this.notices.get(id);
  }
}
