import type { AuditService } from '@app/audit';
import type { IncidentsService } from '@app/incidents';
import type { ChannelCatalog } from '@app/kernel';
import type { WorkerHeartbeat } from '@app/queue';
import type { AffectedTenantsRepository } from '@app/scope';
import type { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';

type Counters = Awaited<ReturnType<ProgressRepository['counters']>>;
type Recent = Awaited<ReturnType<ProgressRepository['recent']>>;

const INCIDENT = '00000000-0000-7000-8000-000000000001';
const NOW_US = Date.UTC(2026, 11, 3, 12) * 1000;

/** Per version: one email notice `queued`, and `version - 1` sent; 60 × `version` settled in the last minute. */
function countersOf(version: number): Counters {
  return { version, folded: [{ metric: 'notice:email:queued', n: 1 }], tail: [{ metric: 'notice:email:sent', n: version - 1 }], nowUs: NOW_US };
}
function recentOf(version: number): Recent {
  const own = [{ metric: 'settled:email', n: version * 60 }];
  return { version, own, all: own, burst: own, elsewhere: [] };
}

/**
 * A database where the incident's current version is `current` when counters and flows are read, while the version
 * row read beside them says `answered` (a new version became current between the two snapshots).
 */
function make(answered: number, current: number) {
  const calls: string[] = [];
  const repository: Pick<ProgressRepository, 'counters' | 'recent'> = {
    counters: jest.fn(async (_id: string, version: number | null) => (calls.push(`counters ${version}`), countersOf(version ?? current))),
    recent: jest.fn(async (_id: string, version: number | null) => (calls.push(`recent ${version}`), recentOf(version ?? current))),
  };
  const incidents: Pick<IncidentsService, 'currentVersion'> = {
    currentVersion: jest.fn(async () => {
      calls.push('currentVersion');
      const dispatchedAt = new Date(NOW_US / 1000 - 120_000);
      return { version: { version: answered, status: 'dispatched', dispatchedAt, plannedAt: dispatchedAt, completedAt: null, body: {} }, closedAt: null };
    }) as unknown as IncidentsService['currentVersion'],
  };
  const heartbeat: Pick<WorkerHeartbeat, 'consuming'> = { consuming: async () => 1 };
  const channels: Pick<ChannelCatalog, 'ratePerSec'> = { ratePerSec: () => 0 };
  const sut = new ProgressService(
    repository as ProgressRepository,
    incidents as IncidentsService,
    {} as AffectedTenantsRepository,
    {} as AuditService,
    heartbeat as WorkerHeartbeat,
    channels as ChannelCatalog,
  );
  return { sut, calls };
}

describe(ProgressService.name, () => {
  it('reads the version, its counters and its flows side by side, once each', async () => {
    const { sut, calls } = make(2, 2);
    const progress = await sut.progress(INCIDENT);
    expect(calls.sort()).toEqual(['counters null', 'currentVersion', 'recent null']);
    expect(progress).toMatchObject({ version: 2, notices: { sent: 1, queued: 1 } });
    expect((progress.channels as Record<string, { perSecond: number }>).email.perSecond).toBe(2);
  });

  it('reads counters and flows again for the version it answers about when another became current meanwhile', async () => {
    const { sut, calls } = make(1, 2);
    const progress = await sut.progress(INCIDENT);
    expect(calls.slice(3)).toEqual(['counters 1', 'recent 1']);
    expect(progress).toMatchObject({ version: 1, notices: { queued: 1, sent: 0 } });
    expect((progress.channels as Record<string, { perSecond: number }>).email.perSecond).toBe(1);
  });
});
