import { NOTICE_STATUSES } from '@app/database';
import { Channel } from '@app/kernel';

const SETTLED = ['sent', 'delivered', 'failed', 'bounced', 'undelivered'];

export interface ProgressView {
  status: string;
  version: number;
  total: number;
  settled: number;
  percent: number;
  done: boolean;
  affectedTenants: number;
  acknowledgedTenants: number;
  lateTenants: number;
  completedAt: string | null;
  segments: { status: string; n: number; percent: number }[];
  /** The channel columns, in the order of CHANNELS. */
  channels: { channel: Channel; label: string }[];
  /** Per channel of the version while it sends: rate, time left and why it is slow, in words. */
  pace: { channel: string; label: string; perSecond: number; etaSeconds: number | null; heldBy: string[]; text: string }[];
  /** The pace of every channel on one line ('' when there is none to show). */
  paceLine: string;
  /** Workers consuming now (null: unknown). */
  workersConsuming: number | null;
  /** Set while notices are open and no worker is consuming: the console says so. */
  workerWarning: string | null;
  /** Per status: all notices, each channel's in `byChannel` (column order) and under its name (`sms: 3`). */
  rows: ({ status: string; all: number; byChannel: { channel: Channel; n: number }[] } & Partial<Record<Channel, number>>)[];
}

const WHY: Record<string, (ceiling: number) => string> = {
  no_worker: () => 'no worker is consuming',
  rate_ceiling: (ceiling) => `held by the rate ceiling (${ceiling}/s)`,
  other_incidents: () => "queued behind other incidents' notices",
  provider_errors: () => 'provider errors in the last minute',
};

/** 95 → "1 min 35 s", 7200 → "2 h 0 min". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

type Pace = { perSecond: number; etaSeconds: number | null; open: number; ceiling: number; heldBy: string[] };

function paceText(label: string, p: Pace): string {
  const eta = p.open === 0 ? 'done' : p.etaSeconds === null ? 'not moving' : `about ${duration(p.etaSeconds)} left`;
  const why = p.heldBy.map((h) => WHY[h]?.(p.ceiling) ?? h);
  return `${label} ${p.perSecond}/s, ${eta}${why.length ? ` (${why.join('; ')})` : ''}`;
}

/** What the progress bar and its table show; the same shape goes out on the event stream. */
export function progressView(p: Record<string, any>, channels: readonly { channel: Channel; label: string }[]): ProgressView {
  const notices: Record<string, number> = p.notices ?? {};
  const byChannel: Record<string, Record<string, number>> = p.byChannel ?? {};
  const total = notices.total ?? 0;
  const settled = SETTLED.reduce((sum, s) => sum + (notices[s] ?? 0), 0);
  const percent = (n: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);
  const paces: Record<string, Pace> = p.channels ?? {};
  const labelOf = (channel: string) => channels.find((c) => c.channel === channel)?.label ?? channel;
  const done = Boolean(p.completedAt);
  const pace = done
    ? []
    : Object.entries(paces).map(([channel, c]) => ({ channel, label: labelOf(channel), perSecond: c.perSecond, etaSeconds: c.etaSeconds, heldBy: c.heldBy, text: paceText(labelOf(channel), c) }));
  const workersConsuming: number | null = p.workersConsuming ?? null;
  const open = ['pending', 'queued', 'sending'].some((s) => (notices[s] ?? 0) > 0);
  return {
    status: p.status,
    version: p.version,
    total,
    settled,
    percent: percent(settled),
    done,
    affectedTenants: p.affectedTenants ?? 0,
    acknowledgedTenants: p.acknowledgedTenants ?? 0,
    lateTenants: p.lateTenants ?? 0,
    completedAt: p.completedAt ? new Date(p.completedAt).toISOString() : null,
    segments: NOTICE_STATUSES.map((status) => ({ status, n: notices[status] ?? 0, percent: percent(notices[status] ?? 0) })),
    channels: channels.map(({ channel, label }) => ({ channel, label })),
    pace,
    paceLine: pace.map((c) => c.text).join(' · '),
    workersConsuming,
    workerWarning: !done && open && workersConsuming === 0 ? 'No worker is consuming: open notices wait until a worker starts.' : null,
    rows: NOTICE_STATUSES.map((status) => {
      const cells = channels.map(({ channel }) => ({ channel, n: byChannel[channel]?.[status] ?? 0 }));
      return { status, all: notices[status] ?? 0, byChannel: cells, ...Object.fromEntries(cells.map((c) => [c.channel, c.n])) };
    }),
  };
}
