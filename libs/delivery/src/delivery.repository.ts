import { NoticeStatus, rowsOf } from '@app/database';
import { Channel } from '@app/kernel';
import { TenantFacts } from '@app/scope';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A notice claimed for sending, with what rendering needs joined in. */
export interface ClaimedNotice {
  id: string;
  incident_id: string;
  version: number;
  affected_id: string;
  tenant_id: string;
  tenant_external_id: string;
  contact_id: string;
  contact_role: string;
  contact_name: string | null;
  channel: Channel;
  to: string;
  locale: string;
  kind: 'initial' | 'update' | 'withdrawn';
  escalated: boolean;
  attempts: number;
  /** Joined in by the claim, so rendering needs no query of its own. */
  tenant_name: string;
  tenant_timezone: string;
  tenant_country: string;
  /** The tenant's own regimes; null: those of its country. */
  tenant_regimes: string[] | null;
  /** The tenant's notice deadline in hours; null: the configured default. */
  tenant_notice_deadline_hours: number | null;
  tenant_facts: TenantFacts;
  /** An SMS: the same contact has an email notice of this version. */
  email_also: boolean | null;
  /** An update: this contact was sent a notice of an earlier version. */
  contact_told_before: boolean | null;
  /** A webhook notice: the tenant's sealed signing secret (null: none) and when its endpoint was retired (null: it is not). */
  webhook_secret: string | null;
  webhook_retired_at: Date | null;
}

/** What `sent` records of one notice; snake_case, as the batched statement reads it with jsonb_to_recordset. */
export interface SentRecord {
  id: string;
  affected_id: string;
  provider_message_id: string;
  message_id: string | null;
  subject: string | null;
  content_hash: string;
  detail: Record<string, unknown>;
  /** The provider's answer to the send confirmed delivery (a webhook endpoint's 2xx): the notice is `delivered` at once. */
  delivered?: boolean;
}

/** One failed attempt of a notice, as `fail` records it. */
export interface FailedAttempt {
  noticeId: string;
  /** The error, at most 1,000 characters. */
  error: string;
  /** The notice ends as `failed` (when still `sending`). */
  final: boolean;
  detail: Record<string, unknown>;
}

const OPEN = `('pending', 'queued', 'sending')`;

