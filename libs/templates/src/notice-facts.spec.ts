import { HtmlValidate } from 'html-validate';
import { LOCALES, Locale } from '@app/kernel';
import { formatDateTime, formatZoneName, LABELS, LocaleLabels } from '@app/wording';
import { NoticeRenderer } from './notice-renderer';
import { NoticeView } from './notice-view';
import { sampleNoticeView } from '@app/testing';

/** What the contract's "Notices a DPO can act on alone" asks of every rendered notice, in every language. */
const sut = new NoticeRenderer();
const KINDS = ['initial', 'update', 'withdrawn'] as const;

function view(locale: Locale, overrides: Partial<NoticeView> = {}, incident: Partial<NoticeView['incident']> = {}): NoticeView {
  const base = sampleNoticeView(locale, overrides);
  return { ...base, incident: { ...base.incident, ...incident } };
}

/** Every leaf string of a label tree, with its path. */
function leaves(tree: unknown, path = ''): Array<[string, string]> {
  if (typeof tree === 'string') return [[path, tree]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => leaves(value, path ? `${path}.${key}` : key));
}

/** Labels that read the same in English and another language (names, acronyms, patterns without words). */
const SAME_IN_ENGLISH = /^(intl|date|dateTime|utcBeside|utcBesideOtherDay|zoneName|zoneVariant|subjectGroup|range|firstDay|notification|notificationAt|notificationTo\.csirt|law\.\w+\.name|deadlines\.(title|chained|regimes\.\w+))$/;

describe('labels', () => {
  it.each(LOCALES)('%s has every label of English, with the same placeholders', (locale) => {
    const english = new Map(leaves(LABELS.en));
    const own = new Map(leaves(LABELS[locale]));
    expect([...own.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, text] of english) {
      const placeholders = (value: string) => (value.match(/\{\w+\}/g) ?? []).sort();
      expect({ path, placeholders: placeholders(own.get(path)!) }).toEqual({ path, placeholders: placeholders(text) });
    }
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s says nothing in silent English', (locale) => {
    const english = new Map(leaves(LABELS.en));
    const untranslated = leaves(LABELS[locale]).filter(([path, text]) => !SAME_IN_ENGLISH.test(path) && /[a-z]{3}/i.test(text) && english.get(path) === text);
    expect(untranslated).toEqual([]);
  });
});

