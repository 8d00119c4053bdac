import { CHANNELS, Channel, DATA_CATEGORIES, Nature, NATURES } from '@app/templates';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  DataCategory,
  ENCRYPTION_STATES,
  EncryptionState,
  FINDING_VALUES,
  FindingValue,
  IsDay,
  IsE164,
  IsLocalizedName,
  IsLocalizedText,
  IsZonedDateTime,
  Locale,
  LOCALES,
  LocalizedText,
  NOTIFICATION_TARGETS,
  NotificationTarget,
} from '@app/kernel';
import { EXTERNAL_ID_PATTERN } from '@app/tenants';

/** OpenAPI shape of a text field: one string, or one string per locale. */
const LOCALIZED = {
  oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' }, description: 'by locale: en pl nl fr es de' }],
};
/** OpenAPI shape of a name: one line of up to 200 characters, or one per locale. */
const LOCALIZED_NAME = {
  oneOf: [{ type: 'string', maxLength: 200 }, { type: 'object', additionalProperties: { type: 'string', maxLength: 200 }, description: 'by locale: en pl nl fr es de' }],
};
const ZONED = { type: 'string', format: 'date-time', description: 'ISO 8601 with a zone' } as const;
const DAY = { type: 'string', format: 'date', nullable: true } as const;
const AWARE = { ...ZONED, description: 'ISO 8601 with a zone; not in the future (up to 5 minutes ahead of the server clock is allowed)' } as const;

export class SourceDto {
  @ApiProperty({ enum: ['internal', 'sub_processor'] })
  @IsIn(['internal', 'sub_processor']) kind: 'internal' | 'sub_processor';
  @ApiProperty({ example: 'SerwerSMS', maxLength: 200 })
  @IsString() @Length(1, 200) name: string;
}

/** The vendor's data protection officer, apart from the incident desk. */
export class DpoDto {
  @ApiPropertyOptional({ example: 'Maria Kowalska', maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ format: 'email', example: 'dpo@vendor.example', description: 'email or phone, at least one' })
  @ValidateIf((d: DpoDto) => d.email !== undefined || d.phone === undefined)
  @IsEmail({}, { message: 'email must be an email address (the DPO needs an email or a phone)' })
  email?: string;
  @ApiPropertyOptional({ description: 'E.164', example: '+48221234500' })
  @IsOptional() @IsE164() phone?: string;
}

export class ContactPointDto {
  @ApiProperty({ ...LOCALIZED_NAME, example: { en: 'Security incident desk', pl: 'Zespół ds. incydentów' } })
  @IsLocalizedName() name: LocalizedText;
  @ApiPropertyOptional({ format: 'email', example: 'dpo@vendor.example', description: 'email or phone, at least one' })
  @ValidateIf((c: ContactPointDto) => c.email !== undefined || c.phone === undefined)
  @IsEmail({}, { message: 'email must be an email address (the contact point needs an email or a phone)' })
  email?: string;
  @ApiPropertyOptional({ description: 'E.164', example: '+48221234567' })
  @IsOptional() @IsE164() phone?: string;
  @ApiPropertyOptional({ ...LOCALIZED, description: 'when the contact point answers', example: { en: '24/7', pl: 'całą dobę' } })
  @IsOptional() @IsLocalizedText() availability?: LocalizedText;
  @ApiPropertyOptional({ type: () => DpoDto })
  @IsOptional() @ValidateNested() @Type(() => DpoDto) @IsObject() dpo?: DpoDto;
}

/** What is known of what happened to the data: reachable is not the same as taken. A finding left out is pending. */
export class FindingsDto {
  @ApiPropertyOptional({ enum: FINDING_VALUES, description: 'someone other than the vendor read or reached the data', example: 'yes' })
  @IsOptional() @IsIn(FINDING_VALUES) accessed?: FindingValue;
  @ApiPropertyOptional({ enum: FINDING_VALUES, description: 'the data was copied out', example: 'unknown' })
  @IsOptional() @IsIn(FINDING_VALUES) exfiltrated?: FindingValue;
  @ApiPropertyOptional({ enum: FINDING_VALUES, description: 'the data was made public', example: 'no' })
  @IsOptional() @IsIn(FINDING_VALUES) published?: FindingValue;
  @ApiPropertyOptional({ enum: FINDING_VALUES, description: 'the data was used against the data subjects', example: 'no' })
  @IsOptional() @IsIn(FINDING_VALUES) misused?: FindingValue;
}

