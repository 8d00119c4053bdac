import { LOCALES, Locale } from '@app/kernel';
import { formatDateTime, LABELS } from '@app/wording';
import { NoticeRenderer } from './notice-renderer';
import { NoticeDeadline, NoticeView } from './notice-view';
import { sampleNoticeView } from '@app/testing';

/**
 * The deadlines section of a notice. The rows are those the composer makes from the obligations table for
 * a tenant aware (by our awareness) on 19 April 2023, 14:00 UTC and told on 20 April 2023, 16:30 UTC.
 */
const sut = new NoticeRenderer();

const GDPR_NIS2: NoticeDeadline[] = [
  { regime: 'gdpr', obligation: 'authority', basis: 'GDPR Art. 33(1)', hours: 72, fromAwareness: '2023-04-22T14:00:00.000Z', fromNotice: '2023-04-23T16:30:00.000Z' },
  { regime: 'nis2', obligation: 'early_warning', basis: 'NIS2 Directive Art. 23(4)(a)', hours: 24, fromAwareness: '2023-04-20T14:00:00.000Z', fromNotice: '2023-04-21T16:30:00.000Z' },
  { regime: 'nis2', obligation: 'incident_notification', basis: 'NIS2 Directive Art. 23(4)(b)', hours: 72, fromAwareness: '2023-04-22T14:00:00.000Z', fromNotice: '2023-04-23T16:30:00.000Z' },
  { regime: 'nis2', obligation: 'final_report', basis: 'NIS2 Directive Art. 23(4)(d)', hours: 0, months: 1, after: 'incident_notification', fromAwareness: '2023-05-22T14:00:00.000Z', fromNotice: '2023-05-23T16:30:00.000Z' },
];

const DORA: NoticeDeadline[] = [
  { regime: 'dora', obligation: 'initial_notification', basis: 'DORA Art. 19(4); Delegated Regulation (EU) 2025/301 Art. 5(1)(a)', hours: 4, note: 'dora_classification', fromAwareness: '2023-04-19T18:00:00.000Z', fromNotice: '2023-04-20T20:30:00.000Z' },
  { regime: 'dora', obligation: 'intermediate_report', basis: 'Delegated Regulation (EU) 2025/301 Art. 5(1)(b)', hours: 72, after: 'initial_notification', fromAwareness: '2023-04-22T18:00:00.000Z', fromNotice: '2023-04-23T20:30:00.000Z' },
  { regime: 'dora', obligation: 'final_report', basis: 'Delegated Regulation (EU) 2025/301 Art. 5(1)(c)', hours: 0, months: 1, after: 'intermediate_report', fromAwareness: '2023-05-22T18:00:00.000Z', fromNotice: '2023-05-23T20:30:00.000Z' },
];

const FADP: NoticeDeadline[] = [{ regime: 'ch_fadp', obligation: 'authority', basis: 'FADP Art. 24(1)', hours: null, fromAwareness: null, fromNotice: null }];

const US: NoticeDeadline[] = [
  { regime: 'hipaa', obligation: 'individuals', basis: '45 CFR 164.404(b)', hours: 1440, fromAwareness: '2023-06-18T14:00:00.000Z', fromNotice: '2023-06-19T16:30:00.000Z' },
];

function view(locale: Locale, regimes: string[], deadlines: NoticeDeadline[], overrides: Partial<NoticeView> = {}): NoticeView {
  return sampleNoticeView(locale, { regimes, deadlines, ...overrides });
}

/** The section between its heading (9.) and the next one (10.). */
function section(text: string): string {
  return text.slice(text.search(/^9\. /m), text.search(/^10\. /m));
}

