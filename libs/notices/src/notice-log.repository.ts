import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A validated notice filter: null matches anything. `from`/`to` are ISO 8601 times. */
export interface NoticeQuery {
  incidentId: string | null;
  tenant: string | null;
  channel: string | null;
  status: string | null;
  from: string | null;
  to: string | null;
}

const WHERE = `($1::uuid IS NULL OR incident_id = $1) AND ($2::text IS NULL OR tenant_external_id = $2)
          AND ($3::text IS NULL OR channel = $3) AND ($4::text IS NULL OR status = $4)
          AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)`;
const whereParams = (q: NoticeQuery): unknown[] => [q.incidentId, q.tenant, q.channel, q.status, q.from, q.to];

/** The SQL of the notice log: notice and notice_event rows as stored (snake_case), in seq (notices) and id (events) order. */
@Injectable()
export class NoticeLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` notices matching the query with seq above `after`. */
  page(q: NoticeQuery, after: string | null, limit: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(`SELECT * FROM notice WHERE ${WHERE} AND ($7::bigint IS NULL OR seq > $7) ORDER BY seq LIMIT $8`, [...whereParams(q), after, limit]);
  }

  /** The next 1,000 notices matching the query with seq above `after` (the export's page). */
  exportPage(q: NoticeQuery, after: string | null): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(`SELECT * FROM notice WHERE ${WHERE} AND ($7::bigint IS NULL OR seq > $7) ORDER BY seq LIMIT 1000`, [...whereParams(q), after]);
  }

  async findById(id: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await this.dataSource.query('SELECT * FROM notice WHERE id = $1', [id]);
    return row;
  }

  /** One tenant's notices of an incident. */
  ofTenant(incidentId: string, tenantId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query('SELECT * FROM notice WHERE incident_id = $1 AND tenant_id = $2 ORDER BY seq', [incidentId, tenantId]);
  }

  eventsOf(noticeId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query('SELECT at, type, detail FROM notice_event WHERE notice_id = $1 ORDER BY id', [noticeId]);
  }

  /** The events of these notices, each with its notice_id. */
  eventsOfNotices(noticeIds: unknown[]): Promise<Record<string, unknown>[]> {
    return this.dataSource.query('SELECT notice_id, at, type, detail FROM notice_event WHERE notice_id = ANY($1::uuid[]) ORDER BY id', [noticeIds]);
  }
}
