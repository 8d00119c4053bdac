import { Progress, progressLine, shortDuration } from './progress-bar';

describe(progressLine.name, () => {
  const sending = (over: Partial<Progress> = {}): Progress => ({
    status: 'dispatched',
    notices: { total: 40, pending: 0, queued: 20, sending: 8, sent: 10, delivered: 2, failed: 0, bounced: 0, undelivered: 0 },
    completedAt: null,
    channels: {
      email: { perSecond: 4.2, etaSeconds: 7, open: 28, ceiling: 5, heldBy: ['rate_ceiling'] },
      sms: { perSecond: 0, etaSeconds: 0, open: 0, ceiling: 10, heldBy: [] },
    },
    workersConsuming: 1,
    ...over,
  });

  it('shows the bar, the counts and the pace of each channel with open notices', () => {
    expect(progressLine(sending(), 10)).toBe(
      '[###.......] 12/40 settled · dispatched · queued 20 sending 8 sent 10 delivered 2 failed 0 bounced 0 undelivered 0 · email 4.2/s ETA 7s (ceiling 5/s)',
    );
  });

  it('says when no worker is consuming and nothing moves', () => {
    const line = progressLine(sending({ workersConsuming: 0, channels: { email: { perSecond: 0, etaSeconds: null, open: 28, ceiling: 0, heldBy: ['no_worker'] } } }));
    expect(line).toMatch(/ · email 0\/s ETA – \(no worker\) · no worker is consuming$/);
  });

  it('drops the pace once done, and reads an answer without pace fields', () => {
    expect(progressLine({ ...sending(), completedAt: '2026-12-02T10:00:00Z' })).not.toMatch(/\/s/);
    expect(progressLine({ status: 'dispatching', notices: { total: 0 }, completedAt: null })).toBe(
      `[${'.'.repeat(30)}] 0/0 settled · dispatching · queued 0 sending 0 sent 0 delivered 0 failed 0 bounced 0 undelivered 0`,
    );
  });

  it('writes durations short', () => {
    expect([shortDuration(7), shortDuration(95), shortDuration(7260)]).toEqual(['7s', '1m35s', '2h01m']);
  });
});
