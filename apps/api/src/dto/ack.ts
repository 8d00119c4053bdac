import { FILING_FIELDS } from '@app/ack';
import { ContactPointDto } from '@app/incidents';
import { LOCALES } from '@app/kernel';
import { OBLIGATION_KINDS, REGIMES } from '@app/regimes';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The tenant's filing summary (`GET /ack/{token}.json`, `POST /ack/{token}` as JSON), as AckService builds it. */

const TIME = { type: String, format: 'date-time' } as const;
const TIME_OR_NULL = { ...TIME, nullable: true } as const;
const TEXT_OR_NULL = { type: String, nullable: true } as const;

export class AckTenantView {
  @ApiProperty({ example: 'poznan-city' }) externalId: string;
  @ApiProperty({ example: 'City of Poznań' }) name: string;
}

export class AckVendorView {
  @ApiProperty({ example: 'SMS Vendor' }) name: string;
  @ApiProperty({ type: ContactPointDto, description: 'the contact point as the vendor entered it' }) contact: ContactPointDto;
}

export class AckPeriodView {
  @ApiProperty({ ...TEXT_OR_NULL, description: 'the start of the overlap of its exposure with the incident' }) from: string | null;
  @ApiProperty({ ...TEXT_OR_NULL, description: 'its end; null: until now' }) to: string | null;
}

export class AckNatureView {
  @ApiProperty({ type: [String], example: ['confidentiality'] }) nature: string[];
  @ApiProperty(TEXT_OR_NULL) description: string | null;
  @ApiProperty(TEXT_OR_NULL) cause: string | null;
  @ApiProperty({ type: [String], example: ['phone_number', 'message_content'] }) dataCategories: string[];
  @ApiProperty({ type: 'integer', description: "this tenant's data subjects concerned" }) approximateDataSubjects: number;
  @ApiProperty({ type: 'integer', description: "this tenant's records concerned" }) approximateRecords: number;
  @ApiProperty({ type: [String] }) systems: string[];
  @ApiProperty({ type: [String] }) subProcessors: string[];
  @ApiProperty({ type: AckPeriodView }) period: AckPeriodView;
}

export class AckMeasuresView {
  @ApiProperty(TEXT_OR_NULL) taken: string | null;
  @ApiProperty(TEXT_OR_NULL) planned: string | null;
  @ApiProperty(TEXT_OR_NULL) recommendedForController: string | null;
  @ApiProperty(TEXT_OR_NULL) recommendedForDataSubjects: string | null;
}

/** GDPR Art. 33(3) (a) to (d) as they concern this tenant. */
export class AckArt33View {
  @ApiProperty({ type: AckNatureView }) a_nature: AckNatureView;
  @ApiProperty({ type: ContactPointDto }) b_contactPoint: ContactPointDto;
  @ApiProperty(TEXT_OR_NULL) c_likelyConsequences: string | null;
  @ApiProperty({ type: AckMeasuresView }) d_measures: AckMeasuresView;
}

export class AckTimelineView {
  @ApiProperty(TIME) awareAt: string;
  @ApiProperty(TIME_OR_NULL) occurredFrom: string | null;
  @ApiProperty(TIME_OR_NULL) occurredTo: string | null;
  @ApiProperty({ ...TIME, description: 'the 72-hour mark after awareAt' }) deadlineAt: string;
  @ApiProperty(TIME_OR_NULL) nextUpdateAt: string | null;
}

export class AckAuthorityView {
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uri' }) url: string;
}

export class AckDeadlineView {
  @ApiProperty({ enum: REGIMES }) regime: string;
  @ApiProperty({ enum: OBLIGATION_KINDS }) obligation: string;
  @ApiProperty({ ...TIME_OR_NULL, description: 'counted from awareAt; null: as soon as possible' }) dueAt: string | null;
  @ApiProperty({ example: 'GDPR Art. 33(1)' }) basis: string;
  @ApiPropertyOptional({ enum: ['dora_classification'], description: '4 hours after the tenant classifies the incident as major, at the latest 24 hours after awareness' }) note?: string;
}

export class AckFilingFieldView {
  @ApiProperty({ enum: FILING_FIELDS }) name: string;
  @ApiProperty({
    anyOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
    description: 'prefilled from the incident; null when pending',
  })
  value: string | number | boolean | string[] | null;
  @ApiProperty({ description: 'not known yet, or the tenant’s own to give' }) pending: boolean;
}

export class AckFilingView {
  @ApiProperty({ enum: REGIMES }) regime: string;
  @ApiProperty() basis: string;
  @ApiProperty({ type: [AckFilingFieldView] }) fields: AckFilingFieldView[];
}

export class SubjectNoticeView {
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
}

export class AckSummaryView {
  @ApiProperty({ enum: LOCALES }) locale: string;
  @ApiProperty({ example: 'Europe/Warsaw' }) timeZone: string;
  @ApiProperty({ example: 'INC-2023-0419' }) reference: string;
  @ApiProperty(TEXT_OR_NULL) title: string | null;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ enum: ['initial', 'update', 'withdrawn'] }) kind: string;
  @ApiProperty({ description: 'a final update: no next update follows' }) final: boolean;
  @ApiProperty({ type: AckTenantView }) tenant: AckTenantView;
  @ApiProperty({ type: AckVendorView }) vendor: AckVendorView;
  @ApiProperty(TIME_OR_NULL) acknowledgedAt: string | null;
  @ApiProperty({ type: AckArt33View }) art33: AckArt33View;
  @ApiProperty({ type: AckTimelineView }) timeline: AckTimelineView;
  @ApiProperty({ enum: REGIMES, isArray: true, description: 'the regimes in effect' }) regimes: string[];
  @ApiProperty({ type: AckAuthorityView, nullable: true, description: 'by the tenant’s country; null outside the EU/EEA, GB and CH' }) authority: AckAuthorityView | null;
  @ApiProperty({ type: [AckDeadlineView] }) deadlines: AckDeadlineView[];
  @ApiProperty({ type: [AckFilingView], description: 'the fields of each report per regime' }) filing: AckFilingView[];
  @ApiProperty({ type: SubjectNoticeView, nullable: true, description: 'a draft of the tenant’s notice to its data subjects (Art. 34); null for a withdrawal' })
  subjectNotice: SubjectNoticeView | null;
}

export class AckResultView extends AckSummaryView {
  @ApiProperty({ description: 'whether this request recorded the acknowledgement' }) firstAcknowledgement: boolean;
}
