import { DATA_CATEGORIES, DataCategory, Locale, LOCALES, SUBJECT_CATEGORIES, SubjectCategory } from '@app/kernel';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDay, IsE164, IsTimeZone } from '@app/kernel';
import { Regime, REGIMES } from '@app/regimes';

export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export class ContactDto {
  @ApiProperty({ example: 'dpo', maxLength: 64 })
  @IsString() @Length(1, 64) role: string;
  @ApiPropertyOptional({ example: 'Anna Nowak', maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ format: 'email', example: 'iod@poznan.example', description: 'email, phone or webhook, at least one' })
  @ValidateIf((c: ContactDto) => c.email !== undefined || (c.phone === undefined && c.webhook === undefined))
  @IsEmail({}, { message: 'email must be an email address (a contact needs an email, a phone or a webhook)' })
  @Length(3, 254)
  email?: string;
  @ApiPropertyOptional({ description: 'E.164', example: '+48612345678' })
  @IsOptional() @IsE164() phone?: string;
  @ApiPropertyOptional({
    format: 'uri',
    maxLength: 2000,
    example: 'https://siem.poznan.example/hooks/breachcast',
    description: 'an https URL that takes signed CloudEvents (docs/webhooks.md); its host must not resolve to a loopback, private or link-local address',
  })
  @IsOptional() @IsString({ message: 'webhook must be an https URL' }) @Length(1, 2000, { message: 'webhook must be an https URL of at most 2000 characters' })
  webhook?: string;
  @ApiPropertyOptional({ type: 'integer', default: 1, description: 'lower is notified first; higher numbers are escalation contacts' })
  @IsOptional() @IsInt() @Min(0) @Max(1000) priority?: number;
  @ApiPropertyOptional({ enum: LOCALES, description: "this contact's language, else the tenant's" })
  @IsOptional() @IsIn(LOCALES) locale?: Locale;
}

export class ExposureDto {
  @ApiProperty({ example: 'sms-gateway' })
  @IsString() @Length(1, 200) system: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'SerwerSMS' })
  @IsOptional() @IsString() @Length(1, 200) subProcessor?: string | null;
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true, example: ['phone_number', 'message_content'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(DATA_CATEGORIES.length) @ArrayUnique() @IsIn(DATA_CATEGORIES, { each: true })
  dataCategories: DataCategory[];
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2019-03-01' })
  @IsOptional() @IsDay() from?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'null: until now' })
  @IsOptional() @IsDay() to?: string | null;
  @ApiPropertyOptional({ type: 'integer', example: 120000 })
  @IsOptional() @IsInt() @Min(0) @Max(10_000_000_000) dataSubjects?: number;
  @ApiPropertyOptional({ type: 'integer', example: 850000 })
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000_000) records?: number;
  @ApiPropertyOptional({ enum: SUBJECT_CATEGORIES, isArray: true, default: [], description: 'whose data the exposure holds (categories of data subjects)', example: ['citizens'] })
  @IsOptional() @IsArray() @ArrayMaxSize(SUBJECT_CATEGORIES.length) @ArrayUnique() @IsIn(SUBJECT_CATEGORIES, { each: true })
  subjectCategories?: SubjectCategory[];
}

export class TenantDto {
  @ApiPropertyOptional({ example: 'poznan-city', description: 'taken from the path on PUT; required in an import' })
  @IsOptional()
  @IsString()
  @Matches(EXTERNAL_ID_PATTERN, { message: 'externalId must be 1-128 letters, digits or . _ : @ - and start with a letter or digit' })
  externalId: string;
  @ApiProperty({ example: 'City of Poznań' })
  @IsString() @Length(1, 300) name: string;
  @ApiProperty({ enum: LOCALES, example: 'pl' })
  @IsIn(LOCALES) locale: Locale;
  @ApiProperty({ example: 'PL', description: 'ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2() country: string;
  @ApiProperty({ example: 'Europe/Warsaw', description: 'IANA time zone' })
  @IsTimeZone() timezone: string;
  @ApiProperty({ type: () => [ContactDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ContactDto) contacts: ContactDto[];
  @ApiPropertyOptional({ type: () => [ExposureDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ExposureDto) exposures?: ExposureDto[];
  @ApiPropertyOptional({
    enum: REGIMES,
    isArray: true,
    nullable: true,
    example: ['gdpr', 'nis2'],
    description: 'the legal regimes the tenant is under; left out or null: by country (EU/EEA gdpr, GB uk_gdpr, CH ch_fadp, US us_state, else gdpr). A GET gives the regimes in effect',
  })
  @IsOptional()
  @IsArray({ message: 'regimes must be a list of regimes' })
  @ArrayMinSize(1, { message: 'regimes must name at least one regime (leave it out to take them from the country)' })
  @ArrayMaxSize(REGIMES.length)
  @ArrayUnique({ message: 'regimes must not repeat a regime' })
  @IsIn(REGIMES, { each: true, message: `each of regimes must be one of ${REGIMES.join(', ')}` })
  regimes?: Regime[] | null;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 720,
    nullable: true,
    example: 24,
    description: "hours from the vendor's awareness to the tenant's first notice, as agreed with the tenant; null: NOTICE_DEADLINE_DEFAULT. sec_reg_sp caps it at 72",
  })
  @IsOptional()
  @IsInt({ message: 'noticeDeadlineHours must be a whole number of hours from 1 to 720' })
  @Min(1, { message: 'noticeDeadlineHours must be a whole number of hours from 1 to 720' })
  @Max(720, { message: 'noticeDeadlineHours must be a whole number of hours from 1 to 720' })
  noticeDeadlineHours?: number | null;
}

export class ImportTenantsDto {
  @ApiProperty({ type: () => [TenantDto], description: 'up to 100,000; all or nothing' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100_000) tenants: unknown[];
}
