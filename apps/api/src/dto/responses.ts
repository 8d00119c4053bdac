import { NOTICE_STATUSES, ROLES } from '@app/database';
import { CreateIncidentDto } from '@app/incidents';
import { HELD_BY } from '@app/progress';
import { TenantDto } from '@app/tenants';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, LOCALES } from '@app/kernel';
import { REGIMES } from '@app/regimes';

/** What the OpenAPI document says each route answers on success; the services build the values. */

const TIME = { type: String, format: 'date-time' } as const;
const TIME_OR_NULL = { ...TIME, nullable: true } as const;
const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
const STATUS_COUNTS = { type: 'object', additionalProperties: { type: 'integer' }, description: `total and one count per status: ${NOTICE_STATUSES.join(', ')}` } as const;
const INCIDENT_STATUSES = ['draft', 'approved', 'dispatching', 'dispatched', 'completed', 'closed'];

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'approver: Jan Kowalski' }) name: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ example: 'jan.kowalski@vendor.example', description: 'the person who holds the key; `bootstrap` for ADMIN_API_KEY' }) owner: string;
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty({ ...TIME_OR_NULL, description: 'last authentication with the key (recorded at most once a minute)' }) lastUsedAt: string | null;
  @ApiProperty(TIME_OR_NULL) revokedAt: string | null;
}

export class ApiKeyList {
  @ApiProperty({ type: [ApiKeyView] }) items: ApiKeyView[];
}

export class CreatedApiKey {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'the key itself: shown in this answer only, stored hashed', example: 'bc_…' }) key: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty() owner: string;
}

export class TenantImportResult {
  @ApiProperty({ type: 'integer' }) imported: number;
  @ApiProperty({ type: 'integer' }) created: number;
  @ApiProperty({ type: 'integer' }) updated: number;
}

export class TenantSummary {
  @ApiProperty({ example: 'poznan-city' }) externalId: string;
  @ApiProperty() name: string;
  @ApiProperty() locale: string;
  @ApiProperty() country: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ enum: REGIMES, isArray: true, description: 'the regimes in effect' }) regimes: string[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'its own notice deadline in hours; null: NOTICE_DEADLINE_DEFAULT' }) noticeDeadlineHours: number | null;
  @ApiProperty({ type: 'integer' }) contacts: number;
  @ApiProperty({ type: 'integer' }) exposures: number;
}

export class TenantPage {
  @ApiProperty({ type: [TenantSummary] }) items: TenantSummary[];
  @ApiProperty({ type: String, nullable: true, description: 'give it as `cursor` for the next page' }) nextCursor: string | null;
}

/** The tenant as stored: the fields of a PUT with its contacts and exposures. */
export class TenantView extends TenantDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when its webhook signing secret was last created or rotated; null: it has none' })
  webhookSecretRotatedAt: string | null;
}

export class WebhookSecretView {
  @ApiProperty({ example: 'poznan-city' }) tenant: string;
  @ApiProperty({ description: 'the Standard Webhooks signing secret: shown in this answer only, stored sealed', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) secret: string;
  @ApiProperty({ format: 'date-time' }) rotatedAt: string;
  @ApiProperty({ description: 'an earlier secret was replaced (it no longer signs)' }) replaced: boolean;
}

export class IncidentVersionSummary {
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
  @ApiProperty({ ...ANY_OBJECT, nullable: true }) changeSummary: unknown;
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty(TIME_OR_NULL) approvedAt: string | null;
  @ApiProperty(TIME_OR_NULL) dispatchedAt: string | null;
  @ApiProperty(TIME_OR_NULL) plannedAt: string | null;
  @ApiProperty(TIME_OR_NULL) completedAt: string | null;
}

/** An incident: the fields of its current version with the life cycle of that version and the list of versions. */
export class IncidentView extends CreateIncidentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
  @ApiProperty({ ...ANY_OBJECT, nullable: true }) changeSummary: unknown;
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'API key id' }) createdBy: string | null;
  @ApiProperty(TIME_OR_NULL) approvedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'API key id' }) approvedBy: string | null;
  @ApiProperty(TIME_OR_NULL) dispatchedAt: string | null;
  @ApiProperty(TIME_OR_NULL) plannedAt: string | null;
  @ApiProperty(TIME_OR_NULL) completedAt: string | null;
  @ApiProperty(TIME_OR_NULL) closedAt: string | null;
  @ApiProperty({ type: [IncidentVersionSummary] }) versions: IncidentVersionSummary[];
}

