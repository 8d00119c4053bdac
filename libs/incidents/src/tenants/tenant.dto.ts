import { DATA_CATEGORIES, DataCategory, Locale, LOCALES } from '@app/templates';
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
import { IsDay, IsE164, IsTimeZone } from '../validators';

export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export class ContactDto {
  @IsString() @Length(1, 64) role: string;
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ValidateIf((c: ContactDto) => c.email !== undefined || c.phone === undefined)
  @IsEmail({}, { message: 'email must be an email address (a contact needs an email or a phone)' })
  @Length(3, 254)
  email?: string;
  @IsOptional() @IsE164() phone?: string;
  @IsOptional() @IsInt() @Min(0) @Max(1000) priority?: number;
  @IsOptional() @IsIn(LOCALES) locale?: Locale;
}

export class ExposureDto {
  @IsString() @Length(1, 200) system: string;
  @IsOptional() @IsString() @Length(1, 200) subProcessor?: string | null;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(DATA_CATEGORIES.length) @ArrayUnique() @IsIn(DATA_CATEGORIES, { each: true })
  dataCategories: DataCategory[];
  @IsOptional() @IsDay() from?: string | null;
  @IsOptional() @IsDay() to?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(10_000_000_000) dataSubjects?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000_000) records?: number;
}

export class TenantDto {
  @IsOptional()
  @IsString()
  @Matches(EXTERNAL_ID_PATTERN, { message: 'externalId must be 1-128 letters, digits or . _ : @ - and start with a letter or digit' })
  externalId: string;
  @IsString() @Length(1, 300) name: string;
  @IsIn(LOCALES) locale: Locale;
  @IsISO31661Alpha2() country: string;
  @IsTimeZone() timezone: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ContactDto) contacts: ContactDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ExposureDto) exposures?: ExposureDto[];
}

export class ImportTenantsDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100_000) tenants: unknown[];
}
