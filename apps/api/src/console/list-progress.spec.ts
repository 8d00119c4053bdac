import { listedProgress, listProgress } from './list-progress';

describe(listProgress.name, () => {
  it('reads the progress of dispatched incidents only, and says delivered of total', async () => {
    const read = jest.fn(async (id: string) => ({
      version: 2,
      completedAt: id === 'b' ? '2026-12-01T10:00:00Z' : null,
      notices: { total: 1200, pending: 100, queued: 0, sending: 0, sent: 300, delivered: 780, failed: 15, bounced: 5, undelivered: 0 },
    }));
    const sut = await listProgress(
      [
        { id: 'a', dispatchedAt: '2026-12-01T09:00:00Z' },
        { id: 'draft', dispatchedAt: null },
        { id: 'b', dispatchedAt: '2026-12-01T09:30:00Z' },
      ],
      read,
    );
    expect(read.mock.calls.map(([id]) => id).sort()).toEqual(['a', 'b']);
    expect(sut.map((i) => i.id)).toEqual(['a', 'draft', 'b']);
    expect(sut[1].progress).toBeNull();
    expect(sut[0].progress).toEqual({
      version: 2,
      total: 1200,
      delivered: 780,
      settled: 1100,
      problems: 20,
      percent: 65,
      done: false,
      segments: [
        { status: 'delivered', percent: 65 },
        { status: 'sent', percent: 25 },
        { status: 'failed', percent: 1.7 },
      ],
    });
    expect(sut[2].progress?.done).toBe(true);
  });

  it('shows nothing planned yet as 0 of 0', () => {
    expect(listedProgress({ version: 1, notices: {} })).toMatchObject({ version: 1, total: 0, delivered: 0, settled: 0, problems: 0, percent: 0, done: false });
  });
});