export class IncidentSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }] }) title: unknown;
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty(TIME_OR_NULL) dispatchedAt: string | null;
  @ApiProperty(TIME_OR_NULL) completedAt: string | null;
}

export class IncidentList {
  @ApiProperty({ type: [IncidentSummary] }) items: IncidentSummary[];
}

export class DispatchResult {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
}

export class RenderProblemView {
  @ApiProperty() tenant: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty() message: string;
}

export class LanguageGapView {
  @ApiProperty({ enum: LOCALES }) locale: string;
  @ApiProperty({
    type: [String],
    example: ['consequences', 'contact.name', 'systemNames.sms-gateway'],
    description:
      'text fields its readers would see in another language, as dotted paths (title, description, cause, consequences, measuresTaken, measuresPlanned, ' +
      'recommendedActions, subjectActions, service, notAffected, delayReason, changeSummary, contact.name, contact.availability, systemNames.<system>); ' +
      'empty when this locale has no gap',
  })
  fields: string[];
  @ApiProperty({ type: 'integer', description: 'affected tenants with at least one contact of the first notice reading this locale (the contact’s locale, else the tenant’s)' })
  tenants: number;
}

export class PreviewMessageView {
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty({ description: 'the address or number, as it will be sent to' }) to: string;
  @ApiProperty({ example: 'dpo' }) contactRole: string;
  @ApiProperty({ enum: LOCALES }) locale: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for an SMS' }) subject: string | null;
  @ApiProperty({ description: 'the text as it will be sent, the acknowledgement link redacted' }) text: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for an SMS' }) html: string | null;
}

export class PreviewSampleView {
  @ApiProperty({ description: "the tenant's externalId", example: 'poznan-city' }) tenant: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LOCALES }) locale: string;
  @ApiProperty({ ...ANY_OBJECT, description: 'what this tenant is told: its data categories, data subjects and records, systems, sub-processors and period' }) facts: Record<string, unknown>;
  @ApiProperty({ type: [PreviewMessageView], description: 'one per contact of the first notice and channel' }) messages: PreviewMessageView[];
}

export class PreviewView {
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
  @ApiProperty({ type: 'integer' }) affectedTenants: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'first notices planned, by channel', example: { email: 120, sms: 80 } })
  plannedNotices: Record<string, number>;
  @ApiProperty({ type: [PreviewSampleView], description: 'the first `limit` affected tenants by externalId' }) samples: PreviewSampleView[];
  @ApiProperty({ type: [RenderProblemView] }) renderErrors: RenderProblemView[];
  @ApiProperty({
    type: [LanguageGapView],
    description:
      'one entry for every locale read by the affected tenants, in the order en pl nl fr es de, with an empty `fields` list when that locale has no gap. ' +
      'A plain-string text is written in the incident’s `language` (default en): a gap for every other locale; a map by locale is a gap where it lacks the locale. ' +
      'Approval refuses a version with gaps (409) unless its body is {"acceptLanguageGaps": true}.',
  })
  languageGaps: LanguageGapView[];
}

export class LanguageGapConflict {
  @ApiProperty({ type: 'integer', example: 409 }) statusCode: number;
  @ApiProperty({ example: 'Conflict' }) error: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: [LanguageGapView], description: 'the locales with gaps only' }) languageGaps: LanguageGapView[];
}

export class ChannelPaceView {
  @ApiProperty({ description: 'notices of this version settled (sent, delivered or final) per second over the last minute, or since dispatch when that is sooner' }) perSecond: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'seconds until every open notice of the channel settles at that rate; 0 when none is open, null while nothing moves' })
  etaSeconds: number | null;
  @ApiProperty({ type: 'integer', description: 'open notices: pending, queued or sending' }) open: number;
  @ApiProperty({ description: "the channel's rate ceiling per second, shared by every worker (0 = none)" }) ceiling: number;
  @ApiProperty({
    enum: HELD_BY,
    isArray: true,
    description:
      'why it is slow while notices are open: no_worker (no worker is consuming), rate_ceiling (every incident together settled at 75 % or more of the ceiling over the last 10 s: the gate counts each send for its answer time plus a second), ' +
      "other_incidents (other incidents' notices are queued or being sent on this channel), provider_errors (failed attempts, bounces or undelivered reports in the last minute)",
  })
  heldBy: string[];
}

