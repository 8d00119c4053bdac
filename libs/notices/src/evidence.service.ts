import { Injectable } from '@nestjs/common';
import { AuditEntryView, AuditService } from '@app/audit';
import { InvalidInputError, isUuid, NotFoundError } from '@app/kernel';
import { NoticeLogRepository } from './notice-log.repository';
import { NoticeEventView, NoticeView, toNoticeEventView, toNoticeView } from './notices.service';
import { TenantHistoryRepository } from './tenant-history.repository';

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

/**
 * How `contentHash` is computed (DeliveryService): exactly what went to the provider, hashed once
 * it accepted the message. Anyone holding the received subject and bodies can recompute it.
 */
export const CONTENT_HASH = {
  algorithm: 'SHA-256',
  encoding: 'hex',
  input: 'JSON.stringify([subject, text, html]) as UTF-8',
  fields: {
    subject: 'email Subject header as rendered (before MIME encoding); null for SMS and webhook',
    text: "email text/plain body, or the SMS body, or a webhook event's `data` as JSON (the CloudEvent's envelope and headers add the notice id and the send time)",
    html: 'email text/html body; null for SMS and webhook',
  },
  example: 'sha256(\'["INC-1: notice","Dear …","<p>Dear …</p>"]\')',
} as const;

export interface Acknowledgement {
  at: string;
  ip: string | null;
  userAgent: string | null;
}

export interface EvidencePack {
  generatedAt: string;
  tenant: { externalId: string; name: string; locale: string; country: string; timezone: string };
  incident: { id: string; reference: string; currentVersion: number; createdAt: string; closedAt: string | null };
  versions: {
    version: number;
    status: string;
    createdAt: string;
    approvedAt: string | null;
    dispatchedAt: string | null;
    plannedAt: string | null;
    completedAt: string | null;
    changeSummary: unknown;
    /** What the vendor stated in this version; which other tenants were included or excluded is left out. */
    body: Record<string, unknown>;
    affected: boolean;
    kind: string | null;
    facts: unknown;
    firstSentAt: string | null;
    escalatedAt: string | null;
    escalationExhausted: boolean;
    acknowledgement: Acknowledgement | null;
  }[];
  acknowledgements: (Acknowledgement & { version: number })[];
  notices: (NoticeView & { events: { at: string; type: string; detail: unknown }[] })[];
  contentHash: typeof CONTENT_HASH;
  audit: EvidenceAuditEntry[];
}

/**
 * An audit entry as one tenant may read it. `detailsOmitted`: details of the whole incident that
 * concern every tenant at once (how many were affected, notices in total) were left out, so `hash`
 * verifies against the full trail (`GET /v1/audit/verify`), not against this copy.
 */
export type EvidenceAuditEntry = AuditEntryView & { detailsOmitted?: true };

/** What an incident-wide entry may show one tenant: the same for every tenant, and no figure across them. */
const SHARED_DETAILS = new Set(['version', 'reference', 'changed']);

function forOneTenant(entry: AuditEntryView, externalId: string): EvidenceAuditEntry {
  if (entry.subject === `tenant:${externalId}` || entry.details.tenant === externalId) return entry;
  const shared = Object.entries(entry.details).filter(([key]) => SHARED_DETAILS.has(key));
  if (shared.length === Object.keys(entry.details).length) return entry;
  return { ...entry, details: Object.fromEntries(shared), detailsOmitted: true };
}

function withoutOtherTenants(body: Record<string, unknown>): Record<string, unknown> {
  const scope = body.scope as Record<string, unknown> | undefined;
  if (!scope) return body;
  const { includeTenants, excludeTenants, ...rest } = scope;
  void includeTenants;
  void excludeTenants;
  return { ...body, scope: rest };
}

/** One tenant's proof for one incident: what it was told, when, through which channel, and what it did. */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly history: TenantHistoryRepository,
    private readonly audit: AuditService,
    private readonly noticeLog: NoticeLogRepository,
  ) {}

  async pack(externalId: string, incidentId: string | undefined): Promise<EvidencePack> {
    if (!incidentId) throw new InvalidInputError('The evidence query is invalid', [{ field: 'incidentId', message: 'incidentId is required' }]);
    if (!isUuid(incidentId)) throw new InvalidInputError('The evidence query is invalid', [{ field: 'incidentId', message: 'incidentId must be a UUID' }]);
    const tenant = await this.history.findTenant(externalId);
    if (!tenant) throw new NotFoundError(`Tenant ${externalId} does not exist`);
    const incident = await this.history.findIncident(incidentId);
    if (!incident) throw new NotFoundError(`Incident ${incidentId} does not exist`);

    const versions = await this.history.versionsForTenant(incidentId, tenant.id);
    const notices = await this.noticeLog.ofTenant(incidentId, tenant.id);
    const events = notices.length ? await this.noticeLog.eventsOfNotices(notices.map((n) => n.id)) : [];
    const eventsOf = new Map<string, NoticeEventView[]>();
    for (const e of events) {
      const list = eventsOf.get(e.notice_id as string) ?? [];
      list.push(toNoticeEventView(e));
      eventsOf.set(e.notice_id as string, list);
    }
    const audit = await this.audit.related([`incident:${incidentId}`, `tenant:${externalId}`], externalId);

    const ack = (v: Record<string, unknown>): Acknowledgement | null =>
      v.acknowledged_at ? { at: iso(v.acknowledged_at)!, ip: (v.ack_ip as string) ?? null, userAgent: (v.ack_user_agent as string) ?? null } : null;
    const versionViews = versions.map((v) => ({
      version: v.version as number,
      status: incident.closed_at ? 'closed' : (v.status as string),
      createdAt: iso(v.created_at)!,
      approvedAt: iso(v.approved_at),
      dispatchedAt: iso(v.dispatched_at),
      plannedAt: iso(v.planned_at),
      completedAt: iso(v.completed_at),
      changeSummary: v.change_summary ?? null,
      body: withoutOtherTenants(v.body as Record<string, unknown>),
      affected: v.affected_id !== null,
      kind: (v.kind as string) ?? null,
      facts: v.facts ?? null,
      firstSentAt: iso(v.first_sent_at),
      escalatedAt: iso(v.escalated_at),
      escalationExhausted: v.escalation_exhausted === true,
      acknowledgement: ack(v),
    }));
    return {
      generatedAt: new Date().toISOString(),
      tenant: { externalId: tenant.external_id, name: tenant.name, locale: tenant.locale, country: tenant.country, timezone: tenant.timezone },
      incident: {
        id: incident.id,
        reference: incident.reference,
        currentVersion: incident.current_version,
        createdAt: iso(incident.created_at)!,
        closedAt: iso(incident.closed_at),
      },
      versions: versionViews,
      acknowledgements: versionViews.filter((v) => v.acknowledgement).map((v) => ({ version: v.version, ...v.acknowledgement! })),
      notices: notices.map((n) => ({
        ...toNoticeView(n),
        events: eventsOf.get(n.id as string) ?? [],
      })),
      contentHash: CONTENT_HASH,
      audit: audit.map((entry) => forOneTenant(entry, externalId)),
    };
  }
}
