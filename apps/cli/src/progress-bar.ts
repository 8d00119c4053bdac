/** A channel's pace as `GET /v1/incidents/{id}/progress` gives it under `channels`. */
export interface ChannelPace {
  perSecond: number;
  etaSeconds: number | null;
  open: number;
  ceiling: number;
  heldBy: string[];
}

export interface Progress {
  status: string;
  notices: Record<string, number>;
  completedAt: string | null;
  channels?: Record<string, ChannelPace>;
  workersConsuming?: number | null;
}

const SETTLED = ['sent', 'delivered', 'failed', 'bounced', 'undelivered'];

const WHY: Record<string, (ceiling: number) => string> = {
  no_worker: () => 'no worker',
  rate_ceiling: (ceiling) => `ceiling ${ceiling}/s`,
  other_incidents: () => 'behind other incidents',
  provider_errors: () => 'provider errors',
};

/** 95 → "1m35s", 7200 → "2h00m". */
export function shortDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** `email 42.5/s ETA 1m20s (ceiling 50/s)` for each channel with open notices. */
function paceOf(p: Progress): string[] {
  if (p.completedAt) return [];
  return Object.entries(p.channels ?? {})
    .filter(([, c]) => c.open > 0)
    .map(([channel, c]) => {
      const eta = c.etaSeconds === null ? 'ETA –' : `ETA ${shortDuration(c.etaSeconds)}`;
      const why = c.heldBy.map((h) => WHY[h]?.(c.ceiling) ?? h);
      return `${channel} ${c.perSecond}/s ${eta}${why.length ? ` (${why.join(', ')})` : ''}`;
    });
}

/**
 * One line: `[#####.....] 12/40 settled · dispatching · sent 10 delivered 2 failed 0 … · email 4.2/s ETA 7s`,
 * and `· no worker is consuming` while notices are open and no worker beats.
 */
export function progressLine(p: Progress, width = 30): string {
  const n = p.notices;
  const settled = SETTLED.reduce((sum, s) => sum + (n[s] ?? 0), 0);
  const filled = n.total ? Math.round((settled / n.total) * width) : 0;
  const counts = ['queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'undelivered'].map((s) => `${s} ${n[s] ?? 0}`).join(' ');
  const open = ['pending', 'queued', 'sending'].some((s) => (n[s] ?? 0) > 0);
  const tail = [...paceOf(p), ...(!p.completedAt && open && p.workersConsuming === 0 ? ['no worker is consuming'] : [])];
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${settled}/${n.total ?? 0} settled · ${p.status} · ${counts}${tail.map((t) => ` · ${t}`).join('')}`;
}
