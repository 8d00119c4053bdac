import type { NoticeView } from '@app/notices';
import type { Response } from 'express';

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

/** RFC 4180 field; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** False when the client went away: there is no one left to stream to. */
async function writeOrWait(res: Response, text: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(text)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !res.destroyed;
}

/**
 * Writes notices (with their events) as CSV or NDJSON in chunks of about 64 KB, waiting for the client
 * when it is slower than the database, and stopping when it goes away.
 */
export async function streamNotices(res: Response, rows: AsyncIterable<NoticeView & { events: unknown[] }>, format: 'csv' | 'ndjson'): Promise<void> {
  let chunk = format === 'csv' ? CSV_COLUMNS.join(',') + '\r\n' : '';
  for await (const row of rows) {
    chunk += format === 'ndjson' ? JSON.stringify(row) + '\n' : CSV_COLUMNS.map((c) => csvField(row[c])).join(',') + '\r\n';
    if (chunk.length >= 65_536) {
      if (!(await writeOrWait(res, chunk))) return;
      chunk = '';
    }
  }
  res.end(chunk);
}
