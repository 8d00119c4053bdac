/** Columns padded to their widest cell; the last one is not padded. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

/** A time as the tables show it: `2024-05-02 08:00:00Z`, or `-`. */
export const when = (value: string | null): string => (value ? `${value.slice(0, 19).replace('T', ' ')}Z` : '-');
