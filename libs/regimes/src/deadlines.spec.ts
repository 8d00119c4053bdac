import { authorityDeadline, deadlinesFrom, localDateTime, Obligation, OBLIGATIONS } from './deadlines';

describe('deadlines', () => {
  it('holds one obligation today: GDPR Art. 33(1), the supervisory authority within 72 hours', () => {
    expect(OBLIGATIONS).toEqual([{ regime: 'gdpr', obligation: 'authority', hours: 72, basis: 'GDPR Art. 33(1)' }]);
  });

  it('computes each row of the table from awareAt, as an instant in UTC', () => {
    expect(deadlinesFrom('2023-04-19T14:00:00Z')).toEqual([
      { regime: 'gdpr', obligation: 'authority', basis: 'GDPR Art. 33(1)', dueAt: '2023-04-22T14:00:00.000Z' },
    ]);
    const rows: Obligation[] = [...OBLIGATIONS, { regime: 'gdpr', obligation: 'authority', hours: 24, basis: 'a shorter row' }];
    expect(deadlinesFrom(new Date('2023-04-19T14:00:00Z'), rows).map((d) => d.dueAt)).toEqual(['2023-04-22T14:00:00.000Z', '2023-04-20T14:00:00.000Z']);
  });

  it('reads an awareAt given with any offset as the same instant', () => {
    expect(authorityDeadline('2023-04-19T16:00:00+02:00')).toBe('2023-04-22T14:00:00.000Z');
    expect(authorityDeadline('2023-04-19T09:30:00.250-04:30')).toBe('2023-04-22T14:00:00.250Z');
  });

  it('refuses an awareAt that is no date', () => {
    expect(() => authorityDeadline('yesterday')).toThrow(RangeError);
  });

  it('shows the mark on the wall clock of the tenant’s zone', () => {
    expect(localDateTime('2023-04-22T14:00:00.000Z', 'Europe/Warsaw')).toBe('2023-04-22T16:00:00+02:00');
    expect(localDateTime('2023-04-22T14:00:00.000Z', 'Asia/Kolkata')).toBe('2023-04-22T19:30:00+05:30');
    expect(localDateTime('2023-04-22T14:00:00.000Z', 'America/St_Johns')).toBe('2023-04-22T11:30:00-02:30');
    expect(localDateTime('2023-04-22T14:00:00.000Z', 'UTC')).toBe('2023-04-22T14:00:00+00:00');
    expect(localDateTime('2023-12-31T23:30:00.000Z', 'Pacific/Kiritimati')).toBe('2024-01-01T13:30:00+14:00');
  });

  it('counts elapsed hours across a DST change: the local time moves, the instant does not', () => {
    // Warsaw springs forward on 26 March 2023 (CET → CEST): aware at 10:00 CET two days before, due at 11:00 CEST.
    const spring = authorityDeadline('2023-03-24T10:00:00+01:00');
    expect(spring).toBe('2023-03-27T09:00:00.000Z');
    expect(localDateTime(spring, 'Europe/Warsaw')).toBe('2023-03-27T11:00:00+02:00');
    // New York falls back on 5 November 2023 (EDT → EST): aware at 12:00 EDT, due at 11:00 EST.
    const autumn = authorityDeadline('2023-11-03T12:00:00-04:00');
    expect(localDateTime(autumn, 'America/New_York')).toBe('2023-11-06T11:00:00-05:00');
    // Sydney leaves daylight time on 2 April 2023 (AEDT → AEST).
    expect(localDateTime(authorityDeadline('2023-03-31T09:00:00+11:00'), 'Australia/Sydney')).toBe('2023-04-03T08:00:00+10:00');
  });

  it('refuses a zone that does not exist', () => {
    expect(() => localDateTime('2023-04-22T14:00:00.000Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
