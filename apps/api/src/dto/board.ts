import { BOARD_LIMIT, BOARD_ORDERS, BOARD_STATES } from '@app/progress';
import { REGIMES } from '@app/regimes';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiQuery } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { InvalidAs } from '../http/validation';

/** GET /v1/incidents/{id}/tenants: the board service checks the values and names a bad one. */
@InvalidAs('The board query is invalid')
export class BoardQuery {
  @IsOptional() @IsString() state?: string;
  @IsOptional() @IsString() order?: string;
  @IsOptional() @IsString() limit?: string;
  @IsOptional() @IsString() cursor?: string;
}

/** GET /v1/incidents/{id}/tenants.csv: the same filter and order, every row. */
@InvalidAs('The board query is invalid')
export class BoardExportQuery {
  @IsOptional() @IsString() state?: string;
  @IsOptional() @IsString() order?: string;
}

const STATE_HELP =
  'unsent: nothing of this version sent yet; late: first notice sent after dueAt, or none sent and dueAt passed; unacknowledged; acknowledged; failed: a notice failed, bounced or was not delivered';

export const ApiBoardQueries = (options: { page: boolean }) =>
  applyDecorators(
    ApiQuery({ name: 'state', required: false, enum: BOARD_STATES, description: STATE_HELP }),
    ApiQuery({ name: 'order', required: false, enum: BOARD_ORDERS, description: 'due (default): soonest dueAt first; problems: tenants with a failed, bounced or undelivered notice first, then by dueAt' }),
    ...(options.page
      ? [
          ApiQuery({ name: 'limit', required: false, type: 'integer', description: `1-${BOARD_LIMIT.max}, default ${BOARD_LIMIT.default}` }),
          ApiQuery({ name: 'cursor', required: false, type: String, description: '`nextCursor` of the previous page (with the same order)' }),
        ]
      : []),
  );

const TIME_OR_NULL = { type: String, format: 'date-time', nullable: true } as const;

export class BoardNoticeCounts {
  @ApiProperty({ type: 'integer', description: "the tenant's notices of this version, escalations included" }) total: number;
  @ApiProperty({ type: 'integer' }) sent: number;
  @ApiProperty({ type: 'integer' }) delivered: number;
  @ApiProperty({ type: 'integer' }) failed: number;
  @ApiProperty({ type: 'integer' }) bounced: number;
  @ApiProperty({ type: 'integer' }) undelivered: number;
}

export class BoardItemView {
  @ApiProperty({ description: "the tenant's externalId", example: 'poznan-city' }) tenant: string;
  @ApiProperty({ example: 'City of Poznań' }) name: string;
  @ApiProperty({ enum: REGIMES, isArray: true, description: 'the regimes in effect' }) regimes: string[];
  @ApiProperty({ ...TIME_OR_NULL, description: "awareAt + the tenant's notice deadline" }) dueAt: string | null;
  @ApiProperty({ ...TIME_OR_NULL, description: "the tenant's first notice about the incident (this version or an earlier one)" }) firstSentAt: string | null;
  @ApiProperty({ description: 'first notice sent after dueAt, or none sent and dueAt passed' }) late: boolean;
  @ApiProperty(TIME_OR_NULL) acknowledgedAt: string | null;
  @ApiProperty({ description: 'the tenant was told again through further contacts' }) escalated: boolean;
  @ApiProperty({ type: BoardNoticeCounts }) notices: BoardNoticeCounts;
}

export class BoardPageView {
  @ApiProperty({ type: 'integer', description: "the incident's current version, whose affected tenants these are" }) version: number;
  @ApiProperty({ type: [BoardItemView] }) items: BoardItemView[];
  @ApiProperty({ type: String, nullable: true, description: 'give it as `cursor` for the next page' }) nextCursor: string | null;
}