/** Another notification the vendor made of this breach. */
export class NotificationDto {
  @ApiProperty({ enum: NOTIFICATION_TARGETS, example: 'authority' })
  @IsIn(NOTIFICATION_TARGETS) to: NotificationTarget;
  @ApiProperty({ example: 'Prezes Urzędu Ochrony Danych Osobowych', maxLength: 200 })
  @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ ...ZONED, example: '2023-04-20T09:30:00+02:00' })
  @IsOptional() @IsZonedDateTime() at?: string;
  @ApiPropertyOptional({ example: 'DKN.5130.1234.2023', maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200) reference?: string;
}

export class ScopeDto {
  @ApiPropertyOptional({ type: [String], example: ['sms-gateway'] })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ArrayUnique() @IsString({ each: true }) @Length(1, 200, { each: true }) systems?: string[];
  @ApiPropertyOptional({ type: [String], example: ['SerwerSMS'] })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ArrayUnique() @IsString({ each: true }) @Length(1, 200, { each: true }) subProcessors?: string[];
  @ApiPropertyOptional({ enum: DATA_CATEGORIES, isArray: true, example: ['phone_number', 'message_content'] })
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(DATA_CATEGORIES, { each: true }) dataCategories?: string[];
  @ApiPropertyOptional({ ...DAY, example: '2018-01-01' })
  @IsOptional() @IsDay() exposedFrom?: string | null;
  @ApiPropertyOptional({ ...DAY, example: '2023-04-19' })
  @IsOptional() @IsDay() exposedTo?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'tenants added whatever their exposures (externalId)' })
  @IsOptional() @IsArray() @ArrayMaxSize(100_000) @ArrayUnique() @Matches(EXTERNAL_ID_PATTERN, { each: true, message: 'each value in includeTenants must be a tenant externalId' })
  includeTenants?: string[];
  @ApiPropertyOptional({ type: [String], description: 'tenants left out (externalId); exclude wins' })
  @IsOptional() @IsArray() @ArrayMaxSize(100_000) @ArrayUnique() @Matches(EXTERNAL_ID_PATTERN, { each: true, message: 'each value in excludeTenants must be a tenant externalId' })
  excludeTenants?: string[];
}

/** Most systems `systemNames` may name. */
export const MAX_SYSTEM_NAMES = 1000;