/**
 * The SQL of sending and tracking notices: DeliveryService, TrackingService and BounceService decide,
 * this runs their statements. The statements are measured (see bench/): change their text only with a
 * bench run beside it.
 */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The status of a notice, or null when there is no such notice. */
  async statusOf(noticeId: string): Promise<NoticeStatus | null> {
    const [row] = await this.dataSource.query('SELECT status FROM notice WHERE id = $1', [noticeId]);
    return row ? (row.status as NoticeStatus) : null;
  }

  /**
   * Claims every notice still open: `sending`, one more attempt. Answers the claimed rows, in no particular order.
   * Planned on every call, like the sent record: as prepared statements their generic plans, made while `notice`
   * was small, outlived its growth until the next vacuum or analyze (10k/100k scale runs: the claim took 2.8 and
   * 6.8 ms a call prepared, against 1.8 and 1.7 ms planned each time, 0.7 ms of that the planning).
   */
  async claim(ids: string[]): Promise<ClaimedNotice[]> {
    return rowsOf<ClaimedNotice>(
      await this.dataSource.query(
        `UPDATE notice n SET status = 'sending', attempts = n.attempts + 1, updated_at = now()
           FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id
          WHERE n.id = ANY($1::uuid[]) AND n.status IN ${OPEN} AND a.id = n.affected_id
          RETURNING n.id, n.incident_id, n.version, n.affected_id, n.tenant_id, n.tenant_external_id, n.contact_id, n.contact_role,
                    n.contact_name, n.channel, n."to", n.locale, n.kind, n.escalated, n.attempts,
                    t.name AS tenant_name, t.timezone AS tenant_timezone, t.country AS tenant_country, a.facts AS tenant_facts,
                    t.regimes AS tenant_regimes, t.notice_deadline_hours AS tenant_notice_deadline_hours,
                    CASE WHEN n.channel <> 'email' THEN EXISTS (
                      SELECT 1 FROM notice e WHERE e.affected_id = n.affected_id AND e.contact_id = n.contact_id AND e.channel = 'email') END AS email_also,
                    CASE WHEN n.version > 1 THEN EXISTS (
                      SELECT 1 FROM notice p WHERE p.tenant_external_id = n.tenant_external_id AND p.incident_id = n.incident_id AND p.version < n.version
                         AND p.contact_id = n.contact_id
                         AND p.status IN ('sent', 'delivered')) END AS contact_told_before,
                    CASE WHEN n.channel = 'webhook' THEN t.webhook_secret END AS webhook_secret,
                    CASE WHEN n.channel = 'webhook' THEN (
                      SELECT w.retired_at FROM webhook_retirement w WHERE w.tenant_id = n.tenant_id AND w.url = n."to") END AS webhook_retired_at`,
        [ids],
      ),
    );
  }

  /**
   * One statement for many sent notices: status (never moved back: a fast provider callback may already have moved
   * a notice on), their `sent` events, and the tenants' first_sent_at, locked in id order so two workers never
   * deadlock over the same tenants. Triggers make that first notice the row's told_at and carry it to the tenant's
   * rows of later versions, if there are any (migration LateTenants). The notices are also looked up by their
   * ids as an array: the planner knows how many that is (it guesses 100 rows for jsonb_to_recordset, and would
   * scan every notice of a small database rather than look 100 up).
   */
  async recordSent(records: SentRecord[]): Promise<void> {
    await this.dataSource.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r(id uuid, affected_id uuid, provider_message_id text, message_id text, subject text, content_hash text, detail jsonb, delivered boolean)),
       sent AS (
         UPDATE notice n SET status = CASE WHEN n.status IN ${OPEN} THEN (CASE WHEN r.delivered THEN 'delivered' ELSE 'sent' END) ELSE n.status END,
                sent_at = COALESCE(n.sent_at, now()), provider_message_id = r.provider_message_id, message_id = r.message_id,
                delivered_at = CASE WHEN r.delivered AND n.status IN ${OPEN} THEN now() ELSE n.delivered_at END,
                subject = r.subject, content_hash = r.content_hash, last_error = NULL, updated_at = now()
           FROM r WHERE n.id = r.id AND n.id = ANY($2::uuid[])),
       event AS (INSERT INTO notice_event (notice_id, type, detail)
                 SELECT r.id, 'sent', r.detail FROM r
                 UNION ALL SELECT r.id, 'delivered', jsonb_build_object('response', r.detail->'response', 'confirmedBy', 'send') FROM r WHERE r.delivered)
       UPDATE affected_tenant a SET first_sent_at = now()
         FROM (SELECT id FROM affected_tenant WHERE id IN (SELECT affected_id FROM r) AND first_sent_at IS NULL ORDER BY id FOR UPDATE) l
        WHERE a.id = l.id`,
      [JSON.stringify(records), records.map((r) => r.id)],
    );
  }

  /**
   * A failed attempt: its event, the status change and one provider error in the progress counters' flows
   * (what `heldBy: provider_errors` reads), in one statement, still all or nothing.
   */
  async recordFailure(attempt: FailedAttempt): Promise<void> {
    await this.dataSource.query(
      `WITH event AS (INSERT INTO notice_event (notice_id, type, detail) VALUES ($1, $4, $5)),
       error AS (INSERT INTO progress_delta (incident_id, version, metric, n) SELECT incident_id, version, 'error:' || channel, 1 FROM notice WHERE id = $1)
       UPDATE notice SET status = CASE WHEN $3 AND status = 'sending' THEN 'failed' ELSE status END, last_error = $2, updated_at = now() WHERE id = $1`,
      [attempt.noticeId, attempt.error, attempt.final, attempt.final ? 'failed' : 'attempt_failed', attempt.detail],
    );
  }

  /** A dispatched version's body and change summary (they never change once dispatched). */
  async versionBody(incidentId: string, version: number): Promise<{ body: unknown; change_summary: unknown }> {
    const [v] = await this.dataSource.query('SELECT body, change_summary FROM incident_version WHERE incident_id = $1 AND version = $2', [
      incidentId,
      version,
    ]);
    return v;
  }

  /** The first email this contact got about the incident, other than this notice; null when none. */
  async earlierEmail(incidentId: string, contactId: string, noticeId: string): Promise<string | null> {
    const [first] = await this.dataSource.query(
      `SELECT id FROM notice WHERE incident_id = $1 AND contact_id = $2 AND channel = 'email' AND id <> $3
              ORDER BY version, created_at LIMIT 1`,
      [incidentId, contactId, noticeId],
    );
    return first ? (first.id as string) : null;
  }

  /** The email notice a bounce names, or null when there is no email notice with that id. */
  async emailNotice(noticeId: string): Promise<{ id: string; to: string; affected_id: string } | null> {
    const [notice]: { id: string; to: string; affected_id: string }[] = await this.dataSource.query(
      `SELECT id, "to", affected_id FROM notice WHERE id = $1 AND channel = 'email'`,
      [noticeId],
    );
    return notice ?? null;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Locks the notice a report is about (by our id or the provider's) and answers its status; null when none. */
  async lockForReport(manager: EntityManager, where: { noticeId?: string; providerMessageId?: string }): Promise<{ id: string; status: NoticeStatus } | null> {
    const [notice] = where.noticeId
      ? await manager.query('SELECT id, status FROM notice WHERE id = $1 FOR UPDATE', [where.noticeId])
      : await manager.query('SELECT id, status FROM notice WHERE provider_message_id = $1 FOR UPDATE', [where.providerMessageId]);
    return notice ?? null;
  }

  /** Moves a notice on to `next` if it is still in one of `from`; true when it moved. */
  async moveStatus(manager: EntityManager, noticeId: string, next: NoticeStatus, from: NoticeStatus[], error: string): Promise<boolean> {
    const updated = rowsOf(
      await manager.query(
        `UPDATE notice SET status = $2, updated_at = now(),
                  delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
                  last_error = CASE WHEN $2 IN ('failed', 'bounced', 'undelivered') THEN $4 ELSE last_error END
            WHERE id = $1 AND status = ANY($3::text[]) RETURNING id`,
        [noticeId, next, from, error],
      ),
    );
    return updated.length > 0;
  }

  /** Keeps a report as an event, once per `dedupeKey`; false when one with that key was kept before. */
  async keepEvent(manager: EntityManager, noticeId: string, type: string, detail: Record<string, unknown>, dedupeKey: string | null): Promise<boolean> {
    const inserted = rowsOf(
      await manager.query(
        `INSERT INTO notice_event (notice_id, type, detail, dedupe_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
        [noticeId, type, detail, dedupeKey],
      ),
    );
    return inserted.length > 0;
  }
}
