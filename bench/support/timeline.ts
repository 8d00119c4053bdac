import os from 'node:os';
import { Client } from 'pg';
import type { ChannelTally } from './doubles';

/** Notices per second since `from`, by one of the notice timestamps (index = whole seconds after `from`). */
export async function perSecond(databaseUrl: string, incidentId: string, column: 'created_at' | 'queued_at' | 'sent_at', from: Date): Promise<number[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ s: number; n: number }>(
      `SELECT floor(extract(epoch FROM ${column} - $2::timestamptz))::int AS s, count(*)::int AS n
         FROM notice WHERE incident_id = $1 AND ${column} IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [incidentId, from],
    );
    return dense(rows.map((r) => [r.s, r.n]));
  } finally {
    await db.end();
  }
}

/** Provider accepts per second since `from` (ms), both channels together. */
export function acceptsPerSecond(tallies: ChannelTally[], from: number): number[] {
  const pairs: [number, number][] = [];
  for (const t of tallies) for (const [second, n] of t.perSecond) pairs.push([Math.floor((second * 1000 - from) / 1000), n]);
  return dense(pairs);
}

function dense(pairs: [number, number][]): number[] {
  const out: number[] = [];
  for (const [s, n] of pairs) {
    if (s < 0) continue;
    while (out.length <= s) out.push(0);
    out[s] += n;
  }
  return out;
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
