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
  /** Per status: all notices, each channel's in `byChannel` (column order) and under its name (`sms: 3`). */
  rows: ({ status: string; all: number; byChannel: { channel: Channel; n: number }[] } & Partial<Record<Channel, number>>)[];
}

/** What the progress bar and its table show; the same shape goes out on the event stream. */
export function progressView(p: Record<string, any>, channels: readonly { channel: Channel; label: string }[]): ProgressView {
  const notices: Record<string, number> = p.notices ?? {};
  const byChannel: Record<string, Record<string, number>> = p.byChannel ?? {};
  const total = notices.total ?? 0;
  const settled = SETTLED.reduce((sum, s) => sum + (notices[s] ?? 0), 0);
  const percent = (n: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);
  return {
    status: p.status,
    version: p.version,
    total,
    settled,
    percent: percent(settled),
    done: Boolean(p.completedAt),
    affectedTenants: p.affectedTenants ?? 0,
    acknowledgedTenants: p.acknowledgedTenants ?? 0,
    lateTenants: p.lateTenants ?? 0,
    completedAt: p.completedAt ? new Date(p.completedAt).toISOString() : null,
    segments: NOTICE_STATUSES.map((status) => ({ status, n: notices[status] ?? 0, percent: percent(notices[status] ?? 0) })),
    channels: channels.map(({ channel, label }) => ({ channel, label })),
    rows: NOTICE_STATUSES.map((status) => {
      const cells = channels.map(({ channel }) => ({ channel, n: byChannel[channel]?.[status] ?? 0 }));
      return { status, all: notices[status] ?? 0, byChannel: cells, ...Object.fromEntries(cells.map((c) => [c.channel, c.n])) };
    }),
  };
}
