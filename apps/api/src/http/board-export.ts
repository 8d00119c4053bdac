import type { BoardItem } from '@app/progress';
import { stringify, type Options } from 'csv-stringify';
import type { Response } from 'express';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { neutraliseFormula } from './notice-export';

export const BOARD_CSV_COLUMNS = [
  'tenant',
  'name',
  'regimes',
  'dueAt',
  'firstSentAt',
  'late',
  'acknowledgedAt',
  'escalated',
  'noticesTotal',
  'sent',
  'delivered',
  'failed',
  'bounced',
  'undelivered',
] as const;

/** RFC 4180 rows, regimes joined by `;` (as the tenant import reads them), no formula a spreadsheet would run. */
const csvOptions: Options = {
  header: true,
  columns: [...BOARD_CSV_COLUMNS],
  record_delimiter: 'windows',
  cast: { string: neutraliseFormula, boolean: (value) => String(value) },
};

const flatten = () =>
  new Transform({
    objectMode: true,
    transform(item: BoardItem, _encoding, done) {
      const { notices, regimes, ...rest } = item;
      done(null, { ...rest, regimes: regimes.join(';'), noticesTotal: notices.total, ...notices });
    },
  });

/** Streams the board as CSV, waiting for the client when it is slower than the database, and stopping when it goes away. */
export async function streamBoard(res: Response, items: AsyncIterable<BoardItem>): Promise<void> {
  try {
    await pipeline(Readable.from(items), flatten(), stringify(csvOptions), res);
  } catch (error) {
    if (!res.destroyed) throw error;
  }
}
