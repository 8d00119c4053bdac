import { FieldProblem, InvalidInputError, isUuid } from '@app/kernel';
import { IncidentsService } from '@app/incidents';
import { effectiveRegimes, Regime } from '@app/regimes';
import { Injectable } from '@nestjs/common';
import { BOARD_STATES, BoardKey, BoardRepository, BoardRow, BoardSegment, BoardState } from './board.repository';

export const BOARD_ORDERS = ['due', 'problems'] as const;
export type BoardOrder = (typeof BOARD_ORDERS)[number];

/** The board's query as it arrives (query-string values). */
export interface BoardRequest {
  state?: string;
  order?: string;
  limit?: string | number;
  cursor?: string;
}

export interface BoardItem {
  tenant: string;
  name: string;
  regimes: Regime[];
  dueAt: string | null;
  firstSentAt: string | null;
  late: boolean;
  acknowledgedAt: string | null;
  escalated: boolean;
  notices: { total: number; sent: number; delivered: number; failed: number; bounced: number; undelivered: number };
}

export interface BoardPage {
  /** The incident's current version, whose affected tenants these are. */
  version: number;
  items: BoardItem[];
  nextCursor: string | null;
}

interface ParsedRequest {
  state: BoardState | null;
  order: BoardOrder;
  limit: number;
  cursor: { segment: BoardSegment; key: BoardKey } | null;
}

export const BOARD_LIMIT = { default: 50, max: 500 } as const;
const EXPORT_PAGE = 1000;
const CURSOR = /^b1\.(due|problems)\.(all|problems|others)\.(-?\d{1,18})\.([0-9a-f-]{36})$/;

/** The segments an order reads, in turn: problems first, then the others, each in due order. */
function segmentsOf(order: BoardOrder, state: BoardState | null): BoardSegment[] {
  if (order === 'due') return ['all'];
  return state === 'failed' ? ['problems'] : ['problems', 'others'];
}

/** Opaque to the client: the order it belongs to, the segment and the last row's (due_at, id). */
export function encodeBoardCursor(order: BoardOrder, segment: BoardSegment, key: BoardKey): string {
  return Buffer.from(`b1.${order}.${segment}.${key.dueUs}.${key.id}`).toString('base64url');
}

function decodeBoardCursor(cursor: string, order: BoardOrder): NonNullable<ParsedRequest['cursor']> | string {
  const match = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? CURSOR.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  if (!match || !isUuid(match[4])) return 'cursor is not one this API returned';
  if (match[1] !== order) return `cursor belongs to order=${match[1]}, not order=${order}`;
  return { segment: match[2] as BoardSegment, key: { dueUs: match[3], id: match[4] } };
}

const iso = (value: Date | string | null): string | null => (value ? new Date(value).toISOString() : null);

function toItem(r: BoardRow): BoardItem {
  return {
    tenant: r.external_id,
    name: r.name,
    regimes: effectiveRegimes(r.regimes, r.country),
    dueAt: iso(r.due_at),
    firstSentAt: iso(r.first_sent_at),
    late: r.late === true,
    acknowledgedAt: iso(r.acknowledged_at),
    escalated: r.escalated === true,
    notices: { total: r.total, sent: r.sent, delivered: r.delivered, failed: r.failed, bounced: r.bounced, undelivered: r.undelivered },
  };
}

/**
 * The per-tenant board of an incident's current version: every affected tenant with when its first notice
 * is due, when it went, how its notices fared, its acknowledgement and escalation. Soonest due first, or
 * tenants with a failed, bounced or undelivered notice first; filtered by state; keyset pages.
 */
@Injectable()
export class BoardService {
  constructor(
    private readonly repository: BoardRepository,
    private readonly incidents: IncidentsService,
  ) {}

