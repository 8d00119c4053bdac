import { authorityDeadline, defaultRegimes, deadlinesFrom, localDateTime, Obligation, OBLIGATIONS, Regime, REGIMES } from './deadlines';

describe('deadlines', () => {
  const aware = '2023-04-19T14:00:00Z';
  const due = (regime: Regime) => Object.fromEntries(deadlinesFrom(aware, [regime]).map((d) => [d.obligation, d.dueAt]));

  it('GDPR and UK GDPR: the supervisory authority within 72 hours (Art. 33(1))', () => {
    expect(deadlinesFrom(aware, ['gdpr'])).toEqual([{ regime: 'gdpr', obligation: 'authority', basis: 'GDPR Art. 33(1)', dueAt: '2023-04-22T14:00:00.000Z' }]);
    expect(deadlinesFrom(aware, ['uk_gdpr'])).toEqual([{ regime: 'uk_gdpr', obligation: 'authority', basis: 'UK GDPR Art. 33(1)', dueAt: '2023-04-22T14:00:00.000Z' }]);
  });

  it('Swiss FADP: the FDPIC as soon as possible, no fixed time (Art. 24(1))', () => {
    expect(deadlinesFrom(aware, ['ch_fadp'])).toEqual([{ regime: 'ch_fadp', obligation: 'authority', basis: 'FADP Art. 24(1)', dueAt: null }]);
  });

  it('NIS2: early warning within 24 h, notification within 72 h, final report one month after the notification (Art. 23(4))', () => {
    expect(due('nis2')).toEqual({
      early_warning: '2023-04-20T14:00:00.000Z',
      incident_notification: '2023-04-22T14:00:00.000Z',
      final_report: '2023-05-22T14:00:00.000Z',
    });
  });

  it('DORA: initial 4 h (after classification, at most 24 h), intermediate 72 h after it, final one month after that', () => {
    expect(due('dora')).toEqual({
      initial_notification: '2023-04-19T18:00:00.000Z',
      intermediate_report: '2023-04-22T18:00:00.000Z',
      final_report: '2023-05-22T18:00:00.000Z',
    });
    expect(deadlinesFrom(aware, ['dora'])[0].note).toBe('dora_classification');
  });

  it('HIPAA 60 days, California 30 days, Regulation S-P 30 days, to the individuals', () => {
    expect(due('hipaa')).toEqual({ individuals: '2023-06-18T14:00:00.000Z' });
    expect(due('us_state')).toEqual({ individuals: '2023-05-19T14:00:00.000Z' });
    expect(due('sec_reg_sp')).toEqual({ individuals: '2023-05-19T14:00:00.000Z' });
  });

  it('lists every obligation of several regimes in table order, each with its basis', () => {
    expect(deadlinesFrom(aware, ['dora', 'gdpr']).map((d) => `${d.regime}:${d.obligation}`)).toEqual([
      'gdpr:authority',
      'dora:initial_notification',
      'dora:intermediate_report',
      'dora:final_report',
    ]);
    for (const row of OBLIGATIONS) expect(row.basis).toMatch(/Art\.|CFR|Code/);
    expect(new Set(OBLIGATIONS.map((o) => o.regime))).toEqual(new Set(REGIMES));
  });

  it('adds calendar months on the same day, or the last day of a shorter month', () => {
    const rows: Obligation[] = [{ regime: 'nis2', obligation: 'final_report', hours: 0, months: 1, basis: 'x Art. 1' }];
    expect(deadlinesFrom('2023-01-31T10:00:00Z', ['nis2'], rows)[0].dueAt).toBe('2023-02-28T10:00:00.000Z');
  });

  it('defaults the regimes by country: EU/EEA gdpr, GB uk_gdpr, CH ch_fadp, US us_state, else gdpr', () => {
    expect(defaultRegimes('PL')).toEqual(['gdpr']);
    expect(defaultRegimes('NO')).toEqual(['gdpr']);
    expect(defaultRegimes('GB')).toEqual(['uk_gdpr']);
    expect(defaultRegimes('ch')).toEqual(['ch_fadp']);
    expect(defaultRegimes('US')).toEqual(['us_state']);
    expect(defaultRegimes('JP')).toEqual(['gdpr']);
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
