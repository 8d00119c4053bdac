import * as fs from 'fs';
import * as path from 'path';
import { Test } from '@nestjs/testing';
import { NoticeRenderer } from './notice-renderer';
import { NoticeView } from './notice-view';
import { SAMPLE_TENANTS, SAMPLE_TEXTS, sampleNoticeView, sampleUpdateView, sampleWithdrawalView } from '@app/testing';
import { countSmsSegments } from '@app/kernel';
import { TemplateRenderError } from './template-render-error';
import { TemplatesModule } from './templates.module';
import { LOCALES, Locale } from '@app/kernel';
import { dataCategoryLabel, formatDateTime, formatNumber, formatZoneName, LABELS, phaseLabel } from '@app/wording';

/**
 * Golden files live in libs/templates/test-golden/<kind>.<locale>.{email.txt,email.html,sms.txt}.
 * After an intended change to a template, regenerate them and review the diff:
 *   UPDATE_GOLDEN=1 npx jest libs/templates
 */
const GOLDEN_DIR = path.join(__dirname, '..', 'test-golden');
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

const KINDS = ['initial', 'update', 'withdrawn'] as const;
type Kind = (typeof KINDS)[number];

/** An ack URL with `=` and `&` in it: plain text must keep them, HTML must escape them. */
const ACK_URL = 'http://localhost:3000/ack/eyJ0IjoicG96bmFuLWNpdHkiLCJ2IjoxfQ.c2lnbmF0dXJl?x=1&v=2';

function goldenView(locale: Locale, kind: Kind): NoticeView {
  if (kind === 'initial') return sampleNoticeView(locale, { ackUrl: ACK_URL });
  if (kind === 'withdrawn') return sampleWithdrawalView(locale, { ackUrl: ACK_URL });
  return sampleUpdateView(locale, { ackUrl: ACK_URL });
}

/** What each locale must show for the sample view. */
function expectedFor(locale: Locale) {
  const view = sampleNoticeView(locale);
  return {
    aware: formatDateTime(view.incident.awareAt, locale, view.timeZone),
    deadline: formatDateTime(view.deadlineAt, locale, view.timeZone),
    subjects: formatNumber(120000, locale),
    records: formatNumber(850000, locale),
    category: dataCategoryLabel('phone_number', locale),
    pending: LABELS[locale].pendingShort,
    phaseWord: phaseLabel({ kind: 'update', updateNumber: 2, final: false }, locale),
  };
}
const EXPECTED = Object.fromEntries(LOCALES.map((l) => [l, expectedFor(l)])) as Record<Locale, ReturnType<typeof expectedFor>>;

function compareWithGolden(file: string, actual: string): void {
  const target = path.join(GOLDEN_DIR, file);
  if (UPDATE_GOLDEN) {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(target, actual);
  }
  if (!fs.existsSync(target)) throw new Error(`golden file ${target} is missing; run UPDATE_GOLDEN=1 npx jest libs/templates`);
  expect(actual).toBe(fs.readFileSync(target, 'utf8'));
}

/** A view where every field that may be null is null and every list that may be empty is empty. */
function viewWithNothingKnown(locale: Locale): NoticeView {
  const base = sampleNoticeView(locale);
  return {
    ...base,
    kind: 'update',
    updateNumber: 1,
    contactPoint: { name: 'Security Desk', email: null, phone: '+48221234567', availability: null, dpo: null },
    recipient: { name: null, role: 'dpo', toldBefore: true, emailAlso: true },
    incident: {
      ...base.incident,
      containedAt: null,
      service: null,
      findings: { accessed: null, exfiltrated: null, published: null, misused: null },
      encryption: null,
      notAffected: null,
      ruledOutCategories: [],
      notifications: null,
      delayReason: null,
      occurredFrom: null,
      occurredTo: null,
      contained: null,
      source: null,
      cause: null,
      description: null,
      consequences: null,
      measuresTaken: null,
      measuresPlanned: null,
      recommendedActions: null,
      subjectActions: null,
      changeSummary: null,
      nextUpdateAt: null,
    },
    facts: { ...base.facts, systems: [], subProcessors: [], dataCategories: [], subjectCategories: [], dataSubjectsByGroup: [], periodFrom: null, periodTo: null },
  };
}

