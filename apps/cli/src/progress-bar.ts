export interface Progress {
  status: string;
  notices: Record<string, number>;
  completedAt: string | null;
}

const SETTLED = ['sent', 'delivered', 'failed', 'bounced', 'undelivered'];

/** One line: `[#####.....] 12/40 settled · dispatching · sent 10 delivered 2 failed 0 …`. */
export function progressLine(p: Progress, width = 30): string {
  const n = p.notices;
  const settled = SETTLED.reduce((sum, s) => sum + (n[s] ?? 0), 0);
  const filled = n.total ? Math.round((settled / n.total) * width) : 0;
  const counts = ['queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'undelivered'].map((s) => `${s} ${n[s] ?? 0}`).join(' ');
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${settled}/${n.total ?? 0} settled · ${p.status} · ${counts}`;
}
