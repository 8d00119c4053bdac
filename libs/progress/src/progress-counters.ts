import { NOTICE_STATUSES } from '@app/database';

/**
 * One summed metric of a version: `notice:<channel>:<status>`, `tenant:<what>` (affected, withdrawn, acknowledged,
 * told_late, untold:<due time in µs since 1970>), `settled:<channel>`, `error:<channel>`.
 */
export interface MetricSum {
  metric: string;
  n: number;
}

export type StatusCounts = Record<string, number>;

export interface VersionCounts {
  notices: StatusCounts;
  byChannel: Record<string, StatusCounts>;
  /** `late`: told after their due time, or not told and their due time past (at `nowUs`). */
  tenants: { affected: number; withdrawn: number; acknowledged: number; late: number };
}

export const OPEN_STATUSES = ['pending', 'queued', 'sending'] as const;

const emptyCounts = (): StatusCounts => ({ total: 0, ...Object.fromEntries(NOTICE_STATUSES.map((s) => [s, 0])) });

/**
 * Reads the folded counters plus their unfolded deltas (already summed per metric) as the progress response
 * shows them. A channel with no notice (every sum zero) is left out, as a count over no rows would leave it.
 * Late tenants are those told late plus those not told whose due time is before `nowUs` (µs since 1970, the
 * database's clock): one counter per distinct due time, however many there are.
 */
export function tally(sums: MetricSum[], nowUs: number): VersionCounts {
  const notices = emptyCounts();
  const byChannel: Record<string, StatusCounts> = {};
  const tenants = { affected: 0, withdrawn: 0, acknowledged: 0, late: 0 };
  for (const { metric, n } of sums) {
    const [kind, a, b] = metric.split(':');
    if (kind === 'notice' && b !== undefined) {
      if (!(b in notices)) throw new Error(`unknown notice status in counter ${metric}`);
      notices[b] += n;
      notices.total += n;
      byChannel[a] ??= emptyCounts();
      byChannel[a][b] += n;
      byChannel[a].total += n;
    } else if (kind === 'tenant') {
      tenants.late += lateIn(metric, a, b, n, nowUs);
      if (a === 'affected' || a === 'withdrawn' || a === 'acknowledged') tenants[a] += n;
    }
  }
  for (const [channel, counts] of Object.entries(byChannel)) if (NOTICE_STATUSES.every((s) => counts[s] === 0)) delete byChannel[channel];
  return { notices, byChannel, tenants };
}

/** What a tenant metric adds to the late tenants: told late, or not told and due before now. */
function lateIn(metric: string, what: string, dueUs: string | undefined, n: number, nowUs: number): number {
  if (what === 'told_late') return n;
  if (what !== 'untold') return 0;
  if (dueUs === undefined || !/^-?\d+$/.test(dueUs)) throw new Error(`unknown due time in counter ${metric}`);
  return Number(dueUs) < nowUs ? n : 0;
}

/** Why a channel's notices go out slower than they could. */
export const HELD_BY = ['no_worker', 'rate_ceiling', 'other_incidents', 'provider_errors'] as const;
export type HeldBy = (typeof HELD_BY)[number];

export interface ChannelPace {
  /** Notices of this version settled (sent or final) per second over the last minute (or since dispatch, if sooner). */
  perSecond: number;
  /** Seconds until every open notice of this channel has settled at that rate; 0 when none is open, null when nothing moves. */
  etaSeconds: number | null;
  /** Open notices (pending, queued, sending). */
  open: number;
  /** The channel's rate ceiling (notices per second, shared by all workers); 0 = none. */
  ceiling: number;
  heldBy: HeldBy[];
}

export interface PaceInputs {
  byChannel: Record<string, StatusCounts>;
  /** Seconds the rates are measured over (the last minute, or since dispatch when that is shorter; at least 1). */
  windowSeconds: number;
  /** Notices of this version settled per channel within the window. */
  settled: Record<string, number>;
  /** Notices of every incident settled per channel in the last `ceilingWindowSeconds` (what the shared ceiling sees now). */
  settledAll: Record<string, number>;
  ceilingWindowSeconds: number;
  /** Provider errors (failed attempts, bounces, undelivered, failed after sending) per channel within the window, every incident. */
  errors: Record<string, number>;
  /** Channels on which other incidents' notices are queued or being sent. */
  busyElsewhere: Set<string>;
  ceiling: (channel: string) => number;
  /** Workers consuming now; null when unknown (Redis unreachable). */
  workers: number | null;
}

/**
 * The share of its ceiling from which a channel counts as held by it. The gate counts each send for its
 * provider's answer time plus a second, so a channel held by a ceiling of 5/s settles about 4.2/s (measured).
 */
export const CEILING_SHARE = 0.75;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Rate, ETA and the reasons it is slow, per channel that has notices in the version. */
export function paceOf(p: PaceInputs): Record<string, ChannelPace> {
  const out: Record<string, ChannelPace> = {};
  const window = Math.max(1, p.windowSeconds);
  for (const [channel, counts] of Object.entries(p.byChannel)) {
    const open = OPEN_STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
    const perSecond = (p.settled[channel] ?? 0) / window;
    const channelRate = (p.settledAll[channel] ?? 0) / Math.max(1, p.ceilingWindowSeconds);
    const ceiling = p.ceiling(channel);
    const heldBy: HeldBy[] = [];
    if (open > 0) {
      if (p.workers === 0) heldBy.push('no_worker');
      if (ceiling > 0 && channelRate >= ceiling * CEILING_SHARE) heldBy.push('rate_ceiling');
      if (p.busyElsewhere.has(channel)) heldBy.push('other_incidents');
      if ((p.errors[channel] ?? 0) > 0) heldBy.push('provider_errors');
    }
    out[channel] = { perSecond: round1(perSecond), etaSeconds: open === 0 ? 0 : perSecond > 0 ? Math.ceil(open / perSecond) : null, open, ceiling, heldBy };
  }
  return out;
}

/** Sums `<kind>:<channel>` metrics by channel. */
export function byChannelOf(sums: MetricSum[], kind: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { metric, n } of sums) {
    const [k, channel] = metric.split(':');
    if (k === kind && channel) out[channel] = (out[channel] ?? 0) + n;
  }
  return out;
}

/**
 * Folding in memory, as the fold statement does in SQL: deltas added to the counters they belong to. Used by
 * the unit spec to hold the arithmetic (sums, signs, several deltas per metric) to the same rule.
 */
export function fold(counters: MetricSum[], deltas: MetricSum[]): MetricSum[] {
  const sums = new Map<string, number>();
  for (const { metric, n } of [...counters, ...deltas]) sums.set(metric, (sums.get(metric) ?? 0) + n);
  return [...sums].map(([metric, n]) => ({ metric, n }));
}