/** Handlebars' own escaping, restated: & < > " ' ` = */
function escapeHtml(value: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
  return value.replace(/[&<>"'`=]/g, (char) => entities[char]);
}

function named(name: string): NoticeView['vendor'] {
  return { name, legalName: null, address: null, registration: null };
}

function without(view: NoticeView, pathToRemove: string): NoticeView {
  const copy = JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
  const parts = pathToRemove.split('.');
  let target = copy;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  delete target[parts[parts.length - 1]];
  return copy as unknown as NoticeView;
}

describe(NoticeRenderer.name, () => {
  let sut: NoticeRenderer;

  beforeAll(() => {
    sut = new NoticeRenderer();
  });

  describe('golden renders', () => {
    for (const locale of LOCALES) {
      for (const kind of KINDS) {
        it(`renders the ${kind} notice in ${locale} exactly as checked in`, () => {
          const view = goldenView(locale, kind);
          const email = sut.renderEmail(view);
          const sms = sut.renderSms(view);

          compareWithGolden(`${kind}.${locale}.email.txt`, `Subject: ${email.subject}\n\n${email.text}`);
          compareWithGolden(`${kind}.${locale}.email.html`, email.html);
          compareWithGolden(`${kind}.${locale}.sms.txt`, `${sms.encoding} ${sms.segments}\n${sms.text}\n`);
        });
      }
    }
  });

  describe.each(LOCALES)('email content in %s', (locale) => {
    const expected = EXPECTED[locale];

    it('carries every fact of the initial notice for this tenant', () => {
      const view = goldenView(locale, 'initial');
      const email = sut.renderEmail(view);

      for (const body of [email.text, email.html]) {
        const plain = body === email.html ? body.replace(/<br>\n/g, '\n').replace(/&#x27;/g, "'").replace(/&quot;/g, '"') : body;
        expect(body).toContain('INC-2023-0419');
        expect(body).toContain('Bramka SMS Sp. z o.o.');
        expect(body).toContain(SAMPLE_TENANTS[locale].name.replace(/'/g, body === email.html ? '&#x27;' : "'"));
        expect(body).toContain('incident@vendor.example');
        expect(body).toContain('dpo@vendor.example');
        // Grouped as Poland writes it, in international form.
        expect(body).toContain('+48 22 123 45 67');
        expect(body).not.toContain('+48221234567');
        expect(body).toContain(expected.aware);
        expect(body).toContain(expected.deadline);
        expect(body).toContain(formatZoneName(view.timeZone, locale, view.issuedAt));
        expect(body).toContain(expected.subjects);
        expect(body).toContain(expected.records);
        expect(body).toContain(expected.category);
        expect(body).toContain('SerwerSMS');
        expect(body).not.toContain('sms-gateway');
        for (const text of [view.facts.systems[0]!, view.incident.service!, view.incident.consequences!, view.incident.measuresTaken!, view.incident.measuresPlanned!,
          view.incident.recommendedActions!, view.incident.subjectActions!, view.incident.cause!, view.incident.description!, view.incident.notAffected!]) {
          expect(plain).toContain(text);
        }
        expect(body).toMatch(/GDPR|RODO|AVG|RGPD|DSGVO/);
      }
      expect(email.text).toContain(ACK_URL);
      expect(email.html).toContain('href="http://localhost:3000/ack/eyJ0IjoicG96bmFuLWNpdHkiLCJ2IjoxfQ.c2lnbmF0dXJl?x&#x3D;1&amp;v&#x3D;2"');
      expect(email.subject).toBe(email.subject.trim());
      expect(email.subject.startsWith(`[INC-2023-0419] ${view.incident.title}`)).toBe(true);
    });

    it('states the phase, what changed, the escalation and the pending fields of an update', () => {
      const email = sut.renderEmail(goldenView(locale, 'update'));

      expect(email.subject.toLowerCase()).toContain(expected.phaseWord.toLowerCase());
      expect(email.subject).toContain('[INC-2023-0419]');
      for (const body of [email.text, email.html]) {
        expect(body).toContain(SAMPLE_TEXTS[locale].changeSummary.split('\n')[0]);
        // What was known before stays known; what is still being established is listed.
        expect(body).toContain(SAMPLE_TEXTS[locale].cause);
        expect(body).toContain(LABELS[locale].openQuestions.misused);
        expect(body).not.toContain(LABELS[locale].openQuestions.exfiltrated);
        expect(body).not.toContain(expected.pending);
        expect(body).toContain(expected.subjects);
      }
      expect(sut.renderEmail(goldenView(locale, 'initial')).text).not.toContain(expected.pending);
    });

    it('adds a paragraph naming the tenant when the notice was escalated', () => {
      const escalated = sut.renderEmail(goldenView(locale, 'update'));
      const notEscalated = sut.renderEmail({ ...goldenView(locale, 'update'), escalated: false });

      const added = escalated.text.split('\n').filter((line) => !notEscalated.text.split('\n').includes(line));
      expect(added.filter((line) => line.trim() !== '')).toHaveLength(1);
      expect(added.join('')).toContain(SAMPLE_TENANTS[locale].name);
      const alert = /border-left: 4px solid #b91c1c/g;
      expect(escalated.html.match(alert)?.length ?? 0).toBe((notEscalated.html.match(alert)?.length ?? 0) + 1);
    });

    it('shows a pending marker, never a blank, for every field that is not known yet', () => {
      const email = sut.renderEmail(viewWithNothingKnown(locale));

      const markers = email.text.split(expected.pending).length - 1;
      expect(markers).toBeGreaterThanOrEqual(15);
      expect(email.text).not.toMatch(/undefined|null|NaN|\[object/);
      expect(email.html).not.toMatch(/<td>\s*<\/td>|undefined|null|NaN|\[object/);
      const afterGreeting = email.text.slice(email.text.indexOf('\n'));
      expect(afterGreeting).not.toMatch(/:[ \u00a0]*\n[ \u00a0]*\n/);
    });

    it('withdraws the notice with the reference, the contact point and the link', () => {
      const email = sut.renderEmail(goldenView(locale, 'withdrawn'));

      for (const body of [email.text, email.html]) {
        expect(body).toContain('INC-2023-0419');
        expect(body).toContain('incident@vendor.example');
        expect(body).toContain('Bramka SMS Sp. z o.o.');
        expect(body).not.toContain(expected.subjects);
        expect(body).not.toContain(expected.category);
      }
      expect(email.text).toContain(ACK_URL);
      expect(email.subject).toContain('[INC-2023-0419]');
    });

    it('keeps plain text free of HTML entities and markup', () => {
      for (const kind of KINDS) {
        const { text, subject } = sut.renderEmail(goldenView(locale, kind));
        expect(text).not.toMatch(/&#x?[0-9a-f]+;|&(amp|lt|gt|quot);|<\/?[a-z]/i);
        expect(subject).not.toMatch(/&#x?[0-9a-f]+;|&(amp|lt|gt|quot);/i);
      }
    });
  });

  describe('SMS', () => {
    const longUrl = `http://localhost:3000/ack/${'A1b2C3d4E5'.repeat(6)}${'-_'.repeat(2)}`.padEnd(90, 'z');
    const vendors = {
      gsm: 'Telekomunikacja Globalna Europejska Infrastruktura SMS GmbH!'.slice(0, 60),
      diacritics: 'Przedsiębiorstwo Usług Telekomunikacyjnych Łódź Spółka Akcyjna'.slice(0, 60),
      wordsThenDiacritics: 'Global SMS Gateway Services and Messaging Łódź Branch Ltd.'.padEnd(60, '.'),
    };

    for (const locale of LOCALES) {
      for (const kind of KINDS) {
        for (const final of [false, true]) {
          for (const [vendorKind, vendor] of Object.entries(vendors)) {
            it(`fits ${kind}${final ? ' (final)' : ''} in ${locale} with a ${vendorKind} vendor name into 2 segments`, () => {
              const sms = sut.renderSms(
                sampleNoticeView(locale, { kind, updateNumber: 4, final, vendor: named(vendor), ackUrl: longUrl }),
              );

              expect([longUrl.length, Array.from(vendor).length]).toEqual([90, 60]);
              expect(sms.segments).toBeLessThanOrEqual(2);
              expect(countSmsSegments(sms.text)).toEqual({ encoding: sms.encoding, segments: sms.segments });
              expect(sms.text).toContain('INC-2023-0419');
              expect(sms.text).toContain(longUrl);
              expect(sms.text).toContain(vendor.slice(0, 6));
              expect(sms.text).not.toMatch(/\n|…/);
            });
          }
        }
      }

      it(`keeps a short vendor name whole and leaves out every tenant fact in ${locale}`, () => {
        for (const kind of KINDS) {
          const view = sampleNoticeView(locale, { kind, updateNumber: 2 });
          const sms = sut.renderSms(view);

          expect(sms.text).toContain('Bramka SMS');
          expect(sms.text).toContain(view.ackUrl);
          expect(sms.segments).toBeLessThanOrEqual(2);
          for (const fact of [SAMPLE_TENANTS[locale].name, SAMPLE_TENANTS[locale].externalId, '120', '850', 'SerwerSMS', 'sms-gateway', view.facts.systems[0]!, EXPECTED[locale].category, 'dpo@vendor.example']) {
            expect(sms.text).not.toContain(fact);
          }
        }
      });
    }

    it('is written in GSM-7 in every locale when the names are GSM-7', () => {
      for (const locale of LOCALES) {
        for (const kind of KINDS) {
          expect(sut.renderSms(sampleNoticeView(locale, { kind, updateNumber: 1, final: true })).encoding).toBe('GSM-7');
          expect(sut.renderSms(sampleNoticeView(locale, { kind, updateNumber: 1 })).encoding).toBe('GSM-7');
        }
      }
    });

    it('cuts a long vendor name at a word boundary before a letter outside GSM-7', () => {
      const sms = sut.renderSms(sampleNoticeView('pl', { vendor: named(vendors.wordsThenDiacritics), ackUrl: longUrl }));

      expect(sms.encoding).toBe('GSM-7');
      expect(sms.text).toContain('Global SMS Gateway Services and Messaging');
      expect(sms.text).not.toContain('Messaging Ł');
    });

    it('spells a vendor name in GSM-7 rather than lose it when its own letters would not fit', () => {
      const link = 'https://notify.vendor.example/ack/AAAAAAAAAAAAAAAAAAAAAA';
      for (const locale of LOCALES) {
        const sms = sut.renderSms(sampleNoticeView(locale, { kind: 'update', updateNumber: 3, vendor: named('Łączność Śląska — Spółka Akcyjna'), ackUrl: link }));

        expect(sms.encoding).toBe('GSM-7');
        expect(sms.segments).toBeLessThanOrEqual(2);
        expect(sms.text).toContain('Lacznosc Slaska - Spolka Akcyjna');
      }
    });

    it('throws TemplateRenderError when even the reference and the link do not fit', () => {
      const view = sampleNoticeView('en', { ackUrl: `https://ex.example/ack/${'x'.repeat(300)}` });

      expect(() => sut.renderSms(view)).toThrow(TemplateRenderError);
      expect(() => sut.renderSms(view)).toThrow(/initial\.sms\.en.*segments/);
    });
  });

  describe('isolation', () => {
    it('never shows one tenant the name, id or figures of another among 500 tenants', () => {
      const pad = (i: number) => String(i).padStart(4, '0');
      const views = Array.from({ length: 500 }, (_, i) =>
        sampleNoticeView(LOCALES[i % LOCALES.length], {
          kind: KINDS[i % KINDS.length],
          updateNumber: i % 3,
          tenant: { name: `Tenant Org ${pad(i)}`, externalId: `tenant-ext-${pad(i)}`, country: 'PL' },
          facts: {
            systems: [`system-${pad(i)}`],
            subProcessors: [],
            dataCategories: ['email'],
            subjectCategories: [],
            dataSubjectsByGroup: [],
            dataSubjects: 1_000_000 + i * 1_013,
            records: 5_000_000 + i * 7_919,
            periodFrom: '2020-01-01',
            periodTo: '2023-01-01',
          },
          ackUrl: `http://localhost:3000/ack/token-${pad(i)}`,
        }),
      );
      const figures = new Map<string, number>();
      views.forEach((view, i) => {
        const format = new Intl.NumberFormat('en').format;
        figures.set(format(view.facts.dataSubjects).replace(/\D/g, ''), i);
        figures.set(format(view.facts.records).replace(/\D/g, ''), i);
      });

      let checked = 0;
      views.forEach((view, i) => {
        const email = sut.renderEmail(view);
        const sms = sut.renderSms(view);
        const everything = [email.subject, email.text, email.html, sms.text].join('\n');
        const own = pad(i);

        for (const match of everything.matchAll(/(?:Tenant Org |tenant-ext-|system-|token-)(\d{4})/g)) {
          expect(match[1]).toBe(own);
          checked += 1;
        }
        for (const match of everything.matchAll(/\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+/g)) {
          const owner = figures.get(match[0].replace(/\D/g, ''));
          if (owner !== undefined) expect(owner).toBe(i);
        }
        if (view.kind !== 'withdrawn') {
          expect(email.text).toContain(`Tenant Org ${own}`);
          expect(email.text.replace(/\D/g, '')).toContain(String(view.facts.dataSubjects));
        }
      });
      expect(checked).toBeGreaterThan(1500);
    });
  });

  describe('hostile values', () => {
    const hostile = (locale: Locale): NoticeView =>
      sampleNoticeView(locale, {
        kind: 'update',
        updateNumber: 1,
        escalated: true,
        vendor: named('{{constructor}} Vendor'),
        tenant: { name: '<script>alert(1)</script>', externalId: '{{#each this}}x{{/each}}', country: 'PL' },
        recipient: { name: '<img src=x onerror=alert(1)>', role: 'dpo', toldBefore: true, emailAlso: true },
        contactPoint: { name: 'DPO\r\nBcc: x@evil', email: 'dpo@vendor.example\r\nBcc: y@evil', phone: null, availability: '<b>24/7</b>', dpo: null },
        incident: {
          ...sampleNoticeView(locale).incident,
          reference: 'INC-1\r\nBcc: z@evil',
          title: 'Breach\r\nBcc: x@evil\u2028X-Injected: 1',
          cause: '{{lookup . "constructor"}} and {{> facts-text_en}}',
          changeSummary: '</td></tr></table><a href="javascript:alert(1)">click</a>',
        },
      });

    it.each(LOCALES)('keeps every value inert in the subject, text and HTML in %s', (locale) => {
      const email = sut.renderEmail(hostile(locale));

      expect(email.subject).not.toMatch(/[\r\n\u2028\u2029]/);
      expect(email.subject).toContain('INC-1 Bcc: z@evil');
      expect(email.subject).toContain('Breach Bcc: x@evil X-Injected: 1');

      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('<img');
      expect(email.html).not.toContain('<a href="javascript');
      expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(email.html).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;');
      expect(email.html.match(/<table[ >]/g)?.length).toBe(email.html.match(/<\/table>/g)?.length);
      expect(email.html).toContain('&lt;b&gt;24/7&lt;/b&gt;');

      for (const body of [email.text, email.html]) {
        expect(body).toContain('{{constructor}} Vendor');
        expect(body).toContain('{{#each this}}x{{/each}}');
        const cause = '{{lookup . "constructor"}} and {{> facts-text_en}}';
        expect(body).toContain(body === email.html ? escapeHtml(cause) : cause);
        expect(body).not.toContain('function Object');
      }
      expect(email.text).toContain('<script>alert(1)</script>');
      expect(email.text).not.toMatch(/^Bcc:/m);
    });

    it('keeps the SMS on one line and the template syntax literal', () => {
      const sms = sut.renderSms(hostile('en'));

      expect(sms.text).not.toMatch(/[\r\n]/);
      expect(sms.text).toContain('INC-1 Bcc: z@evil');
      expect(sms.text).toContain('{{constructor}} Vendor');
    });

    it('refuses an acknowledgement link that is not http(s)', () => {
      const view = sampleNoticeView('en', { ackUrl: 'javascript:alert(1)' });

      expect(() => sut.renderEmail(view)).toThrow(TemplateRenderError);
      expect(() => sut.renderSms(view)).toThrow(/ackUrl/);
    });
  });

  describe('strict mode', () => {
    it.each([
      ['incident.reference', 'renderEmail'],
      ['incident.title', 'renderEmail'],
      ['vendor', 'renderEmail'],
      ['facts.records', 'renderEmail'],
      ['incident.cause', 'renderEmail'],
      ['regimes', 'renderEmail'],
      ['contactPoint', 'renderEmail'],
      ['ackUrl', 'renderSms'],
      ['incident.reference', 'renderSms'],
      ['vendor.name', 'renderSms'],
    ] as const)('throws TemplateRenderError naming %s when the view lacks it (%s)', (missing, method) => {
      const view = without(sampleNoticeView('de', { kind: 'update', updateNumber: 1 }), missing);

      let error: unknown;
      try {
        sut[method](view);
      } catch (caught) {
        error = caught;
      }

      expect(error).toBeInstanceOf(TemplateRenderError);
      expect(error).toBeInstanceOf(Error);
      const renderError = error as TemplateRenderError;
      expect(renderError.name).toBe('TemplateRenderError');
      expect(renderError.message).toMatch(/update\.(email-subject|email-text|email-html|sms)\.de/);
      expect(renderError.message).toContain(missing);
      expect(renderError.template).toMatch(/^update\./);
    });

    it('throws TemplateRenderError for an unknown kind', () => {
      const view = { ...sampleNoticeView('en'), kind: 'recall' } as unknown as NoticeView;

      expect(() => sut.renderEmail(view)).toThrow(TemplateRenderError);
    });

    it('renders a view whose nullable fields are null without throwing', () => {
      for (const locale of LOCALES) expect(() => sut.renderEmail(viewWithNothingKnown(locale))).not.toThrow();
    });

    it('falls back to English for a locale it has no templates for', () => {
      const view = { ...sampleNoticeView('en'), locale: 'it' } as unknown as NoticeView;

      expect(sut.renderEmail(view).subject).toContain('personal data breach');
    });
  });

  describe(TemplatesModule.name, () => {
    it('provides a working NoticeRenderer', async () => {
      const moduleRef = await Test.createTestingModule({ imports: [TemplatesModule] }).compile();
      const renderer = moduleRef.get(NoticeRenderer);

      const view = sampleNoticeView('nl');
      expect(renderer.renderEmail(view).subject.startsWith(`[INC-2023-0419] ${view.incident.title}`)).toBe(true);
    });
  });
});