/** The list items of the HTML section. */
function items(html: string): string[] {
  const part = html.slice(html.indexOf('<h2>9. '), html.indexOf('<h2>10. '));
  return [...part.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
}

describe.each(LOCALES)('the deadlines of a notice in %s', (locale) => {
  const words = LABELS[locale].deadlines;
  const time = (iso: string) => formatDateTime(iso, locale, sampleNoticeView(locale).timeZone);
  const fromAwareness = (iso: string) => words.fromAwareness.replace('{when}', time(iso));
  const fromNotice = (iso: string) => words.fromNotice.replace('{when}', time(iso));

  it('gives a tenant under GDPR and NIS2 one line per obligation, each with its basis and both times', () => {
    const { text, html } = sut.renderEmail(view(locale, ['gdpr', 'nis2'], GDPR_NIS2));
    const lines = section(text).split('\n').filter((line) => line.startsWith('- '));
    expect(lines).toHaveLength(4);
    expect(items(html)).toHaveLength(4);
    expect(section(text)).toContain(words.regimes.gdpr);
    expect(section(text)).toContain(words.regimes.nis2);
    for (const [i, deadline] of GDPR_NIS2.entries()) {
      expect(lines[i]).toContain(words.citations[deadline.basis]);
      for (const body of [section(text), items(html)[i]]) {
        expect(body).toContain(fromAwareness(deadline.fromAwareness!));
        expect(body).toContain(fromNotice(deadline.fromNotice!));
      }
    }
    expect(lines[0]).toContain(words.obligations.authority);
    expect(lines[1]).toContain(words.steps.nis2.early_warning);
    expect(lines[1]).toContain(words.hours.other.replace('{n}', '24'));
    expect(lines[3]).toContain(`${words.months.one} ${words.after.incident_notification}`);
    // Counted from our awareness, a step falls due earlier than counted from this notice, and both are in the tenant's zone with UTC beside.
    expect(section(text).indexOf(fromAwareness(GDPR_NIS2[1].fromAwareness!))).toBeLessThan(section(text).indexOf(fromNotice(GDPR_NIS2[1].fromNotice!)));
    expect(section(text)).toContain('(14:00 UTC)');
    expect(section(text)).toContain('(16:30 UTC)');
  });

  it('gives DORA’s initial notification its condition instead of a bare duration, and chains the later reports', () => {
    const { text, html } = sut.renderEmail(view(locale, ['dora'], DORA));
    const lines = section(text).split('\n').filter((line) => line.startsWith('- '));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(words.notes.dora_classification);
    expect(items(html)[0]).toContain(words.notes.dora_classification);
    expect(lines[1]).toContain(words.after.initial_notification);
    expect(lines[2]).toContain(words.after.intermediate_report);
    expect(section(text)).toContain(fromAwareness('2023-04-19T18:00:00.000Z'));
    expect(section(text)).toContain(fromNotice('2023-05-23T20:30:00.000Z'));
  });

  it('says "as soon as possible" for the Swiss FADP, with no time', () => {
    const { text, html } = sut.renderEmail(view(locale, ['ch_fadp'], FADP, { authority: { name: 'EDÖB/FDPIC', url: 'https://www.edoeb.admin.ch', law: 'ch_fadp', several: false } }));
    const body = section(text);
    expect(body).toContain(words.asap);
    expect(body).toContain(words.steps.ch_fadp.authority);
    expect(body).toContain(words.citations['FADP Art. 24(1)']);
    expect(body).not.toContain(words.fromAwareness.split('{when}')[1]);
    expect(items(html)).toEqual([expect.not.stringContaining('<br>')]);
  });

  it('says whole days beyond 72 hours in days, and cites a provision it has no words for as the table does', () => {
    const body = section(sut.renderEmail(view(locale, ['hipaa'], US)).text);
    expect(body).toContain(words.days.many.replace('{n}', '60'));
    expect(body).toContain('45 CFR 164.404(b)');
    expect(body).toContain(words.regimes.hipaa);
  });

  it('restates the deadlines in an update, and says when an earlier notice started them', () => {
    const onTime = { noticeDueAt: '2023-04-21T00:00:00Z' };
    const initial = section(sut.renderEmail(view(locale, ['gdpr', 'nis2'], GDPR_NIS2, onTime)).text);
    const update = section(sut.renderEmail(view(locale, ['gdpr', 'nis2'], GDPR_NIS2, { ...onTime, kind: 'update', updateNumber: 1, incident: { ...sampleNoticeView(locale).incident, changeSummary: 'x' } })).text);
    const listed = (body: string) => body.split('\n').filter((line) => line.startsWith('- ') || line.startsWith('  '));
    expect(listed(update)).toEqual(listed(initial));
    expect(update.split('\n').length).toBe(initial.split('\n').length + 1);
  });

  it('leaves the deadlines out of a withdrawal', () => {
    const { text } = sut.renderEmail(view(locale, ['gdpr', 'nis2'], GDPR_NIS2, { kind: 'withdrawn', updateNumber: 1, incident: { ...sampleNoticeView(locale).incident, changeSummary: 'x' } }));
    expect(text).not.toContain(words.steps.nis2.early_warning);
  });
});

describe('deadline words', () => {
  it('says durations with the plural each language needs', () => {
    const line = (locale: Locale, hours: number) => section(sut.renderEmail(view(locale, ['x'], [{ ...GDPR_NIS2[0], regime: 'x', hours }])).text).split('\n').find((l) => l.startsWith('- '))!;
    expect(line('pl', 1)).toMatch(/: 1 godzina$/);
    expect(line('pl', 24)).toMatch(/: 24 godziny$/);
    expect(line('pl', 12)).toMatch(/: 12 godzin$/);
    expect(line('en', 1)).toMatch(/: 1 hour$/);
    expect(line('de', 72)).toMatch(/: 72 Stunden$/);
    expect(line('fr', 72)).toMatch(/ : 72 heures$/);
  });
});
