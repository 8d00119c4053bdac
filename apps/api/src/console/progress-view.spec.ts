import { duration, progressView } from './progress-view';

const CHANNELS = [
  { channel: 'email' as const, label: 'Email' },
  { channel: 'sms' as const, label: 'SMS' },
];

describe(progressView.name, () => {
  const sending = {
    status: 'dispatched',
    version: 1,
    notices: { total: 10, pending: 2, queued: 3, sending: 1, sent: 4 },
    byChannel: { email: { total: 10, pending: 2, queued: 3, sending: 1, sent: 4 } },
    completedAt: null,
    channels: { email: { perSecond: 2.5, etaSeconds: 95, open: 6, ceiling: 3, heldBy: ['rate_ceiling', 'provider_errors'] } },
    workersConsuming: 1,
  };

  it('puts each channel’s rate, time left and reasons on the live line', () => {
    const sut = progressView(sending, CHANNELS);
    expect(sut.paceLine).toBe('Email 2.5/s, about 1 min 35 s left (held by the rate ceiling (3/s); provider errors in the last minute)');
    expect(sut.pace).toEqual([expect.objectContaining({ channel: 'email', label: 'Email', perSecond: 2.5, etaSeconds: 95 })]);
    expect(sut.workerWarning).toBeNull();
  });

  it('warns when no worker is consuming while notices are open', () => {
    const sut = progressView({ ...sending, workersConsuming: 0, channels: { email: { ...sending.channels.email, perSecond: 0, etaSeconds: null, heldBy: ['no_worker'] } } }, CHANNELS);
    expect(sut.workerWarning).toMatch(/No worker is consuming/);
    expect(sut.paceLine).toBe('Email 0/s, not moving (no worker is consuming)');
  });

  it('shows no pace and no warning once done', () => {
    const sut = progressView({ ...sending, workersConsuming: 0, completedAt: '2026-12-02T10:00:00Z' }, CHANNELS);
    expect([sut.paceLine, sut.workerWarning, sut.done]).toEqual(['', null, true]);
  });

  it('says durations in words', () => {
    expect([duration(42), duration(95), duration(7260)]).toEqual(['42 s', '1 min 35 s', '2 h 1 min']);
  });
});