describe.each(LOCALES)('a notice in %s', (locale) => {
  const labels: LocaleLabels = LABELS[locale];

  it('shows every new fact, in the reader language', () => {
    // A processor may report the crime to the police; notifying an authority is the controller's to decide.
    const v = view(locale, {}, { notifications: [{ to: 'police', name: 'Komenda Stołeczna Policji', at: '2023-04-19T17:00:00Z', reference: 'RSD-1234/23' }] });
    const { text, html } = sut.renderEmail(v);
    for (const body of [text, html]) {
      expect(body).toContain(labels.findings.yes);
      expect(body).toContain(labels.findings.unknown);
      expect(body).toContain(labels.encryption.none);
      expect(body).toContain(labels.subjectCategories.customers);
      expect(body).toContain(labels.notificationTo.police);
      expect(body).toContain('RSD-1234/23');
      expect(body).toContain(v.facts.systems[0]);
      expect(body).not.toContain('sms-gateway');
      expect(body).toContain('KRS 0000123456, NIP 5260000000');
      expect(body).toContain('ul. Przykładowa 1, 00-001 Warszawa, Polska');
      expect(body).toContain(v.authority!.url);
      expect(body).toContain(formatDateTime(v.issuedAt, locale, v.timeZone));
      expect(body).toContain(formatZoneName(v.timeZone, locale, v.issuedAt));
    }
  });

  it('lists what is not known once, as a list, with one short marker in the fields', () => {
    const v = view(
      locale,
      { contactPoint: { ...sampleNoticeView(locale).contactPoint, availability: null, dpo: null } },
      { service: null, findings: { accessed: 'yes', exfiltrated: null, published: null, misused: null }, encryption: null, notAffected: null, notifications: null, cause: null, consequences: null },
    );
    const { text, html } = sut.renderEmail(v);
    for (const field of ['service', 'findings', 'encryption', 'notAffected', 'notifications', 'cause', 'consequences', 'contactAvailability', 'dpo'] as const) {
      expect({ field, times: text.split(labels.fields[field]).length - 1 }).toEqual({ field, times: 1 });
      expect(html).toContain(`<li>${labels.fields[field]}</li>`);
    }
    expect(text.split(labels.pendingShort).length - 1).toBeGreaterThanOrEqual(9);
  });

  it('says plainly when nothing is pending, and announces a next update only when one is set', () => {
    const planned = sut.renderEmail(view(locale)).text;
    const known = { accessed: 'yes', exfiltrated: 'no', published: 'no', misused: 'no' } as const;
    const none = sut.renderEmail(view(locale, {}, { nextUpdateAt: null, findings: known })).text;
    const next = formatDateTime('2023-04-21T10:00:00Z', locale, sampleNoticeView(locale).timeZone);
    expect(planned).toContain(next);
    expect(none).not.toContain(next);
    expect(none).not.toContain(labels.asSoonAsWeKnowMore);
    expect(none).not.toContain(labels.pendingShort);
    const pendingWithoutDate = sut.renderEmail(view(locale, {}, { nextUpdateAt: null, cause: null, findings: known })).text;
    expect(pendingWithoutDate).toContain(labels.asSoonAsWeKnowMore);
    // A finding still unknown is open too: listed, with the next update, and "nothing is pending" is not said.
    const section = (text: string) => text.slice(text.indexOf('\n10. '), text.indexOf('\n11. '));
    const nothingPending = section(none).split('\n').filter((line) => line.trim() !== '');
    expect(nothingPending).toHaveLength(3); // heading, "nothing is pending", "no further update planned"
    for (const stillOpen of [planned, sut.renderEmail(view(locale, {}, { nextUpdateAt: null })).text]) {
      expect(section(stillOpen)).not.toContain(nothingPending[1]);
      for (const finding of ['exfiltrated', 'misused'] as const) expect(section(stillOpen)).toContain(`- ${labels.openQuestions[finding]}`);
    }
    expect(section(planned)).toContain(next);
    expect(section(sut.renderEmail(view(locale, {}, { nextUpdateAt: null })).text)).toContain(labels.asSoonAsWeKnowMore);
  });

  it('announces no next update in a final update, whatever date is set', () => {
    const final = sut.renderEmail(view(locale, { kind: 'update', updateNumber: 2, final: true }, { changeSummary: 'x', cause: null })).text;
    expect(final).not.toContain(formatDateTime('2023-04-21T10:00:00Z', locale, sampleNoticeView(locale).timeZone));
    expect(final).not.toContain(labels.asSoonAsWeKnowMore);
  });

  it('shows a phone-only contact point without an email line, and never as pending', () => {
    const point = { ...sampleNoticeView(locale).contactPoint, email: null };
    const { text } = sut.renderEmail(view(locale, { contactPoint: point }));
    expect(text).not.toContain('incident@vendor.example');
    expect(text).toContain('+48 22 123 45 67');
    expect(text).not.toMatch(/e-?mail[^\n]*:\s*$/im);
  });

  it('tells someone who never got the earlier notices so, instead of "as we told you"', () => {
    const told = sut.renderEmail(view(locale, { kind: 'update', updateNumber: 1, escalated: true, recipient: { name: null, role: 'it', toldBefore: true, emailAlso: true } }, { changeSummary: 'x' })).text;
    const notTold = sut.renderEmail(view(locale, { kind: 'update', updateNumber: 1, escalated: true, recipient: { name: null, role: 'it', toldBefore: false, emailAlso: true } }, { changeSummary: 'x' })).text;
    expect(notTold).not.toBe(told);
    expect(notTold).toContain(sampleNoticeView(locale).tenant.name);
  });

  it('says that access alone does not mean copying only while copying is not established', () => {
    /** The line under the findings: the caveat, if any, then that the answers are what we know so far. */
    const caveatLine = (findings: Partial<NoticeView['incident']['findings']>) => {
      const lines = sut.renderEmail(view(locale, {}, { findings: { ...sampleNoticeView(locale).incident.findings, ...findings } })).text.split('\n');
      return lines[lines.findIndex((line) => line.endsWith(labels.encryption.none)) + 1];
    };
    const open = caveatLine({ exfiltrated: 'unknown' });
    const copied = caveatLine({ exfiltrated: 'yes' });
    const noAccess = caveatLine({ accessed: 'no', exfiltrated: 'no' });
    expect(open.length).toBeGreaterThan(copied.length);
    expect(open.endsWith(copied)).toBe(true);
    expect(noAccess).toBe(copied);
  });

  it('promises later updates in the opening only when more will follow', () => {
    const law = labels.law[sampleNoticeView(locale).authority!.law];
    expect(sut.renderEmail(view(locale)).text).toContain(law.phases);
    expect(sut.renderEmail(view(locale, { final: true }, { nextUpdateAt: null })).text).not.toContain(law.phases);
  });

  it('shows the delay reason when the notice is late, and only then', () => {
    const reason = sampleNoticeView(locale).incident.delayReason!;
    expect(sut.renderEmail(view(locale, { issuedAt: '2023-04-19T18:00:00Z' })).text).not.toContain(reason);
    const late = view(locale, { issuedAt: '2023-04-21T09:00:00Z' });
    expect(sut.renderEmail(late).text).toContain(reason);
    const lateUnknown = sut.renderEmail(view(locale, { issuedAt: '2023-04-21T09:00:00Z' }, { delayReason: null })).text;
    expect(lateUnknown).toContain(labels.fields.delayReason);
  });

  it('gives counts per group of people instead of adding different groups up', () => {
    const v = view(locale, {
      facts: {
        ...sampleNoticeView(locale).facts,
        dataSubjects: 1500,
        subjectCategories: ['customers', 'employees'],
        dataSubjectsByGroup: [
          { subjectCategories: ['customers'], dataSubjects: 1200 },
          { subjectCategories: ['employees'], dataSubjects: 300 },
        ],
      },
    });
    const { text } = sut.renderEmail(v);
    expect(text).toContain(labels.subjectCategories.customers);
    expect(text).toContain(labels.subjectCategories.employees);
    expect(text).not.toMatch(/\b1[.,\s\u00a0\u202f]?500\b/);
  });

  it('states the reason of a withdrawal', () => {
    const { text } = sut.renderEmail(view(locale, { kind: 'withdrawn', updateNumber: 1 }, { changeSummary: 'Our logs show your account was never on the archived server.' }));
    expect(text).toContain('Our logs show your account was never on the archived server.');
  });

  it('writes structure as markup that validates, with no line break left to a style rule', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'no-inline-style': 'off' } });
    for (const kind of KINDS) {
      for (const v of [view(locale, { kind, updateNumber: 1 }, { changeSummary: 'a\nb' }), view(locale, { kind, updateNumber: 1, issuedAt: '2023-04-25T00:00:00Z', escalated: true }, { notifications: [], changeSummary: 'a' })]) {
        const { html } = sut.renderEmail(v);
        const report = await validator.validateString(html);
        expect(report.results.flatMap((r) => r.messages.map((m) => `${kind} ${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
        expect(html).not.toContain('pre-line');
      }
    }
    const { html } = sut.renderEmail(view(locale));
    expect(html).toContain(sampleNoticeView(locale).incident.description!.split('\n')[0] + '<br>');
  });
});

describe.each(LOCALES)('an SMS in %s', (locale) => {
  const link = 'https://notify.vendor-example.com/ack/eyJ0IjoicG96bmFuLWNpdHkiLCJ2IjoxfQ.kT3mYq8Xc2VbN5pLw7RfHs9dJ4gAeZ1o';

  it.each(KINDS)('%s: names the phase as the email does, points to email only when one was sent, and fits 2 segments', (kind) => {
    const withEmail = view(locale, { kind, updateNumber: 2, ackUrl: link });
    const withoutEmail = view(locale, { kind, updateNumber: 2, ackUrl: link, recipient: { ...withEmail.recipient, emailAlso: false } });
    const sms = sut.renderSms(withEmail);
    const alone = sut.renderSms(withoutEmail);
    const email = sut.renderEmail(withEmail);
    const phase = email.subject.split(' — ').pop()!;
    expect(sms.segments).toBeLessThanOrEqual(2);
    expect(alone.segments).toBeLessThanOrEqual(2);
    expect(sms.text).toContain(link);
    expect(alone.text).toContain(link);
    expect(alone.text).not.toMatch(/e-?mail|courriel|correo/i);
    expect(sms.text).toMatch(/e-?mail|courriel|correo/i);
    // An SMS may spell the phase without diacritics to stay in GSM-7 (zgłoszenie → zgloszenie).
    const plain = (value: string) => value.toLowerCase().replace(/ł/g, 'l').normalize('NFD').replace(/\p{M}/gu, '');
    if (kind !== 'withdrawn') expect(plain(sms.text)).toContain(plain(phase.replace(/^.*?, /, '')));
  });
});