  /** Checks the query; a bad value is a 400 naming its field. */
  parse(request: BoardRequest): ParsedRequest {
    const problems: FieldProblem[] = [];
    const state = request.state === undefined || request.state === '' ? null : request.state;
    if (state !== null && !(BOARD_STATES as readonly string[]).includes(state)) problems.push({ field: 'state', message: `state must be one of ${BOARD_STATES.join(', ')}` });
    const order = request.order === undefined || request.order === '' ? 'due' : request.order;
    if (!(BOARD_ORDERS as readonly string[]).includes(order)) problems.push({ field: 'order', message: `order must be ${BOARD_ORDERS.join(' or ')}` });
    const rawLimit = request.limit === undefined || request.limit === '' ? BOARD_LIMIT.default : request.limit;
    const limit = typeof rawLimit === 'number' ? rawLimit : /^\d{1,7}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > BOARD_LIMIT.max) problems.push({ field: 'limit', message: `limit must be a whole number from 1 to ${BOARD_LIMIT.max}` });
    let cursor: ParsedRequest['cursor'] = null;
    if (request.cursor !== undefined && request.cursor !== '' && problems.every((p) => p.field !== 'order')) {
      const decoded = decodeBoardCursor(request.cursor, order as BoardOrder);
      if (typeof decoded === 'string') problems.push({ field: 'cursor', message: decoded });
      else if (!segmentsOf(order as BoardOrder, state as BoardState | null).includes(decoded.segment)) problems.push({ field: 'cursor', message: 'cursor belongs to another state filter' });
      else cursor = decoded;
    }
    if (problems.length > 0) throw new InvalidInputError('The board query is invalid', problems);
    return { state: state as BoardState | null, order: order as BoardOrder, limit, cursor };
  }

  async page(incidentId: string, request: BoardRequest): Promise<BoardPage> {
    const q = this.parse(request);
    const { version } = await this.incidents.currentVersion(incidentId);
    const { rows, next } = await this.read(incidentId, version.version, q);
    return { version: version.version, items: rows.map(toItem), nextCursor: next ? encodeBoardCursor(q.order, next.segment, next.key) : null };
  }

  /**
   * Every row of the board with the same filter and order, read a page at a time (for the CSV export). The
   * query and the incident are checked before it resolves, so a bad one fails before anything is streamed.
   */
  async export(incidentId: string, request: Pick<BoardRequest, 'state' | 'order'>): Promise<{ version: number; items: AsyncGenerator<BoardItem> }> {
    const q: ParsedRequest = { ...this.parse({ state: request.state, order: request.order }), limit: EXPORT_PAGE };
    const { version } = await this.incidents.currentVersion(incidentId);
    return { version: version.version, items: this.every(incidentId, version.version, q) };
  }

  private async *every(incidentId: string, version: number, q: ParsedRequest): AsyncGenerator<BoardItem> {
    for (;;) {
      const { rows, next } = await this.read(incidentId, version, q);
      for (const r of rows) yield toItem(r);
      if (!next) return;
      q.cursor = next;
    }
  }

  /** Up to `limit` rows after the cursor, reading the order's segments in turn; `next` when more follow. */
  private async read(incidentId: string, version: number, q: ParsedRequest): Promise<{ rows: BoardRow[]; next: ParsedRequest['cursor'] }> {
    const segments = segmentsOf(q.order, q.state);
    const start = q.cursor ? segments.indexOf(q.cursor.segment) : 0;
    const found: { row: BoardRow; segment: BoardSegment }[] = [];
    for (let i = start; i < segments.length && found.length <= q.limit; i++) {
      const rows = await this.repository.page({
        incidentId,
        version,
        state: q.state,
        segment: segments[i],
        after: i === start && q.cursor ? q.cursor.key : null,
        limit: q.limit + 1 - found.length,
      });
      found.push(...rows.map((row) => ({ row, segment: segments[i] })));
    }
    const page = found.slice(0, q.limit);
    const last = page[page.length - 1];
    const next = found.length > q.limit ? { segment: last.segment, key: { dueUs: last.row.due_us, id: last.row.id } } : null;
    return { rows: page.map((f) => f.row), next };
  }
}