export class ProgressView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
  @ApiProperty({ type: 'integer' }) affectedTenants: number;
  @ApiProperty({ type: 'integer' }) withdrawnTenants: number;
  @ApiProperty(STATUS_COUNTS) notices: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: STATUS_COUNTS, description: 'the same counts per channel' }) byChannel: Record<string, Record<string, number>>;
  @ApiProperty({ type: 'integer' }) acknowledgedTenants: number;
  @ApiProperty({ type: 'integer', description: 'affected tenants whose first notice was sent after its dueAt, or not sent while dueAt has passed' }) lateTenants: number;
  @ApiProperty(TIME_OR_NULL) dispatchedAt: string | null;
  @ApiProperty(TIME_OR_NULL) plannedAt: string | null;
  @ApiProperty(TIME_OR_NULL) completedAt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ChannelPaceView' }, description: 'per channel of the version: rate, ETA and why it is slow' })
  channels: Record<string, ChannelPaceView>;
  @ApiProperty({ type: 'integer', nullable: true, description: 'workers consuming the queues now, by their heartbeats (0: no worker is consuming; null: Redis did not answer)' })
  workersConsuming: number | null;
}

export class NoticeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ description: "the tenant's externalId" }) tenant: string;
  @ApiProperty() contactRole: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: NOTICE_STATUSES }) status: string;
  @ApiProperty() kind: string;
  @ApiProperty() escalated: boolean;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiProperty({ type: String, nullable: true }) providerMessageId: string | null;
  @ApiProperty({ type: String, nullable: true }) messageId: string | null;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of JSON [subject, text, html] as sent' }) contentHash: string | null;
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty(TIME_OR_NULL) queuedAt: string | null;
  @ApiProperty(TIME_OR_NULL) sentAt: string | null;
  @ApiProperty(TIME_OR_NULL) deliveredAt: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
}

export class NoticePage {
  @ApiProperty({ type: [NoticeView] }) items: NoticeView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class NoticeEventView {
  @ApiProperty(TIME) at: string;
  @ApiProperty() type: string;
  @ApiProperty({ ...ANY_OBJECT, nullable: true }) detail: unknown;
}

export class NoticeWithEvents extends NoticeView {
  @ApiProperty({ type: [NoticeEventView] }) events: NoticeEventView[];
}

export class AuditEntryView {
  @ApiProperty({ type: 'integer' }) seq: number;
  @ApiProperty(TIME) at: string;
  @ApiProperty({ description: 'API key id, `system`, or `tenant:<externalId>`' }) actor: string;
  @ApiProperty({ type: String, nullable: true, description: 'the name of the key that acted; null for `system` and tenants' }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the person who holds that key' }) actorOwner: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ROLES }) actorRole: string | null;
  @ApiProperty({ example: 'incident.approved' }) action: string;
  @ApiProperty({ example: 'incident:0b5f6a8e-3c1d-4e0f-9a7b-2d4c6e8f0a1b' }) subject: string;
  @ApiProperty(ANY_OBJECT) details: Record<string, unknown>;
  @ApiProperty() hash: string;
  @ApiProperty() prevHash: string;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) items: AuditEntryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AuditVerifyView {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: 'integer' }) entries: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'the first edited, deleted or reordered entry' }) firstBadSeq: number | null;
  @ApiProperty({ type: String, nullable: true }) head: string | null;
}

export class EvidencePackView {
  @ApiProperty(TIME) generatedAt: string;
  @ApiProperty({ type: 'object', properties: { externalId: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string' }, country: { type: 'string' }, timezone: { type: 'string' } } })
  tenant: Record<string, string>;
  @ApiProperty({
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, currentVersion: { type: 'integer' }, createdAt: { type: 'string', format: 'date-time' }, closedAt: { type: 'string', format: 'date-time', nullable: true } },
  })
  incident: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: ANY_OBJECT, description: 'each version and what this tenant was told in it' }) versions: unknown[];
  @ApiProperty({ type: 'array', items: ANY_OBJECT, description: 'every notice with the SHA-256 of what was sent and its delivery events' }) notices: unknown[];
  @ApiPropertyOptional({ ...ANY_OBJECT, nullable: true, description: 'when, IP, user agent' }) acknowledgement?: unknown;
  @ApiProperty({ type: 'array', items: ANY_OBJECT }) audit: unknown[];
  @ApiPropertyOptional({ type: String, description: 'how the hashes are computed' }) contentHash?: string;
}

