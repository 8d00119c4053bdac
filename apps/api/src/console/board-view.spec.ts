import type { BoardItem } from '@app/progress';
import { boardRows, relative } from './board-view';

const NOW = Date.parse('2023-04-20T12:00:00Z');

const item = (patch: Partial<BoardItem> = {}): BoardItem => ({
  tenant: 'bank-1',
  name: 'Bank 1',
  regimes: ['dora', 'nis2'],
  dueAt: '2023-04-20T14:00:00.000Z',
  firstSentAt: null,
  late: false,
  acknowledgedAt: null,
  escalated: false,
  notices: { total: 0, sent: 0, delivered: 0, failed: 0, bounced: 0, undelivered: 0 },
  ...patch,
});

describe('board view', () => {
  it('says how far a due time is, ahead or behind', () => {
    expect(relative('2023-04-20T14:00:00Z', NOW)).toBe('in 2 h');
    expect(relative('2023-04-18T08:00:00Z', NOW)).toBe('2 d 4 h ago');
    expect(relative('2023-04-20T12:20:00Z', NOW)).toBe('in 20 min');
    expect(relative('2023-04-20T12:00:20Z', NOW)).toBe('now');
    expect(relative(null, NOW)).toBe('');
  });

  it('lists the delivery by status, notices still on their way as queued, and flags problems', () => {
    const [row] = boardRows([item({ firstSentAt: '2023-04-20T10:00:00Z', notices: { total: 4, sent: 1, delivered: 1, failed: 1, bounced: 0, undelivered: 0 } })], NOW);
    expect(row).toMatchObject({
      regimes: 'dora, nis2',
      delivery: [
        { status: 'queued', n: 1 },
        { status: 'delivered', n: 1 },
        { status: 'sent', n: 1 },
        { status: 'failed', n: 1 },
      ],
      problem: true,
      dueSoon: false,
    });
  });

  it('marks a tenant not told yet whose due time is within the hour, or past', () => {
    expect(boardRows([item({ dueAt: '2023-04-20T12:30:00Z' })], NOW)[0].dueSoon).toBe(true);
    expect(boardRows([item({ dueAt: '2023-04-20T10:00:00Z', late: true })], NOW)[0]).toMatchObject({ dueSoon: true, late: true, dueRelative: '2 h ago' });
    expect(boardRows([item({ dueAt: '2023-04-20T12:30:00Z', firstSentAt: '2023-04-20T11:00:00Z' })], NOW)[0].dueSoon).toBe(false);
  });
});
