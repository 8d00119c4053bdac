import { byChannelOf, fold, MetricSum, paceOf, PaceInputs, tally } from './progress-counters';

/** The database's clock when the counters were read: µs since 1970. */
const NOW_US = Date.parse('2023-04-21T12:00:00Z') * 1000;
const us = (iso: string) => String(Date.parse(iso) * 1000);

/** Notices as rows (channel, status), counted the way the old GROUP BY did: the reference the counters must meet. */
function fullCount(rows: { channel: string; status: string }[]) {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(`notice:${r.channel}:${r.status}`, (sums.get(`notice:${r.channel}:${r.status}`) ?? 0) + 1);
  return tally([...sums].map(([metric, n]) => ({ metric, n })), NOW_US);
}

/** One status change as the trigger writes it: minus the old metric, plus the new one. */
const move = (channel: string, from: string, to: string, n = 1): MetricSum[] => [
  { metric: `notice:${channel}:${from}`, n: -n },
  { metric: `notice:${channel}:${to}`, n },
];

describe('progress counters', () => {
  describe(tally.name, () => {
    it('adds notice metrics into totals, per channel and per status', () => {
      const sut = tally(
        [
          { metric: 'notice:email:sent', n: 3 },
          { metric: 'notice:sms:queued', n: 2 },
          { metric: 'notice:email:failed', n: 1 },
          { metric: 'tenant:affected', n: 4 },
          { metric: 'tenant:acknowledged', n: 1 },
          { metric: 'settled:email', n: 4 },
        ],
        NOW_US,
      );
      expect(sut.notices).toMatchObject({ total: 6, sent: 3, queued: 2, failed: 1, pending: 0 });
      expect(sut.byChannel).toEqual({
        email: { total: 4, pending: 0, queued: 0, sending: 0, sent: 3, delivered: 0, failed: 1, bounced: 0, undelivered: 0 },
        sms: { total: 2, pending: 0, queued: 2, sending: 0, sent: 0, delivered: 0, failed: 0, bounced: 0, undelivered: 0 },
      });
      expect(sut.tenants).toEqual({ affected: 4, withdrawn: 0, acknowledged: 1, late: 0 });
    });

    it('leaves out a channel whose notices all net to nothing, and refuses an unknown status', () => {
      expect(tally([{ metric: 'notice:webhook:pending', n: 2 }, { metric: 'notice:webhook:pending', n: -2 }], NOW_US).byChannel).toEqual({});
      expect(() => tally([{ metric: 'notice:email:lost', n: 1 }], NOW_US)).toThrow(/unknown notice status/);
    });

    it('reads any channel name the counters carry (a new channel needs no change here)', () => {
      expect(tally(move('webhook', 'pending', 'delivered').concat({ metric: 'notice:webhook:pending', n: 1 }), NOW_US).byChannel.webhook).toMatchObject({ total: 1, delivered: 1 });
    });

    it('counts as late the tenants told late and those not told whose due time has passed, over any number of due times', () => {
      const manyPast = Array.from({ length: 300 }, (_, i) => ({ metric: `tenant:untold:${Date.parse('2023-04-20T00:00:00Z') * 1000 + i}`, n: 1 }));
      const sut = tally(
        [
          { metric: 'tenant:affected', n: 318 },
          { metric: `tenant:untold:${us('2023-04-20T14:00:00Z')}`, n: 5 },
          { metric: 'tenant:told_late', n: 2 },
          { metric: `tenant:untold:${NOW_US}`, n: 4 }, // due this very microsecond: not late yet
          { metric: `tenant:untold:${us('2023-04-22T14:00:00Z')}`, n: 7 },
          ...manyPast,
        ],
        NOW_US,
      );
      expect(sut.tenants).toEqual({ affected: 318, withdrawn: 0, acknowledged: 0, late: 5 + 2 + 300 });
    });

    it('makes a tenant not told late once its due time passes, with no write in between', () => {
      const sums = [{ metric: `tenant:untold:${us('2023-04-21T12:00:00Z')}`, n: 3 }];
      expect(tally(sums, Number(us('2023-04-21T12:00:00Z'))).tenants.late).toBe(0);
      expect(tally(sums, Number(us('2023-04-21T12:00:00Z')) + 1).tenants.late).toBe(3);
    });

    it('follows tenants out of "not told" as their first notices go, in time or late, wherever the fold cuts', () => {
      const past = `tenant:untold:${us('2023-04-20T14:00:00Z')}`;
      const future = `tenant:untold:${us('2023-04-23T14:00:00Z')}`;
      const deltas: MetricSum[] = [
        { metric: past, n: 4 }, // planned: four tenants due yesterday,
        { metric: future, n: 2 }, // two due in two days
        { metric: past, n: -1 }, // one of the four told: late
        { metric: 'tenant:told_late', n: 1 },
        { metric: future, n: -2 }, // both told in time: nothing late about them
      ];
      for (let cut = 0; cut <= deltas.length; cut++) expect(tally(fold(fold([], deltas.slice(0, cut)), deltas.slice(cut)), NOW_US).tenants.late).toBe(4);
    });

    it('refuses a "not told" counter without a due time', () => {
      expect(() => tally([{ metric: 'tenant:untold:soon', n: 1 }], NOW_US)).toThrow(/unknown due time/);
      expect(() => tally([{ metric: 'tenant:untold', n: 1 }], NOW_US)).toThrow(/unknown due time/);
    });
  });

  describe(fold.name, () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ channel: i % 3 === 0 ? 'sms' : 'email', status: 'pending' }));
    /** The life of those notices as deltas: inserted, queued, claimed, settled, some delivered or bounced later. */
    const deltas: MetricSum[] = [];
    for (const r of rows) deltas.push({ metric: `notice:${r.channel}:pending`, n: 1 });
    rows.forEach((r, i) => {
      const path = ['pending', 'queued', 'sending', i % 7 === 0 ? 'failed' : 'sent', ...(i % 5 === 0 && i % 7 !== 0 ? ['delivered'] : []), ...(i % 11 === 1 ? ['bounced'] : [])];
      for (let k = 1; k < path.length; k++) deltas.push(...move(r.channel, path[k - 1], path[k]));
      r.status = path[path.length - 1];
    });

    it('gives the full count wherever the deltas are cut between folded and tail', () => {
      const expected = fullCount(rows);
      for (const cut of [0, 1, 17, deltas.length - 1, deltas.length]) {
        const folded = fold([], deltas.slice(0, cut));
        expect(tally(fold(folded, deltas.slice(cut)), NOW_US)).toEqual(expected);
      }
    });

    it('is the same folded in several rounds as in one', () => {
      let counters: MetricSum[] = [];
      for (let i = 0; i < deltas.length; i += 9) counters = fold(counters, deltas.slice(i, i + 9));
      expect(tally(counters, NOW_US)).toEqual(tally(fold([], deltas), NOW_US));
      expect(tally(counters, NOW_US)).toEqual(fullCount(rows));
    });
  });

  describe(paceOf.name, () => {
    const base = (over: Partial<PaceInputs> = {}): PaceInputs => ({
      byChannel: { email: { total: 100, pending: 10, queued: 30, sending: 0, sent: 60 }, sms: { total: 10, sent: 10 } },
      windowSeconds: 60,
      settled: { email: 120, sms: 10 },
      settledAll: { email: 20, sms: 2 },
      ceilingWindowSeconds: 10,
      errors: {},
      busyElsewhere: new Set(),
      ceiling: () => 0,
      workers: 1,
      ...over,
    });

    it('gives the rate over the window and the time left at that rate', () => {
      expect(paceOf(base()).email).toEqual({ perSecond: 2, etaSeconds: 20, open: 40, ceiling: 0, heldBy: [] });
      expect(paceOf(base({ windowSeconds: 12 })).email).toMatchObject({ perSecond: 10, etaSeconds: 4 });
    });

    it('has no ETA while nothing moves, and 0 once nothing is open', () => {
      expect(paceOf(base({ settled: {}, settledAll: {} })).email).toMatchObject({ perSecond: 0, etaSeconds: null });
      expect(paceOf(base()).sms).toMatchObject({ etaSeconds: 0, heldBy: [] });
    });

    it('names every reason a channel with open notices is held', () => {
      const held = paceOf(base({ workers: 0, ceiling: (c) => (c === 'email' ? 2 : 10), busyElsewhere: new Set(['email']), errors: { email: 3 } }));
      expect(held.email.heldBy).toEqual(['no_worker', 'rate_ceiling', 'other_incidents', 'provider_errors']);
      expect(held.sms.heldBy).toEqual([]); // nothing open: nothing held
    });

    it('counts the ceiling as reached by every incident together, from 75 % of it', () => {
      const shared = base({ settled: { email: 60 }, settledAll: { email: 90 }, ceiling: () => 10 });
      expect(paceOf(shared).email.heldBy).toEqual(['rate_ceiling']);
      expect(paceOf({ ...shared, settledAll: { email: 75 } }).email.heldBy).toEqual(['rate_ceiling']);
      expect(paceOf({ ...shared, settledAll: { email: 74 } }).email.heldBy).toEqual([]);
    });
  });

  it('byChannelOf sums one kind of flow by channel', () => {
    expect(byChannelOf([{ metric: 'settled:email', n: 2 }, { metric: 'settled:email', n: 3 }, { metric: 'error:sms', n: 1 }, { metric: 'notice:sms:queued', n: 4 }], 'settled')).toEqual({ email: 5 });
  });
});
