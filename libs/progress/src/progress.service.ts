import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { AffectedTenantsRepository } from '@app/scope';
import { IncidentBody } from '@app/incidents';
import { Channel, CHANNEL_CATALOG, ChannelCatalog, CHANNELS, isUuid, NotFoundError } from '@app/kernel';
import { WorkerHeartbeat } from '@app/queue';
import { byChannelOf, ChannelPace, fold, OPEN_STATUSES, paceOf, tally } from './progress-counters';
import { ProgressRepository, RecentFlows } from './progress.repository';

const OPEN: string[] = [...OPEN_STATUSES];

/** Rates are measured over this window; deltas stay unfolded at least this long (plus a margin). */
export const RATE_WINDOW_SECONDS = 60;
/** Whether a shared ceiling holds a channel is judged on every incident's sends of the last this many seconds. */
export const CEILING_WINDOW_SECONDS = 10;
/** Per-second flows are kept this long (the rate window reads them; a margin for a late fold). */
export const FLOW_KEEP_SECONDS = RATE_WINDOW_SECONDS + 60;
/** At most this many deltas per fold statement. */
const FOLD_LIMIT = 50_000;
/** How long progress waits for Redis to say how many workers beat. */
const HEARTBEAT_READ_MS = 1000;

@Injectable()
export class ProgressService {
  private readonly logger = new Logger('Progress');

  constructor(
    private readonly repository: ProgressRepository,
    private readonly affected: AffectedTenantsRepository,
    private readonly audit: AuditService,
    private readonly heartbeat: WorkerHeartbeat,
    @Inject(CHANNEL_CATALOG) private readonly channels: ChannelCatalog,
  ) {}

  /**
   * How far the current version has got, read off the per-version counters (folded sums plus the recent
   * deltas), late tenants included: no count over the version's notices or tenants. While notices are open, each
   * channel's pace (rate, ETA, why it is held) and the workers consuming now.
   */
  async progress(id: string): Promise<Record<string, unknown>> {
    // One round trip to each store: the version, its counters and its recent flows come from one statement (one
    // snapshot), read beside the workers' heartbeats.
    if (!isUuid(id)) throw new NotFoundError(`Incident ${id} does not exist`);
    const [v, workers] = await Promise.all([this.repository.snapshot(id, null, RATE_WINDOW_SECONDS, CEILING_WINDOW_SECONDS), this.workersConsuming()]);
    if (!v) throw new NotFoundError(`Incident ${id} does not exist`);
    const { folded, tail, nowUs, recent } = v;
    const { notices, byChannel, tenants } = tally(fold(folded, tail), nowUs);
    const dispatched = v.status === 'dispatching' || v.status === 'dispatched';
    const affectedTenants = dispatched ? tenants.affected : await this.affected.count(v.scope as IncidentBody['scope']);
    let completedAt = v.completedAt;
    if (v.plannedAt && !completedAt && OPEN.every((s) => notices[s] === 0)) completedAt = await this.markCompleted(id, v.version);
    return {
      id,
      version: v.version,
      status: v.closedAt ? 'closed' : v.status,
      affectedTenants,
      withdrawnTenants: tenants.withdrawn,
      notices,
      byChannel,
      acknowledgedTenants: tenants.acknowledged,
      lateTenants: tenants.late,
      dispatchedAt: v.dispatchedAt,
      plannedAt: v.plannedAt,
      completedAt,
      channels: recent ? this.pace(recent, v.dispatchedAt, byChannel, workers) : {},
      workersConsuming: workers,
    };
  }

  /** Rate, ETA and why it is slow, per channel of the version's notices (the recent flows are read beside the counters). */
  private pace(
    recent: RecentFlows,
    dispatchedAt: Date | null,
    byChannel: Record<string, Record<string, number>>,
    workers: number | null,
  ): Record<string, ChannelPace> {
    const since = dispatchedAt ? (Date.now() - new Date(dispatchedAt).getTime()) / 1000 : RATE_WINDOW_SECONDS;
    const elsewhere = byChannelOf(recent.elsewhere, 'notice');
    return paceOf({
      byChannel,
      windowSeconds: Math.min(RATE_WINDOW_SECONDS, since),
      settled: byChannelOf(recent.own, 'settled'),
      settledAll: byChannelOf(recent.burst, 'settled'),
      ceilingWindowSeconds: CEILING_WINDOW_SECONDS,
      errors: byChannelOf(recent.all, 'error'),
      busyElsewhere: new Set(Object.keys(elsewhere).filter((c) => elsewhere[c] > 0)),
      ceiling: (channel) => ((CHANNELS as readonly string[]).includes(channel) ? this.channels.ratePerSec(channel as Channel) : 0),
      workers,
    });
  }

  /** Workers consuming the queues now (their heartbeats); null when Redis does not answer. */
  async workersConsuming(): Promise<number | null> {
    try {
      return await Promise.race([
        this.heartbeat.consuming(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${HEARTBEAT_READ_MS} ms`)), HEARTBEAT_READ_MS).unref()),
      ]);
    } catch (error) {
      this.logger.warn(`worker heartbeats unreadable: ${(error as Error).message}`);
      return null;
    }
  }

  /**
   * Folds the deltas into the counters and the per-second flows (the maintenance job calls it every
   * FOLD_INTERVAL_MS, so a progress call adds up seconds of deltas, not minutes); returns how many were folded.
   */
  async foldCounters(): Promise<number> {
    const folded = await this.repository.fold(FOLD_LIMIT, FLOW_KEEP_SECONDS);
    if (folded > 0) await this.repository.vacuum();
    return folded;
  }

  /** Every notice of a planned version has settled: record the milestone once. */
  async markCompleted(incidentId: string, version: number): Promise<Date | null> {
    // The milestone and its audit entry commit together: whoever sees completedAt also finds the entry.
    const completedAt = await this.repository.transaction(async (manager) => {
      const at = await this.repository.markCompleted(incidentId, version, OPEN, manager);
      if (at === null) return null;
      const summary = await this.repository.outcome(incidentId, version, manager);
      await this.audit.append(manager, { actor: 'system', action: 'dispatch.completed', subject: `incident:${incidentId}`, details: { version, ...summary } });
      return at;
    });
    return completedAt ?? this.repository.completedAt(incidentId, version);
  }

  /** Versions planned but not yet marked complete (checked by the maintenance job). */
  async completeSettledVersions(): Promise<number> {
    const rows = await this.repository.plannedNotCompleted();
    let done = 0;
    for (const r of rows) if (await this.markCompleted(r.incident_id, r.version)) done++;
    return done;
  }
}
