import { defaultRegimes } from './deadlines';
import { effectiveRegimes, NOTICE_DEADLINE_CAPS, noticeDeadlineMs, noticeDueAt } from './notice-deadline';

const H = 3600 * 1000;

describe('notice deadline', () => {
  const aware = '2023-04-19T14:00:00Z';

  it("takes the tenant's own hours, else the configured default", () => {
    expect(noticeDeadlineMs({ noticeDeadlineHours: 4 }, 24 * H)).toBe(4 * H);
    expect(noticeDeadlineMs({ noticeDeadlineHours: null }, 24 * H)).toBe(24 * H);
    expect(noticeDeadlineMs({}, 90 * 60 * 1000)).toBe(90 * 60 * 1000);
    expect(noticeDueAt(aware, { noticeDeadlineHours: 4 }, 24 * H)).toBe('2023-04-19T18:00:00.000Z');
  });

  it('Regulation S-P caps the deadline at 72 hours: longer agreed hours, or a longer default', () => {
    expect(noticeDeadlineMs({ regimes: ['sec_reg_sp'], noticeDeadlineHours: 120 }, 24 * H)).toBe(72 * H);
    expect(noticeDeadlineMs({ regimes: ['us_state', 'sec_reg_sp'], noticeDeadlineHours: null }, 96 * H)).toBe(72 * H);
    expect(noticeDueAt(aware, { regimes: ['sec_reg_sp'], noticeDeadlineHours: 720 }, 24 * H)).toBe('2023-04-22T14:00:00.000Z');
  });

  it('Regulation S-P leaves a shorter deadline as it is, and other regimes cap nothing', () => {
    expect(noticeDeadlineMs({ regimes: ['sec_reg_sp'], noticeDeadlineHours: 48 }, 24 * H)).toBe(48 * H);
    expect(noticeDeadlineMs({ regimes: ['sec_reg_sp'] }, 24 * H)).toBe(24 * H);
    expect(noticeDeadlineMs({ regimes: ['gdpr', 'dora', 'nis2', 'hipaa'], noticeDeadlineHours: 720 }, 24 * H)).toBe(720 * H);
  });

  it('no default regimes of a country carry a cap (the fan-out reads caps from stored regimes only)', () => {
    const capped = new Set(NOTICE_DEADLINE_CAPS.map((c) => c.regime));
    for (const country of ['PL', 'DE', 'GB', 'CH', 'US', 'JP', null]) {
      expect(defaultRegimes(country).filter((r) => capped.has(r))).toEqual([]);
    }
  });

  it("a tenant's regimes in effect: its own, else its country's", () => {
    expect(effectiveRegimes(['dora', 'gdpr'], 'PL')).toEqual(['dora', 'gdpr']);
    expect(effectiveRegimes(null, 'US')).toEqual(['us_state']);
    expect(effectiveRegimes(undefined, 'gb')).toEqual(['uk_gdpr']);
    expect(effectiveRegimes([], 'DE')).toEqual(['gdpr']);
  });

  it('keeps only known regimes, each once; none known falls back to the country', () => {
    expect(effectiveRegimes(['nis2', 'gdpr', 'gdpr', 'eprivacy'], 'CH')).toEqual(['nis2', 'gdpr']);
    expect(effectiveRegimes(['eprivacy'], 'GB')).toEqual(['uk_gdpr']);
  });
});
