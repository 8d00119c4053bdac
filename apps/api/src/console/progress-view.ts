import { NOTICE_STATUSES } from '@app/database';

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
  completedAt: string | null;
  segments: { status: string; n: number; percent: number }[];
  rows: { status: string; all: number; email: number; sms: number }[];
}

/** What the progress bar and its table show; the same shape goes out on the event stream. */
export function progressView(p: Record<string, any>): ProgressView {
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
    completedAt: p.completedAt ? new Date(p.completedAt).toISOString() : null,
    segments: NOTICE_STATUSES.map((status) => ({ status, n: notices[status] ?? 0, percent: percent(notices[status] ?? 0) })),
    rows: NOTICE_STATUSES.map((status) => ({ status, all: notices[status] ?? 0, email: byChannel.email?.[status] ?? 0, sms: byChannel.sms?.[status] ?? 0 })),
  };
}
