import { NOTICE_STATUSES } from '@app/database';
import { Injectable } from '@nestjs/common';
import { redactAckLinks, redactAckLinksIn } from '@app/ack';
import { NoticeLogRepository, NoticeQuery } from './notice-log.repository';
import { CHANNELS, FieldProblem, InvalidInputError, isChannel, isUuid, isZonedDateTime, NotFoundError } from '@app/kernel';


export interface NoticeFilter {
  incidentId?: string;
  tenant?: string;
  channel?: string;
  status?: string;
  /** Created at or after / before these ISO 8601 times. */
  from?: string;
  to?: string;
  limit?: string | number;
  cursor?: string;
}

export interface NoticeView {
  id: string;
  incidentId: string;
  version: number;
  tenant: string;
  contactRole: string;
  channel: string;
  to: string;
  status: string;
  kind: string;
  escalated: boolean;
  attempts: number;
  providerMessageId: string | null;
  messageId: string | null;
  subject: string | null;
  contentHash: string | null;
  createdAt: string;
  queuedAt: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  lastError: string | null;
}

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

export interface NoticeEventView {
  at: string;
  type: string;
  detail: unknown;
}

/**
 * Provider answers and errors are kept as they came, and a provider may echo the message it was given:
 * an acknowledgement link in them is redacted, as everywhere staff read notices.
 */
export function toNoticeEventView(e: Record<string, unknown>): NoticeEventView {
  return { at: iso(e.at)!, type: e.type as string, detail: redactAckLinksIn(e.detail ?? {}) };
}

export function toNoticeView(r: Record<string, unknown>): NoticeView {
  return {
    id: r.id as string,
    incidentId: r.incident_id as string,
    version: r.version as number,
    tenant: r.tenant_external_id as string,
    contactRole: r.contact_role as string,
    channel: r.channel as string,
    to: r.to as string,
    status: r.status as string,
    kind: r.kind as string,
    escalated: r.escalated as boolean,
    attempts: r.attempts as number,
    providerMessageId: (r.provider_message_id as string) ?? null,
    messageId: (r.message_id as string) ?? null,
    subject: (r.subject as string) ?? null,
    contentHash: (r.content_hash as string) ?? null,
    createdAt: iso(r.created_at)!,
    queuedAt: iso(r.queued_at),
    sentAt: iso(r.sent_at),
    deliveredAt: iso(r.delivered_at),
    lastError: r.last_error ? redactAckLinks(r.last_error as string) : null,
  };
}

/** Cursor = the last notice's insertion sequence: stable keyset paging however many notices arrive meanwhile. */
const encodeCursor = (seq: string): string => Buffer.from(`n${seq}`).toString('base64url');
function decodeCursor(cursor: string): string | null {
  const raw = Buffer.from(cursor, 'base64url').toString();
  return /^n\d{1,18}$/.test(raw) ? raw.slice(1) : null;
}

@Injectable()
export class NoticesService {
  constructor(private readonly repository: NoticeLogRepository) {}

  parseFilter(filter: NoticeFilter): { query: NoticeQuery; limit: number; after: string | null } {
    const problems: FieldProblem[] = [];
    if (filter.incidentId !== undefined && !isUuid(filter.incidentId)) problems.push({ field: 'incidentId', message: 'incidentId must be a UUID' });
    if (filter.channel !== undefined && !isChannel(filter.channel)) problems.push({ field: 'channel', message: `channel must be ${CHANNELS.join(' or ')}` });
    if (filter.status !== undefined && !(NOTICE_STATUSES as readonly string[]).includes(filter.status)) {
      problems.push({ field: 'status', message: `status must be one of ${NOTICE_STATUSES.join(', ')}` });
    }
    for (const field of ['from', 'to'] as const) {
      if (filter[field] !== undefined && !isZonedDateTime(filter[field])) problems.push({ field, message: `${field} must be an ISO 8601 time with a zone, e.g. 2024-05-01T00:00:00Z` });
    }
    const limit = filter.limit === undefined ? 100 : Number(filter.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) problems.push({ field: 'limit', message: 'limit must be a whole number from 1 to 1000' });
    const after = filter.cursor ? decodeCursor(filter.cursor) : null;
    if (filter.cursor && !after) problems.push({ field: 'cursor', message: 'cursor is not one this API returned' });
    if (problems.length) throw new InvalidInputError('The notice query is invalid', problems);
    return {
      query: {
        incidentId: filter.incidentId ?? null,
        tenant: filter.tenant ?? null,
        channel: filter.channel ?? null,
        status: filter.status ?? null,
        from: iso(filter.from),
        to: iso(filter.to),
      },
      limit,
      after,
    };
  }

  async list(filter: NoticeFilter): Promise<{ items: NoticeView[]; nextCursor: string | null }> {
    const q = this.parseFilter(filter);
    const rows = await this.repository.page(q.query, q.after, q.limit + 1);
    const items = rows.slice(0, q.limit).map(toNoticeView);
    return { items, nextCursor: rows.length > q.limit ? encodeCursor(String(rows[q.limit - 1].seq)) : null };
  }

  async get(id: string): Promise<NoticeView & { events: NoticeEventView[] }> {
    if (!isUuid(id)) throw new NotFoundError(`Notice ${id} does not exist`);
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundError(`Notice ${id} does not exist`);
    const events = await this.repository.eventsOf(id);
    return {
      ...toNoticeView(row),
      events: events.map(toNoticeEventView),
    };
  }

  /** Streams notices with their events in pages, never all in memory. */
  async *exportRows(filter: NoticeFilter): AsyncGenerator<NoticeView & { events: NoticeEventView[] }> {
    const q = this.parseFilter({ ...filter, limit: 1000, cursor: undefined });
    let after: string | null = null;
    for (;;) {
      const rows = await this.repository.exportPage(q.query, after);
      if (rows.length === 0) return;
      const ids = rows.map((r) => r.id);
      const events = await this.repository.eventsOfNotices(ids);
      const byNotice = new Map<string, NoticeEventView[]>();
      for (const e of events) {
        const list = byNotice.get(e.notice_id as string) ?? [];
        list.push(toNoticeEventView(e));
        byNotice.set(e.notice_id as string, list);
      }
      for (const r of rows) {
        const view = toNoticeView(r);
        yield { ...view, events: byNotice.get(view.id) ?? [] };
      }
      after = String(rows[rows.length - 1].seq);
    }
  }
}