/** Fields an update may change; every one optional. */
export class IncidentFieldsDto {
  @ApiPropertyOptional({ ...LOCALIZED, example: 'Unauthorised access to the SMS archive' })
  @IsOptional() @IsLocalizedText() title?: LocalizedText;
  @ApiPropertyOptional({ type: () => SourceDto })
  @IsOptional() @ValidateNested() @Type(() => SourceDto) @IsObject() source?: SourceDto;
  @ApiPropertyOptional({ ...AWARE, example: '2023-04-19T14:00:00Z' })
  @IsOptional() @IsZonedDateTime() awareAt?: string;
  @ApiPropertyOptional({ ...ZONED, nullable: true, example: '2023-04-19T00:00:00Z' })
  @IsOptional() @IsZonedDateTime() occurredFrom?: string | null;
  @ApiPropertyOptional({ ...ZONED, nullable: true, example: '2023-04-19T16:00:00Z' })
  @IsOptional() @IsZonedDateTime() occurredTo?: string | null;
  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional() @IsBoolean() contained?: boolean | null;
  @ApiPropertyOptional({ enum: NATURES, isArray: true, example: ['confidentiality'] })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(NATURES, { each: true }) nature?: Nature[];
  @ApiPropertyOptional({ type: () => ScopeDto })
  @IsOptional() @ValidateNested() @Type(() => ScopeDto) @IsObject() scope?: ScopeDto;
  @ApiPropertyOptional({ ...LOCALIZED, example: { en: 'An unknown party accessed the archive of sent SMS messages.' } })
  @IsOptional() @IsLocalizedText() description?: LocalizedText;
  @ApiPropertyOptional(LOCALIZED)
  @IsOptional() @IsLocalizedText() cause?: LocalizedText;
  @ApiPropertyOptional(LOCALIZED)
  @IsOptional() @IsLocalizedText() consequences?: LocalizedText;
  @ApiPropertyOptional(LOCALIZED)
  @IsOptional() @IsLocalizedText() measuresTaken?: LocalizedText;
  @ApiPropertyOptional(LOCALIZED)
  @IsOptional() @IsLocalizedText() measuresPlanned?: LocalizedText;
  @ApiPropertyOptional(LOCALIZED)
  @IsOptional() @IsLocalizedText() recommendedActions?: LocalizedText;
  @ApiPropertyOptional(LOCALIZED)
  @IsOptional() @IsLocalizedText() subjectActions?: LocalizedText;
  @ApiPropertyOptional({ ...ZONED, nullable: true })
  @IsOptional() @IsZonedDateTime() nextUpdateAt?: string | null;
  @ApiPropertyOptional({ type: () => ContactPointDto })
  @IsOptional() @ValidateNested() @Type(() => ContactPointDto) @IsObject() contact?: ContactPointDto;
  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, example: ['email', 'sms'] })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(CHANNELS, { each: true }) channels?: Channel[];
  @ApiPropertyOptional({ enum: LOCALES, default: 'en', description: 'the language the plain-string text fields are written in' })
  @IsOptional() @IsIn(LOCALES) language?: Locale;
  @ApiPropertyOptional({ ...LOCALIZED, description: "the vendor's service concerned", example: { en: 'SMS gateway', pl: 'bramka SMS' } })
  @IsOptional() @IsLocalizedText() service?: LocalizedText;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: LOCALIZED_NAME,
    maxProperties: MAX_SYSTEM_NAMES,
    description: 'the readable name of each system (by its identifier in scope.systems), shown instead of the identifier',
    example: { 'sms-gateway': { en: 'SMS gateway', pl: 'bramka SMS' } },
  })
  @IsOptional() @IsObject() systemNames?: Record<string, LocalizedText>;
  @ApiPropertyOptional({ ...ZONED, nullable: true, description: 'when the breach was contained (implies contained: true); not in the future (up to 5 minutes ahead of the server clock is allowed)', example: '2023-04-19T18:00:00Z' })
  @IsOptional() @IsZonedDateTime() containedAt?: string | null;
  @ApiPropertyOptional({ type: () => FindingsDto })
  @IsOptional() @ValidateNested() @Type(() => FindingsDto) @IsObject() findings?: FindingsDto;
  @ApiPropertyOptional({ enum: ENCRYPTION_STATES, description: 'whether the data concerned was protected by encryption', example: 'none' })
  @IsOptional() @IsIn(ENCRYPTION_STATES) encryption?: EncryptionState;
  @ApiPropertyOptional({ ...LOCALIZED, description: 'what was not affected', example: { en: 'Payment data is held in another system and was not affected.' } })
  @IsOptional() @IsLocalizedText() notAffected?: LocalizedText;
  @ApiPropertyOptional({ enum: DATA_CATEGORIES, isArray: true, description: 'data categories known not to be affected; none of scope.dataCategories', example: ['payment_data'] })
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(DATA_CATEGORIES, { each: true }) ruledOutCategories?: DataCategory[];
  @ApiPropertyOptional({ type: () => [NotificationDto], maxItems: 50, description: 'other notifications the vendor made (authority, police, CSIRT)' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => NotificationDto) notifications?: NotificationDto[];
  @ApiPropertyOptional({ ...LOCALIZED, description: "why the notice comes late (after the tenant's notice deadline)", example: { en: 'The sub-processor told us only on 22 April.' } })
  @IsOptional() @IsLocalizedText() delayReason?: LocalizedText;
}

export class CreateIncidentDto extends IncidentFieldsDto {
  // `required: true` spelled out: these override the optional fields they inherit.
  @ApiProperty({ example: 'INC-2023-0419', description: 'unique; 1-64 letters, digits or . _ : / -' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/, { message: 'reference must be 1-64 letters, digits or . _ : / - and start with a letter or digit' })
  reference: string;
  @ApiProperty({ required: true, ...LOCALIZED, example: 'Unauthorised access to the SMS archive' })
  @IsLocalizedText() declare title: LocalizedText;
  @ApiProperty({ required: true, ...AWARE, example: '2023-04-19T14:00:00Z' })
  @IsZonedDateTime() declare awareAt: string;
  @ApiProperty({ required: true, enum: NATURES, isArray: true, example: ['confidentiality'] })
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(NATURES, { each: true }) declare nature: Nature[];
  @ApiProperty({ required: true, type: () => ScopeDto })
  @ValidateNested() @Type(() => ScopeDto) @IsObject() declare scope: ScopeDto;
  @ApiProperty({ required: true, type: () => ContactPointDto })
  @ValidateNested() @Type(() => ContactPointDto) @IsObject() declare contact: ContactPointDto;
  @ApiProperty({ required: true, enum: CHANNELS, isArray: true, example: ['email', 'sms'] })
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(CHANNELS, { each: true }) declare channels: Channel[];
}

export class UpdateIncidentDto extends IncidentFieldsDto {
  @ApiProperty({ ...LOCALIZED, example: 'The number of affected records is now known.' })
  @IsLocalizedText() changeSummary: LocalizedText;
  /** Marks this version as the final notice of the incident. */
  @ApiPropertyOptional({ type: Boolean, description: 'marks this version as the final notice' })
  @IsOptional() @IsBoolean() final?: boolean;
}

/** The stored body of one version: what was filed, merged with every update since. */
export type IncidentBody = Omit<CreateIncidentDto, never> & { final?: boolean };
