import { CsvError, parse } from 'csv-parse/sync';
import { FieldProblem } from '@app/kernel';

/**
 * The tenant file the console and the CLI accept: JSON (`{"tenants": [...]}` or a bare array),
 * or CSV with a header row and one row per tenant, contacts and exposures as JSON arrays (an exposure's
 * lists, `dataCategories` and `subjectCategories`, are JSON arrays inside its object, as in a JSON file):
 *
 *   externalId,name,locale,country,timezone,contacts,exposures
 *   city-north,City North,pl,PL,Europe/Warsaw,"[{""role"":""dpo"",""email"":""iod@city.example""}]","[]"
 *   shop-1,Shop 1,en,GB,Europe/London,"[{""role"":""dpo"",""email"":""dpo@shop.example""}]",
 *     "[{""system"":""shop"",""dataCategories"":[""email""],""subjectCategories"":[""customers""]}]"   (one line)
 *
 * Two more columns may follow: `regimes`, the tenant's legal regimes separated by `;` or `|` (`nis2;dora`, or a
 * JSON array as the other list columns; empty: by country), and `noticeDeadlineHours`, a whole number (empty: the
 * configured default). `exposures`, `regimes` and `noticeDeadlineHours` may be left out of the header.
 *
 * Row n of the CSV (after the header) is tenant n, so problems name `tenants[n]` as for JSON.
 */
export const TENANT_CSV_COLUMNS = ['externalId', 'name', 'locale', 'country', 'timezone', 'contacts', 'exposures', 'regimes', 'noticeDeadlineHours'] as const;
const OPTIONAL_COLUMNS = new Set(['exposures', 'regimes', 'noticeDeadlineHours']);
const JSON_COLUMNS = new Set(['contacts', 'exposures']);

/** A list cell: a JSON array, or values separated by `;` or `|` (spaces around them ignored). */
function listCell(cell: string): unknown {
  if (cell.startsWith('[')) return JSON.parse(cell);
  return cell.split(/[;|]/).map((v) => v.trim()).filter((v) => v !== '');
}

/** A whole number cell as a number; anything else as written, for the validation to name. */
const numberCell = (cell: string): unknown => (/^[+-]?\d{1,9}$/.test(cell) ? Number(cell) : cell);

export interface ParsedTenantFile {
  format: 'json' | 'csv';
  tenants: unknown[];
  problems: FieldProblem[];
}

export function parseTenantFile(text: string): ParsedTenantFile {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  return first === '{' || first === '[' ? parseJson(body) : parseCsv(body);
}

function parseJson(text: string): ParsedTenantFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { format: 'json', tenants: [], problems: [{ field: '(file)', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const tenants = Array.isArray(value) ? value : (value as { tenants?: unknown })?.tenants;
  if (!Array.isArray(tenants)) return { format: 'json', tenants: [], problems: [{ field: 'tenants', message: 'the file must hold {"tenants": [...]} or an array of tenants' }] };
  return { format: 'json', tenants, problems: [] };
}

function parseCsv(text: string): ParsedTenantFile {
  const { records, error } = csvRecords(text);
  if (error) return { format: 'csv', tenants: [], problems: [{ field: '(file)', message: error }] };
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0].trim() === ''));
  if (nonEmpty.length === 0) return { format: 'csv', tenants: [], problems: [{ field: '(file)', message: 'the file is empty' }] };
  const [header, ...rows] = nonEmpty;
  const columns = header.map((h) => h.trim());
  const problems: FieldProblem[] = [];
  const unknown = columns.filter((c) => !(TENANT_CSV_COLUMNS as readonly string[]).includes(c));
  const missing = TENANT_CSV_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c) && !columns.includes(c));
  if (unknown.length || missing.length) {
    const parts = [unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '', missing.length ? `missing column(s) ${missing.join(', ')}` : ''];
    return { format: 'csv', tenants: [], problems: [{ field: '(header)', message: `${parts.filter(Boolean).join('; ')}; expected ${TENANT_CSV_COLUMNS.join(',')}` }] };
  }
  const tenants = rows.map((cells, index) => {
    const tenant: Record<string, unknown> = {};
    // A row may stop before trailing optional columns (a spreadsheet drops empty cells at the end of a row).
    const short = cells.length < columns.length && columns.slice(cells.length).every((c) => OPTIONAL_COLUMNS.has(c));
    if (cells.length !== columns.length && !short) {
      problems.push({ index, field: `tenants[${index}]`, message: `row has ${cells.length} cells, the header ${columns.length}` });
    }
    columns.forEach((column, i) => {
      const cell = (cells[i] ?? '').trim();
      if (cell === '') return;
      if (column === 'noticeDeadlineHours') {
        tenant[column] = numberCell(cell);
        return;
      }
      if (column === 'regimes') {
        try {
          tenant[column] = listCell(cell);
        } catch {
          problems.push({ index, field: `tenants[${index}].regimes`, message: 'regimes must be regimes separated by ; or | (or a JSON array)' });
        }
        return;
      }
      if (!JSON_COLUMNS.has(column)) {
        tenant[column] = cell;
        return;
      }
      try {
        tenant[column] = JSON.parse(cell);
      } catch {
        problems.push({ index, field: `tenants[${index}].${column}`, message: `${column} must be a JSON array` });
      }
    });
    return tenant;
  });
  return { format: 'csv', tenants, problems };
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; LF or CRLF ends a record. */
function csvRecords(text: string): { records: string[][]; error?: string } {
  try {
    return { records: parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][] };
  } catch (error) {
    const { code, lines, message } = error as CsvError;
    return { records: [], error: code === 'CSV_QUOTE_NOT_CLOSED' ? `a quoted field is not closed (line ${lines})` : `not valid CSV: ${message}` };
  }
}
