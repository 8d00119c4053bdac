import type { AuditService } from '@app/audit';
import type { ChannelCatalog } from '@app/kernel';
import { NotFoundError } from '@app/kernel';
import type { WorkerHeartbeat } from '@app/queue';
import type { AffectedTenantsRepository } from '@app/scope';
import type { ProgressRepository, ProgressSnapshot } from './progress.repository';
import { ProgressService } from './progress.service';

const INCIDENT = '00000000-0000-7000-8000-000000000001';
const NOW_US = Date.UTC(2026, 11, 3, 12) * 1000;
const DISPATCHED_AT = new Date(NOW_US / 1000 - 120_000);

/** Version 2, dispatched two minutes ago: one email notice queued, one sent; 120 settled in the last minute. */
function dispatched(): ProgressSnapshot {
  const own = [{ metric: 'settled:email', n: 120 }];
  return {
    version: 2,
    status: 'dispatched',
    dispatchedAt: DISPATCHED_AT,
    plannedAt: DISPATCHED_AT,
    completedAt: null,
    closedAt: null,
    scope: null,
    folded: [{ metric: 'notice:email:queued', n: 1 }],
    tail: [{ metric: 'notice:email:sent', n: 1 }],
    nowUs: NOW_US,
    recent: { own, all: own, burst: own, elsewhere: [] },
  };
}

function make(snapshot: ProgressSnapshot | undefined, affected = 0) {
  const calls: string[] = [];
  const repository: Pick<ProgressRepository, 'snapshot'> = {
    snapshot: jest.fn(async (_id: string, version: number | null) => (calls.push(`snapshot ${version}`), snapshot)),
  };
  const scope: Pick<AffectedTenantsRepository, 'count'> = { count: jest.fn(async () => (calls.push('count'), affected)) };
  const heartbeat: Pick<WorkerHeartbeat, 'consuming'> = { consuming: async () => (calls.push('heartbeat'), 1) };
  const channels: Pick<ChannelCatalog, 'ratePerSec'> = { ratePerSec: () => 0 };
  const sut = new ProgressService(repository as ProgressRepository, scope as AffectedTenantsRepository, {} as AuditService, heartbeat as WorkerHeartbeat, channels as ChannelCatalog);
  return { sut, calls, scope };
}

describe(ProgressService.name, () => {
  it('answers from one snapshot of the current version and the heartbeats, with the pace of each channel', async () => {
    const { sut, calls } = make(dispatched());
    const progress = await sut.progress(INCIDENT);
    expect(calls.sort()).toEqual(['heartbeat', 'snapshot null']);
    expect(progress).toMatchObject({ version: 2, status: 'dispatched', notices: { sent: 1, queued: 1 }, workersConsuming: 1 });
    expect((progress.channels as Record<string, { perSecond: number }>).email.perSecond).toBe(2);
  });

  it('counts the affected tenants of a version not dispatched from its scope, and shows no pace', async () => {
    const draft = { ...dispatched(), status: 'approved', dispatchedAt: null, plannedAt: null, scope: { systems: ['crm'] }, folded: [], tail: [], recent: null };
    const { sut, scope } = make(draft, 7);
    const progress = await sut.progress(INCIDENT);
    expect(scope.count).toHaveBeenCalledWith({ systems: ['crm'] });
    expect(progress).toMatchObject({ status: 'approved', affectedTenants: 7, channels: {} });
  });

  it('says closed for a closed incident, whatever its version', async () => {
    const { sut } = make({ ...dispatched(), closedAt: new Date(NOW_US / 1000) });
    expect(await sut.progress(INCIDENT)).toMatchObject({ status: 'closed', version: 2 });
  });

  it('answers 404 for an id no incident can have, without a query, and for one nobody has', async () => {
    const { sut, calls } = make(undefined);
    await expect(sut.progress('not-a-uuid')).rejects.toThrow(NotFoundError);
    expect(calls).toEqual([]);
    await expect(sut.progress(INCIDENT)).rejects.toThrow(`Incident ${INCIDENT} does not exist`);
  });
});
