import { ROLES, NOTICE_STATUSES, Role } from '@app/database';
import { CreateIncidentDto, UpdateIncidentDto } from '@app/incidents';
import { CHANNELS, isZonedDateTime, LOCALES } from '@app/kernel';
import { TenantDto } from '@app/tenants';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateBy, ValidationOptions } from 'class-validator';
import { BodyOptional, invalidAs, InvalidAs } from '../http/validation';

invalidAs('The incident is invalid', CreateIncidentDto);
invalidAs('The update is invalid', UpdateIncidentDto);
invalidAs('The tenant is invalid', TenantDto);

/** A page size: empty for the default, else a whole number from 1 to `max`. */
const IsPageLimit = (max: number, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPageLimit',
      validator: {
        validate: (value: unknown) => value === '' || (typeof value === 'string' && /^\d{1,7}$/.test(value) && Number(value) >= 1 && Number(value) <= max),
        defaultMessage: () => `limit must be a whole number from 1 to ${max}`,
      },
    },
    options,
  );

const IsZonedTime = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isZonedTime',
      validator: {
        validate: (value: unknown) => isZonedDateTime(value),
        defaultMessage: (args) => `${args?.property} must be an ISO 8601 time with a zone, e.g. 2024-05-01T00:00:00Z`,
      },
    },
    options,
  );

const CURSOR_MESSAGE = { message: 'cursor is not one this API returned' };

/** Text that is, once trimmed, from 1 to `max` characters long (one-line: textProblems refuses control characters). */
const IsTrimmedText = (max: number, message: string) =>
  ValidateBy({ name: 'isTrimmedText', validator: { validate: (v: unknown) => typeof v === 'string' && v.trim().length > 0 && v.length <= max } }, { message });

const OWNER_MESSAGE = 'owner (the person who will hold the key, e.g. an email) must be 1 to 200 characters without control characters';

/** POST /v1/api-keys; the service trims name and owner. */
@InvalidAs('The API key request is invalid')
export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 100, example: 'approver: Jan Kowalski' })
  @IsTrimmedText(100, 'name must be a non-empty string of at most 100 characters')
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiProperty({
    minLength: 1,
    maxLength: 200,
    example: 'jan.kowalski@vendor.example',
    description: 'the person who will hold the key; with REQUIRE_APPROVAL, a version is approved by a key of another owner than its creator’s',
  })
  @IsTrimmedText(200, OWNER_MESSAGE)
  owner: string;
}

/** POST /v1/incidents/{id}/approve: no body, `{}`, or `{"acceptLanguageGaps": true}`. */
@InvalidAs('The approval is invalid')
@BodyOptional()
export class ApproveIncidentDto {
  @ApiPropertyOptional({
    type: Boolean,
    description: 'approve although some readers would see text in another language (the `languageGaps` of the preview); the audit entry records the gaps accepted',
  })
  @IsOptional()
  @IsBoolean({ message: 'acceptLanguageGaps must be true or false' })
  acceptLanguageGaps?: boolean;
}

/** POST /v1/incidents/{id}/test-send; `to` is checked by the channel's own address rule in the service. */
@InvalidAs('The test send is invalid')
export class TestSendDto {
  @ApiProperty({ maxLength: 200, example: 'poznan-city', description: "the externalId of any registered tenant: its notice is rendered with its own facts" })
  @IsTrimmedText(200, 'tenant must be the externalId of a registered tenant')
  tenant: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel: string;

  @ApiPropertyOptional({ enum: LOCALES, description: "the language to render in; default the tenant's first contact's, else the tenant's" })
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: string;

  @ApiProperty({ maxLength: 254, example: 'me@vendor.example', description: 'where the test goes: an email address for email, an E.164 number for sms' })
  @IsTrimmedText(254, 'to is required: the address or number to send the test to')
  to: string;
}

/** GET /v1/incidents. */
export class IncidentListQuery {
  @IsOptional() @IsPageLimit(1000) limit?: string;
}

/** GET /v1/incidents/{id}/preview. */
export class PreviewQuery {
  @IsOptional() @IsPageLimit(50) limit?: string;
}

/** GET /v1/tenants. */
export class TenantListQuery {
  @IsOptional() @IsPageLimit(1000) limit?: string;
  @IsOptional() @IsString() @MaxLength(200) search?: string;
  @IsOptional() @IsString() @MaxLength(200, CURSOR_MESSAGE) cursor?: string;
}

/** GET /v1/sandbox/messages: a channel other than email or sms filters nothing. */
export class SandboxQuery {
  @IsOptional() @IsPageLimit(500) limit?: string;
  @IsOptional() @IsString() channel?: string;
  @IsOptional() @IsString() to?: string;
}

const AUDIT_ACTION = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;
const AUDIT_ACTOR = /^(system|tenant:.{1,200}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const matches = (name: string, pattern: RegExp, message: string) =>
  ValidateBy({ name, validator: { validate: (v: unknown) => typeof v === 'string' && v.length <= 250 && pattern.test(v) } }, { message });

/** GET /v1/audit. */
@InvalidAs('The audit query is invalid')
export class AuditQuery {
  @IsOptional() @IsPageLimit(1000) limit?: string;
  @IsOptional() @IsString(CURSOR_MESSAGE) @ValidateBy({ name: 'isSeq', validator: { validate: (v: unknown) => typeof v === 'string' && /^\d{1,18}$/.test(v) } }, CURSOR_MESSAGE)
  cursor?: string;
  @IsOptional() @matches('isAuditAction', AUDIT_ACTION, 'action must be an action name such as incident.approved') action?: string;
  @IsOptional() @matches('isAuditActor', AUDIT_ACTOR, 'actor must be an API key id (UUID), system, or tenant:<externalId>') actor?: string;
  @IsOptional() @IsString() @MaxLength(250) subject?: string;
  @IsOptional() @IsUUID('all', { message: 'incident must be an incident id (UUID)' }) incident?: string;
  @IsOptional() @IsZonedTime() from?: string;
  @IsOptional() @IsZonedTime() to?: string;
}

/** What GET /v1/notices and its export filter by. */
class NoticeFilterQuery {
  @IsOptional() @IsUUID('all', { message: 'incidentId must be a UUID' }) incidentId?: string;
  @IsOptional() @IsString() tenant?: string;
  @IsOptional() @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` }) channel?: string;
  @IsOptional() @IsIn(NOTICE_STATUSES, { message: `status must be one of ${NOTICE_STATUSES.join(', ')}` }) status?: string;
  @IsOptional() @IsZonedTime() from?: string;
  @IsOptional() @IsZonedTime() to?: string;
}

/** The filter of GET /v1/notices/export; the cursor of a page is checked by the notices service. */
@InvalidAs('The notice query is invalid')
export class NoticeExportQuery extends NoticeFilterQuery {
  @IsOptional() @IsIn(['csv', 'ndjson'], { message: 'format must be csv or ndjson' }) format?: 'csv' | 'ndjson';
}

/** GET /v1/notices. */
@InvalidAs('The notice query is invalid')
export class NoticeQuery extends NoticeFilterQuery {
  @IsOptional() @IsPageLimit(1000) limit?: string;
  @IsOptional() @IsString(CURSOR_MESSAGE) cursor?: string;
}

/** GET /v1/tenants/{externalId}/evidence. */
@InvalidAs('The evidence query is invalid')
export class EvidenceQuery {
  /** One message either way: a missing id is not also "not a UUID". */
  @IsUUID('all', { message: ({ value }) => (value === undefined || value === null ? 'incidentId is required' : 'incidentId must be a UUID') }) incidentId: string;
}
