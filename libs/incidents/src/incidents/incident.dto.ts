import { CHANNELS, Channel, DATA_CATEGORIES, Nature, NATURES } from '@app/templates';
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
import { IsDay, IsE164, IsLocalizedText, IsZonedDateTime, LocalizedText } from '../validators';
import { EXTERNAL_ID_PATTERN } from '../tenants/tenant.dto';

export class SourceDto {
  @IsIn(['internal', 'sub_processor']) kind: 'internal' | 'sub_processor';
  @IsString() @Length(1, 200) name: string;
}

export class ContactPointDto {
  @IsString() @Length(1, 200) name: string;
  @ValidateIf((c: ContactPointDto) => c.email !== undefined || c.phone === undefined)
  @IsEmail({}, { message: 'email must be an email address (the contact point needs an email or a phone)' })
  email?: string;
  @IsOptional() @IsE164() phone?: string;
}

export class ScopeDto {
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ArrayUnique() @IsString({ each: true }) @Length(1, 200, { each: true }) systems?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ArrayUnique() @IsString({ each: true }) @Length(1, 200, { each: true }) subProcessors?: string[];
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(DATA_CATEGORIES, { each: true }) dataCategories?: string[];
  @IsOptional() @IsDay() exposedFrom?: string | null;
  @IsOptional() @IsDay() exposedTo?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(100_000) @ArrayUnique() @Matches(EXTERNAL_ID_PATTERN, { each: true, message: 'each value in includeTenants must be a tenant externalId' })
  includeTenants?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(100_000) @ArrayUnique() @Matches(EXTERNAL_ID_PATTERN, { each: true, message: 'each value in excludeTenants must be a tenant externalId' })
  excludeTenants?: string[];
}

/** Fields an update may change; every one optional. */
export class IncidentFieldsDto {
  @IsOptional() @IsLocalizedText() title?: LocalizedText;
  @IsOptional() @ValidateNested() @Type(() => SourceDto) @IsObject() source?: SourceDto;
  @IsOptional() @IsZonedDateTime() awareAt?: string;
  @IsOptional() @IsZonedDateTime() occurredFrom?: string | null;
  @IsOptional() @IsZonedDateTime() occurredTo?: string | null;
  @IsOptional() @IsBoolean() contained?: boolean | null;
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(NATURES, { each: true }) nature?: Nature[];
  @IsOptional() @ValidateNested() @Type(() => ScopeDto) @IsObject() scope?: ScopeDto;
  @IsOptional() @IsLocalizedText() description?: LocalizedText;
  @IsOptional() @IsLocalizedText() cause?: LocalizedText;
  @IsOptional() @IsLocalizedText() consequences?: LocalizedText;
  @IsOptional() @IsLocalizedText() measuresTaken?: LocalizedText;
  @IsOptional() @IsLocalizedText() measuresPlanned?: LocalizedText;
  @IsOptional() @IsLocalizedText() recommendedActions?: LocalizedText;
  @IsOptional() @IsLocalizedText() subjectActions?: LocalizedText;
  @IsOptional() @IsZonedDateTime() nextUpdateAt?: string | null;
  @IsOptional() @ValidateNested() @Type(() => ContactPointDto) @IsObject() contact?: ContactPointDto;
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(CHANNELS, { each: true }) channels?: Channel[];
}

export class CreateIncidentDto extends IncidentFieldsDto {
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/, { message: 'reference must be 1-64 letters, digits or . _ : / - and start with a letter or digit' })
  reference: string;
  @IsLocalizedText() declare title: LocalizedText;
  @IsZonedDateTime() declare awareAt: string;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(NATURES, { each: true }) declare nature: Nature[];
  @ValidateNested() @Type(() => ScopeDto) @IsObject() declare scope: ScopeDto;
  @ValidateNested() @Type(() => ContactPointDto) @IsObject() declare contact: ContactPointDto;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(CHANNELS, { each: true }) declare channels: Channel[];
}

export class UpdateIncidentDto extends IncidentFieldsDto {
  @IsLocalizedText() changeSummary: LocalizedText;
  /** Marks this version as the final notice of the incident. */
  @IsOptional() @IsBoolean() final?: boolean;
}

/** The stored body of one version: what was filed, merged with every update since. */
export type IncidentBody = Omit<CreateIncidentDto, never> & { final?: boolean };
