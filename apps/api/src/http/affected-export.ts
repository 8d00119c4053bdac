import type { AffectedTenantRow } from '@app/notices';
import { stringify, type Options } from 'csv-stringify';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { neutraliseFormula } from './notice-export';

export const AFFECTED_CSV_COLUMNS = [
  'tenant',
  'name',
  'locale',
  'country',
  'timezone',
  'systems',
  'subProcessors',
  'dataCategories',
  'subjectCategories',
  'dataSubjects',
  'records',
  'periodFrom',
  'periodTo',
  'matchedBy',
  'contacts',
] as const;

/** RFC 4180 rows; lists joined by `;` (as the tenant import reads them); an open period end stays empty; no formula a spreadsheet would run. */
const csvOptions: Options = {
  header: true,
  columns: [...AFFECTED_CSV_COLUMNS],
  record_delimiter: 'windows',
  cast: { string: neutraliseFormula, object: (value) => neutraliseFormula(Array.isArray(value) ? value.join(';') : JSON.stringify(value)) },
};

/** Streams every affected tenant as CSV, waiting for the client when it is slower than the database, and stopping when it goes away. */
export async function streamAffectedTenants(res: Response, filename: string, rows: AsyncIterable<AffectedTenantRow>): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  try {
    await pipeline(Readable.from(rows), stringify(csvOptions), res);
  } catch (error) {
    if (!res.destroyed) throw error;
  }
}
