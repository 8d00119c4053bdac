import { BoardService } from '@app/progress';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiBoardQueries, BoardExportQuery, BoardPageView, BoardQuery } from '../dto/board';
import { Requires } from '../http/auth';
import { streamBoard } from '../http/board-export';
import { UuidOrNotFoundPipe } from '../http/validation';

const INCIDENT_ID = new UuidOrNotFoundPipe('Incident');

/** The per-tenant board: what is due to whom, for the incident's current version. Whoever may read progress may read it. */
@ApiTags('incidents')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'Unknown incident' })
@Controller('v1/incidents')
export class BoardController {
  constructor(private readonly board: BoardService) {}

  @Get(':id/tenants.csv')
  @ApiOperation({ summary: 'The whole per-tenant board as CSV, streamed, with the same filter and order' })
  @ApiBoardQueries({ page: false })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per affected tenant; regimes joined by `;`', content: { 'text/csv': { schema: { type: 'string' } } } })
  @Requires('read')
  async export(@Param('id', INCIDENT_ID) id: string, @Query() query: BoardExportQuery, @Res() res: Response): Promise<void> {
    const { version, items } = await this.board.export(id, query);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="tenants-${id}-v${version}.csv"`);
    await streamBoard(res, items);
  }

  @Get(':id/tenants')
  @ApiOperation({
    summary: 'Every affected tenant of the current version: due time, first notice, delivery, acknowledgement, escalation',
    description: 'Soonest `dueAt` first (`order=due`), or tenants with a failed, bounced or undelivered notice first (`order=problems`); a page at a time.',
  })
  @ApiBoardQueries({ page: true })
  @ApiOkResponse({ type: BoardPageView })
  @Requires('read')
  page(@Param('id', INCIDENT_ID) id: string, @Query() query: BoardQuery) {
    return this.board.page(id, query);
  }
}
