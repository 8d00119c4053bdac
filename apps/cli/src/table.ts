/** Columns padded to their widest cell; the last one is not padded. Columns listed in `right` (numbers) align right. */
export function table(rows: string[][], right: number[] = []): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const cell = (value: string, i: number, last: boolean) => (right.includes(i) ? value.padStart(widths[i]) : last ? value : value.padEnd(widths[i]));
  return rows.map((r) => r.map((value, i) => cell(value, i, i === r.length - 1)).join('  ')).join('\n') + '\n';
}

/** A time as the tables show it: `2024-05-02 08:00:00Z`, or `-`. */
export const when = (value: string | null | undefined): string => (value ? `${value.slice(0, 19).replace('T', ' ')}Z` : '-');

const NUMBER = new Intl.NumberFormat('en-US');

/** A count as people read it: `1,234,567`. */
export const count = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : NUMBER.format(value));

/** `3 tenants`, `1 tenant`, with the number formatted. */
export const counted = (value: number, one: string, many = `${one}s`): string => `${count(value)} ${value === 1 ? one : many}`;

/** Text that may be a map by locale, in English where it has it, else its first language. */
export const text = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const map = value as Record<string, string>;
    return map.en ?? Object.values(map)[0] ?? '';
  }
  return '';
};
