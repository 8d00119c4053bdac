import type { BoardItem } from '@app/progress';

const HOUR_MS = 3600_000;

/** How far an instant is from now, the way an incident manager reads it: `in 3 h`, `2 d 4 h ago`, `now`. */
export function relative(value: string | null, now: number): string {
  if (!value) return '';
  const diff = Date.parse(value) - now;
  const minutes = Math.round(Math.abs(diff) / 60_000);
  if (minutes < 1) return 'now';
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const text = days > 0 ? `${days} d${hours ? ` ${hours} h` : ''}` : hours > 0 ? `${hours} h` : `${minutes} min`;
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

export interface BoardRowView {
  tenant: string;
  name: string;
  regimes: string;
  dueAt: string | null;
  dueRelative: string;
  /** Not sent yet and due within the next hour, or already due. */
  dueSoon: boolean;
  firstSentAt: string | null;
  late: boolean;
  /** e.g. `2 sent · 1 failed`: each status with its count, problems last. */
  delivery: { status: string; n: number }[];
  problem: boolean;
  acknowledgedAt: string | null;
  escalated: boolean;
}

const DELIVERY_ORDER = ['delivered', 'sent', 'failed', 'bounced', 'undelivered'] as const;

/** A board page as the console table shows it. */
export function boardRows(items: BoardItem[], now: number): BoardRowView[] {
  return items.map((i) => {
    const delivery: { status: string; n: number }[] = DELIVERY_ORDER.map((status) => ({ status, n: i.notices[status] })).filter((d) => d.n > 0);
    const open = i.notices.total - DELIVERY_ORDER.reduce((sum, s) => sum + i.notices[s], 0);
    if (open > 0) delivery.unshift({ status: 'queued', n: open });
    return {
      tenant: i.tenant,
      name: i.name,
      regimes: i.regimes.join(', '),
      dueAt: i.dueAt,
      dueRelative: relative(i.dueAt, now),
      dueSoon: !i.firstSentAt && i.dueAt !== null && Date.parse(i.dueAt) - now < HOUR_MS,
      firstSentAt: i.firstSentAt,
      late: i.late,
      delivery,
      problem: i.notices.failed + i.notices.bounced + i.notices.undelivered > 0,
      acknowledgedAt: i.acknowledgedAt,
      escalated: i.escalated,
    };
  });
}
