import { redactAckLinks } from '@app/ack';
import { ReceivedMail } from '@app/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deadlinesFrom, Regime } from '@app/regimes';
import { NoticeView } from '@app/templates';
import { dataCategoryLabel, formatDateTime, formatNumber, formatZoneName, LABELS, phaseLabel } from '@app/wording';
import { sampleNoticeView } from '@app/testing';
import { Harness } from './support/harness';
import { ACK_LINK, localSampleTenant, mailTo, sampleIncident, VENDOR_ENV } from './support/notice-fixtures';

/**
 * What a tenant receives, end to end: the notice the sample incident produces for a tenant in each
 * language equals the checked-in golden renders of libs/templates, and the preview shows exactly
 * what was then sent, but for the acknowledgement link, which only the tenant gets.
 */
const GOLDEN_DIR = join(__dirname, '..', 'libs', 'templates', 'test-golden');
/** The link the golden renders were made with (plain in text, escaped in HTML). */
const GOLDEN_ACK = 'http://localhost:3000/ack/eyJ0IjoicG96bmFuLWNpdHkiLCJ2IjoxfQ.c2lnbmF0dXJl?x=1&v=2';
const GOLDEN_ACK_HTML = GOLDEN_ACK.replace(/=/g, '&#x3D;').replace(/&(?!#)/g, '&amp;');

const LOCALES = ['pl', 'nl', 'fr', 'en', 'es', 'de'] as const;
type Case = (typeof LOCALES)[number];


/** Per locale, what the reader must find: the sample view's facts as that language formats them. */
function expectedFor(locale: Case) {
  const view = sampleNoticeView(locale);
  const time = (iso: string) => formatDateTime(iso, locale, view.timeZone);
  return {
    externalId: view.tenant.externalId,
    phase: phaseLabel({ kind: 'initial', updateNumber: 0, final: false }, locale),
    aware: time(view.incident.awareAt),
    deadline: time(view.deadlineAt),
    subjects: formatNumber(120000, locale),
    records: formatNumber(850000, locale),
    categories: `${dataCategoryLabel('phone_number', locale)}, ${dataCategoryLabel('message_content', locale)}`,
    pending: LABELS[locale].pendingShort,
    view,
  };
}
const EXPECTED = Object.fromEntries(LOCALES.map((l) => [l, expectedFor(l)])) as Record<Case, ReturnType<typeof expectedFor>>;

/** The minute, within the last hour, that a notice shows as `shown` (its issue time, to the minute). */
function minuteShown(shown: string, locale: Case, zone: string): string {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  for (let minutes = 0; minutes <= 60; minutes += 1) {
    const at = new Date(now - minutes * 60_000).toISOString();
    if (formatDateTime(at, locale, zone) === shown) return at;
  }
  throw new Error(`the notice was not issued within the last hour: ${shown}`);
}

/**
 * The golden render was issued at the sample view's time; a notice sent now says when it was sent, and
 * counts the tenant's deadlines from then. Puts the golden times in place of the sent ones, after checking
 * the sent issue time is of the last hour and each deadline is counted from it.
 */
function asIssuedLikeGolden(sent: string, goldenText: string, view: NoticeView, locale: Case): string {
  const zone = view.timeZone;
  const time = (iso: string) => formatDateTime(iso, locale, zone);
  const issued = time(view.issuedAt);
  const goldenLine = goldenText.split('\n').find((line) => line.includes(issued));
  if (!goldenLine) throw new Error(`the golden ${locale} render has no issue time ${issued}`);
  const [before, after] = goldenLine.split(issued);
  const sentLine = sent.split('\n').find((line) => line.startsWith(before) && line.endsWith(after) && line !== goldenLine);
  if (!sentLine) return sent;
  const sentIssued = sentLine.slice(before.length, sentLine.length - after.length);
  const sentAt = minuteShown(sentIssued, locale, zone);
  const sentDeadlines = deadlinesFrom(sentAt, view.regimes as Regime[]);
  let golden = sent.split(sentIssued).join(issued);
  view.deadlines.forEach((deadline, i) => {
    if (!deadline.fromNotice) return;
    const shown = LABELS[locale].deadlines.fromNotice.replace('{when}', time(sentDeadlines[i].dueAt!));
    expect(golden).toContain(shown);
    golden = golden.split(shown).join(LABELS[locale].deadlines.fromNotice.replace('{when}', time(deadline.fromNotice!)));
  });
  // Sent in another season than the golden's April, the notice names both of the zone's times it shows (the issue
  // time's first); the golden, all in summer, names one.
  const sentZone = formatZoneName(zone, locale, [sentAt, view.incident.awareAt]);
  expect(golden).toContain(sentZone);
  return golden.split(sentZone).join(formatZoneName(zone, locale, [view.issuedAt, view.incident.awareAt]));
}

const golden = (file: string) => readFileSync(join(GOLDEN_DIR, file), 'utf8');
const phoneOf = (locale: Case) => ({ pl: '+48501300001', nl: '+31612345678', fr: '+33612345678', en: '+447911123456', es: '+34612345678', de: '+4915123456789' })[locale];

describe('notice content end to end', () => {
  let h: Harness;
  let preview: Record<string, any>;
  const full: Partial<Record<Case, ReceivedMail>> = {};
  const partial: Partial<Record<Case, ReceivedMail>> = {};

  beforeAll(async () => {
    h = await Harness.start({ env: { ...VENDOR_ENV } });
    // Each language's sample tenant: a company of that country, under its own authority.
    const tenants = LOCALES.map((locale) => localSampleTenant(locale, phoneOf(locale)));
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);

    const id = (await h.admin.post('/v1/incidents', sampleIncident()).expect(201)).body.id;
    await h.approver.post(`/v1/incidents/${id}/approve`).expect(200);
    preview = (await h.admin.get(`/v1/incidents/${id}/preview?limit=10`).expect(200)).body;
    await h.admin.post(`/v1/incidents/${id}/dispatch`).expect(202);
    await h.waitForCompletion(id);
    const mails = await h.smtp.waitFor(LOCALES.length);
    for (const locale of LOCALES) full[locale] = mailTo(mails, `dpo@${EXPECTED[locale].externalId}.example`);

    // The same breach filed with only what Art. 33(3) lets a vendor leave for later.
    const sparse = sampleIncident({ reference: 'INC-2023-0420', description: null, cause: null, consequences: null, measuresTaken: null, occurredTo: null, contained: null, containedAt: null });
    for (const field of ['measuresPlanned', 'recommendedActions', 'subjectActions', 'source', 'service', 'findings', 'encryption', 'notAffected', 'notifications'] as const) delete sparse[field];
    await h.waitForCompletion(await h.fileAndDispatch(sparse));
    const later = await h.smtp.waitFor({ count: LOCALES.length, where: (m) => m.subject?.includes('INC-2023-0420') ?? false });
    for (const locale of LOCALES) partial[locale] = mailTo(later, `dpo@${EXPECTED[locale].externalId}.example`);
  });

  afterAll(() => h?.close());

  describe.each(LOCALES)('in %s', (locale) => {
    const expected = EXPECTED[locale];
    const linkOf = (mail: ReceivedMail) => ACK_LINK.exec(mail.text ?? '')![0];

    it('sends the email exactly as its golden render, for this tenant and its own link', () => {
      const mail = full[locale]!;
      const link = linkOf(mail);
      const text = golden(`initial.${locale}.email.txt`).replace(GOLDEN_ACK, link);
      const html = golden(`initial.${locale}.email.html`).split(GOLDEN_ACK_HTML).join(link);
      expect(asIssuedLikeGolden(`Subject: ${mail.subject}\n\n${mail.text}`, text, expected.view, locale)).toBe(text);
      expect(asIssuedLikeGolden(mail.html!, html, expected.view, locale)).toBe(html);
    });

    it('carries the reference, phase, vendor, contact point, times, own figures and the ack link', () => {
      const text = full[locale]!.text!;
      expect(full[locale]!.subject).toContain('[INC-2023-0419]');
      for (const part of [expected.phase, expected.aware, expected.deadline, expected.categories, ...Object.values(VENDOR_ENV), expected.view.contactPoint.name, 'incident@vendor.example', 'dpo@vendor.example', '+48 22 123 45 67', expected.view.authority!.url]) {
        expect(text).toContain(part);
      }
      expect(text).toContain(expected.subjects);
      expect(text).toContain(expected.records);
      expect(text).toContain(`${expected.view.tenant.name} (${expected.externalId})`);
      expect(text).toMatch(new RegExp(`${h.baseUrl}/ack/[A-Za-z0-9_-]{22}\\n`));
    });

    it('shows every field the vendor left empty as pending until the next update, never as a blank', () => {
      const text = partial[locale]!.text!;
      expect(text.split(expected.pending).length - 1).toBeGreaterThanOrEqual(8);
      for (const field of ['description', 'cause', 'consequences', 'measuresTaken', 'service', 'findings', 'encryption', 'notAffected', 'notifications'] as const) {
        expect({ field, listed: text.split(LABELS[locale].fields[field]).length - 1 }).toEqual({ field, listed: 1 });
      }
      for (const body of [text, partial[locale]!.html!]) expect(body).not.toMatch(/undefined|null|\[object|NaN/);
      // Below the salutation, a label with nothing after it: "Label:" ending a line that an empty line follows.
      const lines = text.split('\n');
      expect(lines.filter((line, i) => i > 0 && /:$/.test(line) && lines[i + 1]?.trim() === '')).toEqual([]);
    });

    it('sends an SMS alert of at most 2 GSM-7 segments that matches its golden text', () => {
      const sms = h.twilio.messagesTo(phoneOf(locale)).find((m) => m.body.startsWith('INC-2023-0419'))!;
      const link = ACK_LINK.exec(sms.body)![0];
      expect(link).toBe(linkOf(full[locale]!));
      expect(sms.encoding).toBe('GSM-7');
      expect(sms.segments).toBeLessThanOrEqual(2);
      expect(`${sms.body}\n`).toBe(golden(`initial.${locale}.sms.txt`).split('\n').slice(1).join('\n').replace(GOLDEN_ACK, link));
    });

    it('previewed exactly what was then sent, with the acknowledgement link redacted', () => {
      const sample = preview.samples.find((s: { tenant: string }) => s.tenant === expected.externalId);
      const email = sample.messages.find((m: { channel: string }) => m.channel === 'email');
      const sms = sample.messages.find((m: { channel: string }) => m.channel === 'sms');
      expect(email.subject).toBe(full[locale]!.subject);
      const sameIssue = (previewed: string, sent: string) => previewed.replace(/\d{2}:\d{2}/g, 'hh:mm') === sent.replace(/\d{2}:\d{2}/g, 'hh:mm');
      expect(sameIssue(email.text, redactAckLinks(full[locale]!.text!))).toBe(true);
      expect(sameIssue(email.html, redactAckLinks(full[locale]!.html!))).toBe(true);
      expect(email.text).not.toMatch(ACK_LINK);
      expect(sms.text).toBe(redactAckLinks(h.twilio.messagesTo(phoneOf(locale)).find((m) => m.body.startsWith('INC-2023-0419'))!.body));
      expect(sms.text).not.toMatch(ACK_LINK);
      expect(sample.facts).toMatchObject({ dataSubjects: 120000, records: 850000, dataCategories: ['message_content', 'phone_number'] });
    });
  });

  it('previews with no render errors and the planned counts', () => {
    expect(preview.renderErrors).toEqual([]);
    expect(preview).toMatchObject({ affectedTenants: LOCALES.length, plannedNotices: { email: LOCALES.length, sms: LOCALES.length } });
  });
});
