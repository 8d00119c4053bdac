import type { NoticeView } from '@app/notices';
import { stringify, type Options } from 'csv-stringify';
import type { Response } from 'express';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const CSV_COLUMNS = [
  'id',
  'incidentId',
  'version',
  'tenant',
  'contactRole',
  'channel',
  'to',
  'status',
  'kind',
  'escalated',
  'attempts',
  'providerMessageId',
  'messageId',
  'subject',
  'contentHash',
  'createdAt',
  'queuedAt',
  'sentAt',
  'deliveredAt',
  'lastError',
  'events',
] as const;

/** A leading = + - @ (or tab, CR) is neutralised so a spreadsheet never runs a field as a formula. */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180 rows, events and other objects as JSON, no formula a spreadsheet would run. */
const csvOptions: Options = {
  header: true,
  columns: [...CSV_COLUMNS],
  record_delimiter: 'windows',
  cast: {
    string: neutraliseFormula,
    object: (value) => neutraliseFormula(JSON.stringify(value)),
    date: (value) => value.toISOString(),
    boolean: (value) => String(value),
  },
};

const ndjson = () =>
  new Transform({
    writableObjectMode: true,
    transform(row, _encoding, done) {
      done(null, JSON.stringify(row) + '\n');
    },
  });

/**
 * Streams notices (with their events) as CSV or NDJSON, waiting for the client when it is slower than
 * the database, and stopping when it goes away.
 */
export async function streamNotices(res: Response, rows: AsyncIterable<NoticeView & { events: unknown[] }>, format: 'csv' | 'ndjson'): Promise<void> {
  try {
    await pipeline(Readable.from(rows), format === 'csv' ? stringify(csvOptions) : ndjson(), res);
  } catch (error) {
    // The client went away: there is no one left to stream to.
    if (!res.destroyed) throw error;
  }
}
