import { CHANNELS } from '@app/kernel';
import { NOTICE_STATUSES } from '@app/database';
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

const LIMIT = (max: number, fallback: number) => ApiQuery({ name: 'limit', type: 'integer', description: `1-${max}, default ${fallback}` });
const CURSOR = ApiQuery({ name: 'cursor', type: String, description: '`nextCursor` of the previous page' });

/** The filter of GET /v1/notices and /v1/notices/export (the handlers take it as one object). */
export const ApiNoticeQueries = (options: { page: boolean }) =>
  applyDecorators(
    ApiQuery({ name: 'incidentId', type: String, format: 'uuid' }),
    ApiQuery({ name: 'tenant', type: String, description: "the tenant's externalId", example: 'poznan-city' }),
    ApiQuery({ name: 'channel', enum: [...CHANNELS] }),
    ApiQuery({ name: 'status', enum: NOTICE_STATUSES }),
    ApiQuery({ name: 'from', type: String, format: 'date-time', description: 'created at or after' }),
    ApiQuery({ name: 'to', type: String, format: 'date-time', description: 'created at or before' }),
    ...(options.page ? [LIMIT(1000, 100), CURSOR] : [ApiQuery({ name: 'format', enum: ['csv', 'ndjson'], description: 'default csv' })]),
  );

export const ApiAuditQueries = () =>
  applyDecorators(
    LIMIT(1000, 100),
    CURSOR,
    ApiQuery({ name: 'action', type: String, example: 'incident.approved' }),
    ApiQuery({ name: 'actor', type: String, description: 'API key id, `system`, or `tenant:<externalId>`' }),
    ApiQuery({ name: 'incident', type: String, format: 'uuid', description: 'entries about this incident (the subject `incident:<id>`)' }),
    ApiQuery({ name: 'subject', type: String, example: 'incident:0b5f6a8e-3c1d-4e0f-9a7b-2d4c6e8f0a1b' }),
    ApiQuery({ name: 'from', type: String, format: 'date-time', description: 'at or after' }),
    ApiQuery({ name: 'to', type: String, format: 'date-time', description: 'at or before; not before `from`' }),
  );

export const ApiPageQueries = (max: number, fallback: number, ...extra: string[]) =>
  applyDecorators(LIMIT(max, fallback), ...extra.map((name) => ApiQuery({ name, type: String })));