export class SandboxMessageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty() to: string;
  @ApiPropertyOptional({ type: String, nullable: true }) subject?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) text?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) html?: string | null;
  @ApiProperty(TIME) createdAt: string;
}

export class SandboxMessagePage {
  @ApiProperty({ type: [SandboxMessageView] }) items: SandboxMessageView[];
}

export class WebhookResult {
  @ApiProperty({ enum: [true] }) ok: true;
  @ApiProperty({ enum: ['applied', 'duplicate', 'ignored', 'unknown'] }) result: string;
}

export class EmailEventsResult {
  @ApiProperty({ enum: [true] }) ok: true;
  @ApiProperty({ description: 'events kept on their notice (moving it on where the rules allow)', example: 1 }) applied: number;
  @ApiProperty({ description: 'events taken before (a retry, a replay): nothing changed', example: 0 }) duplicate: number;
  @ApiProperty({ description: 'events that say nothing about delivery (opens, clicks, processed)', example: 0 }) ignored: number;
  @ApiProperty({ description: 'events that name no notice of ours: ignored', example: 0 }) unknown: number;
  @ApiPropertyOptional({ description: 'SES only: an SNS subscription confirmation was confirmed' }) confirmed?: boolean;
}

export class HealthCheckView {
  @ApiProperty({ enum: ['up', 'down'] }) status: string;
  @ApiPropertyOptional({ description: 'why it is down' }) error?: string;
  @ApiPropertyOptional({ description: 'why it is down (also under `error`)' }) message?: string;
}

export class WorkerCheckView {
  @ApiProperty({ enum: ['up', 'down'], description: 'up while at least one worker beat within the last 15 s' }) status: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'workers consuming the queues now (null when Redis does not answer)' }) consuming: number | null;
  @ApiPropertyOptional({ description: 'why it is down: no worker is consuming, or the heartbeats could not be read' }) error?: string;
}

export class HealthChecks {
  @ApiProperty({ type: HealthCheckView }) database: HealthCheckView;
  @ApiProperty({ type: HealthCheckView }) redis: HealthCheckView;
  @ApiProperty({
    type: WorkerCheckView,
    description:
      'the workers consuming the queues, by their heartbeats. Reported only: an API process without workers of its own is a normal deployment, ' +
      'so no worker does not make /health answer 503 (notices wait in PostgreSQL until one consumes).',
  })
  worker: WorkerCheckView;
}

export class HealthView {
  @ApiProperty({ enum: ['ok', 'error'] }) status: string;
  @ApiProperty({ type: HealthChecks }) checks: HealthChecks;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HealthCheckView' }, description: 'the checks that are up' }) info: Record<string, HealthCheckView>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HealthCheckView' }, description: 'the checks that are down' }) error: Record<string, HealthCheckView>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HealthCheckView' }, description: 'every check' }) details: Record<string, HealthCheckView>;
}

export class TestSendTenant {
  @ApiProperty({ example: 'poznan-city' }) externalId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'whether the scope of the current version affects it (else it was told of all its exposures)' }) affected: boolean;
}

export class TestSendView {
  @ApiProperty({ enum: [true], description: 'always true: a test, counted nowhere' }) test: boolean;
  @ApiProperty({ format: 'uuid', description: 'the test message’s own id (email Message-ID); no notice has it' }) id: string;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ enum: ['initial', 'update'] }) kind: string;
  @ApiProperty({ type: TestSendTenant }) tenant: TestSendTenant;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty({ enum: LOCALES }) locale: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: String, nullable: true, description: 'as sent, `TEST: ` first; null for SMS' }) subject: string | null;
  @ApiProperty({ description: 'the text as sent, marked as a test' }) text: string;
  @ApiProperty() providerMessageId: string;
  @ApiProperty({ description: 'captured by the sandbox instead of sent' }) sandboxed: boolean;
  @ApiProperty(TIME) sentAt: string;
}
