import { NoticeRenderer, NoticeView, RenderedContent, RenderedEmail } from '@app/templates';
import { formatDateTime, LABELS } from '@app/wording';
import type { RenderTarget } from '@app/kernel';
import { IncidentBody, localize } from '@app/incidents';
import { TenantFacts } from '@app/scope';
import { REDACTED_ACK_TOKEN } from '@app/ack';
import { ComposeInput, NoticeComposer, tenantRegimes } from './notice-composer';

const body = {
  reference: 'INC-2023-0419',
  title: { en: 'Unauthorised access to the SMS archive', pl: 'Nieuprawniony dostęp do archiwum SMS' },
  awareAt: '2023-04-19T16:00:00+02:00',
  occurredFrom: '2023-04-19T06:00:00Z',
  nature: ['confidentiality'],
  scope: { systems: ['sms-gateway'] },
  description: { en: 'An attacker read the archive.' },
  contact: { name: 'DPO', email: 'dpo@vendor.example' },
  channels: ['email', 'sms'],
} as unknown as IncidentBody;

const facts: TenantFacts = {
  systems: ['sms-gateway'],
  subProcessors: [],
  dataCategories: ['message_content', 'phone_number'],
  dataSubjects: 120000,
  subjectCategories: ['citizens'],
  dataSubjectsByGroup: [{ subjectCategories: ['citizens'], dataSubjects: 120000 }],
  records: 850000,
  periodFrom: '2019-03-01',
  periodTo: '2023-04-19',
  matchedBy: 'scope',
};

const REAL_LINK = 'https://notify.vendor.example/ack/AAAAAAAAAAAAAAAAAAAAAA';
const REDACTED_LINK = `https://notify.vendor.example/ack/${REDACTED_ACK_TOKEN}`;

const input = (over: { version?: Partial<ComposeInput['version']>; tenant?: Partial<ComposeInput['tenant']>; contact?: Partial<ComposeInput['contact']> } & Partial<Pick<ComposeInput, 'ackUrl' | 'escalated' | 'issuedAt'>> = {}): ComposeInput => ({
  version: { body, version: 1, kind: 'initial', changeSummary: null, ...over.version },
  tenant: { name: 'Urząd Miasta Północ', externalId: 'city-north', timezone: 'Europe/Warsaw', locale: 'pl', facts, ...over.tenant },
  contact: { name: 'IOD', role: 'dpo', locale: null, ...over.contact },
  ackUrl: over.ackUrl ?? REAL_LINK,
  escalated: over.escalated,
  issuedAt: over.issuedAt ?? '2023-04-19T18:00:00Z',
});

/** Records what it was asked to render and answers something recognisable per target. */
class FakeRenderer implements Pick<NoticeRenderer, 'render' | 'renderEmail'> {
  rendered: { target: string; view: NoticeView }[] = [];

  render(view: NoticeView, target: RenderTarget): RenderedContent {
    this.rendered.push({ target: target.format === 'event' ? 'event' : target.part, view });
    return target.format === 'email' ? this.email(view) : { subject: null, text: `${view.incident.reference} ${view.ackUrl}`, html: null };
  }

  renderEmail(view: NoticeView): RenderedEmail {
    this.rendered.push({ target: 'email', view });
    return this.email(view);
  }

  private email(view: NoticeView): RenderedEmail {
    return { subject: `[${view.incident.reference}]`, text: `text ${view.ackUrl}`, html: `<p>${view.ackUrl}</p>` };
  }
}

const EMAIL: RenderTarget = { format: 'email', part: 'email' };
const SMS: RenderTarget = { format: 'segmented', part: 'sms', maxSegments: 2 };

describe(NoticeComposer.name, () => {
  let renderer: FakeRenderer;
  let sut: NoticeComposer;

  beforeEach(() => {
    renderer = new FakeRenderer();
    sut = new NoticeComposer({ vendorName: 'SMS Vendor', vendorLegalName: null, vendorAddress: null, vendorRegistration: null, noticeDeadlineDefaultMs: 24 * 3600_000 }, renderer as unknown as NoticeRenderer);
  });

  describe('a first notice to a tenant', () => {
    it('resolves everything for that tenant and contact, in the tenant’s language and zone', () => {
      const view = sut.compose(input());
      expect(view).toMatchObject({
        kind: 'initial',
        updateNumber: 0,
        final: false,
        escalated: false,
        locale: 'pl',
        timeZone: 'Europe/Warsaw',
        vendor: { name: 'SMS Vendor' },
        contactPoint: { name: 'DPO', email: 'dpo@vendor.example', phone: null },
        tenant: { name: 'Urząd Miasta Północ', externalId: 'city-north' },
        recipient: { name: 'IOD', role: 'dpo' },
        ackUrl: REAL_LINK,
      });
      expect(view.incident).toMatchObject({
        reference: 'INC-2023-0419',
        title: 'Nieuprawniony dostęp do archiwum SMS',
        description: 'An attacker read the archive.',
        consequences: null,
        awareAt: '2023-04-19T14:00:00.000Z',
        occurredFrom: '2023-04-19T06:00:00.000Z',
        occurredTo: null,
        contained: null,
        changeSummary: null,
      });
    });

    it('shows the tenant its own facts, categories in the order of the vocabulary', () => {
      expect(sut.compose(input()).facts).toEqual({
        systems: [null],
        subProcessors: [],
        dataCategories: ['phone_number', 'message_content'],
        dataSubjects: 120000,
        subjectCategories: ['citizens'],
        dataSubjectsByGroup: [{ subjectCategories: ['citizens'], dataSubjects: 120000 }],
        records: 850000,
        periodFrom: '2019-03-01',
        periodTo: '2023-04-19',
      });
    });

    it('puts the GDPR 72-hour mark 72 elapsed hours after awareAt', () => {
      expect(sut.compose(input()).deadlineAt).toBe('2023-04-22T14:00:00.000Z');
    });

    it('takes the contact’s language first, then the tenant’s, then English', () => {
      expect(sut.compose(input({ contact: { locale: 'nl' } })).locale).toBe('nl');
      expect(sut.compose(input({ contact: { locale: 'xx' } })).locale).toBe('pl');
      expect(sut.compose(input({ contact: { locale: undefined }, tenant: { locale: undefined } })).locale).toBe('en');
      expect(sut.compose(input({ contact: { locale: 'de' } })).incident.title).toBe('Unauthorised access to the SMS archive');
    });

    it('marks a notice to an escalation contact', () => {
      expect(sut.compose(input({ escalated: true })).escalated).toBe(true);
    });
  });

  it('numbers an update from the version and carries its change summary in the notice language', () => {
    const first = sut.compose(input({ version: { changeSummary: 'ignored in version 1' } }));
    expect(first.incident.changeSummary).toBeNull();
    const update = sut.compose(input({ version: { version: 3, kind: 'update', changeSummary: { pl: 'Zmiana', en: 'Change' } } }));
    expect(update).toMatchObject({ kind: 'update', updateNumber: 2, incident: { version: 3, changeSummary: 'Zmiana' } });
  });

  it('gives a withdrawal no figures, even when facts are passed', () => {
    const view = sut.compose(input({ version: { version: 2, kind: 'withdrawn', changeSummary: 'Out of scope' } }));
    expect(view).toMatchObject({ kind: 'withdrawn', updateNumber: 1, incident: { changeSummary: 'Out of scope' } });
    expect(view.facts).toEqual({ systems: [], subProcessors: [], dataCategories: [], dataSubjects: 0, subjectCategories: [], dataSubjectsByGroup: [], records: 0, periodFrom: null, periodTo: null });
  });

  it('carries a redacted link as given, and composes nothing else differently', () => {
    const redacted = sut.compose(input({ ackUrl: REDACTED_LINK }));
    expect(redacted.ackUrl).toBe(REDACTED_LINK);
    expect({ ...redacted, ackUrl: REAL_LINK }).toEqual(sut.compose(input()));
  });

  it('renders a view for each target through the templates', () => {
    const view = sut.compose(input());
    expect(sut.render(view, EMAIL)).toEqual({ subject: '[INC-2023-0419]', text: `text ${REAL_LINK}`, html: `<p>${REAL_LINK}</p>` });
    expect(sut.render(view, SMS)).toEqual({ subject: null, text: `INC-2023-0419 ${REAL_LINK}`, html: null });
    expect(sut.renderEmail(view)).toEqual({ subject: '[INC-2023-0419]', text: `text ${REAL_LINK}`, html: `<p>${REAL_LINK}</p>` });
    expect(renderer.rendered.map((r) => [r.target, r.view])).toEqual([
      ['email', view],
      ['sms', view],
      ['email', view],
    ]);
  });

  describe('with the real templates', () => {
    const real = new NoticeComposer({ vendorName: 'SMS Vendor', vendorLegalName: null, vendorAddress: null, vendorRegistration: null, noticeDeadlineDefaultMs: 24 * 3600_000 }, new NoticeRenderer());

    it('composes a notice every locale renders, within two SMS segments', () => {
      for (const locale of ['en', 'pl', 'nl', 'fr', 'es', 'de'] as const) {
        const view = real.compose(input({ contact: { locale } }));
        const mail = real.render(view, EMAIL);
        expect(mail.subject).toContain('INC-2023-0419');
        expect(mail.text).toContain('Urząd Miasta Północ');
        expect(new NoticeRenderer().renderSms(view).segments).toBeLessThanOrEqual(2);
      }
    });

    it('renders a redacted link in place of the real one, the SMS cut the same', () => {
      const sent = real.compose(input());
      const previewed = real.compose(input({ ackUrl: REDACTED_LINK }));
      for (const target of [EMAIL, SMS]) {
        const a = real.render(sent, target);
        const b = real.render(previewed, target);
        expect(b.text).toBe(a.text.split(REAL_LINK).join(REDACTED_LINK));
        expect(b.subject).toBe(a.subject);
      }
    });

    it('shows the 72-hour mark in the tenant’s zone across a DST change', () => {
      // Aware two days before Warsaw moves to summer time: due 72 elapsed hours later, at 11:00 CEST, not 10:00.
      const view = real.compose(input({ version: { body: { ...body, awareAt: '2023-03-24T10:00:00+01:00' } }, contact: { locale: 'en' } }));
      expect(view.deadlineAt).toBe('2023-03-27T09:00:00.000Z');
      expect(real.render(view, EMAIL).text).toContain(formatDateTime(view.deadlineAt, 'en', 'Europe/Warsaw'));
      expect(formatDateTime(view.deadlineAt, 'en', 'Europe/Warsaw')).toBe('27 March 2023, 11:00 CEST (09:00 UTC)');
    });

    it.each([
      ['BE', 'nl', 'Gegevensbeschermingsautoriteit'],
      ['LU', 'fr', 'Commission nationale pour la protection des données (CNPD)'],
      ['GB', 'en', "Information Commissioner's Office (ICO)"],
      ['CH', 'de', 'EDÖB'],
      ['AT', 'de', 'Österreichische Datenschutzbehörde'],
      ['PL', 'pl', 'UODO'],
    ])('names the authority of a tenant in %s reading %s by its country', (country, locale, name) => {
      const view = real.compose(input({ tenant: { country, locale } }));
      const text = real.render(view, EMAIL).text;
      expect(text).toContain(name);
      for (const other of ['CNIL', 'Autoriteit Persoonsgegevens', 'AEPD', 'UODO', 'ICO'].filter((o) => !name.includes(o))) expect(text).not.toContain(other);
    });

    it('cites UK GDPR for a British tenant and the FADP for a Swiss one', () => {
      expect(real.render(real.compose(input({ tenant: { country: 'GB', locale: 'en' } })), EMAIL).text).toContain('Article 33(2) UK GDPR');
      expect(real.render(real.compose(input({ tenant: { country: 'CH', locale: 'en' } })), EMAIL).text).toContain('FADP');
    });

    it('sends a German tenant to the authority of its Land instead of naming one', () => {
      const view = real.compose(input({ tenant: { country: 'DE', locale: 'de' } }));
      expect(view.authority).toMatchObject({ name: null, several: true });
      expect(real.render(view, EMAIL).text).toContain(view.authority!.url);
    });
  });
});

describe('the tenant’s onward deadlines', () => {
  const sut = new NoticeComposer({ vendorName: 'SMS Vendor', vendorLegalName: null, vendorAddress: null, vendorRegistration: null, noticeDeadlineDefaultMs: 24 * 3600_000 }, new NoticeRenderer());
  // Aware 19 April 2023, 14:00 UTC; this notice issued 19 April, 18:00 UTC.
  const deadlinesOf = (tenant: Partial<ComposeInput['tenant']>) => sut.compose(input({ tenant })).deadlines;

  it('takes the tenant’s own regimes, else those of its country', () => {
    expect(tenantRegimes({ regimes: null, country: 'PL' })).toEqual(['gdpr']);
    expect(tenantRegimes({ regimes: [], country: 'CH' })).toEqual(['ch_fadp']);
    expect(tenantRegimes({ regimes: ['nis2', 'gdpr', 'gdpr'], country: 'CH' })).toEqual(['gdpr', 'nis2']);
    expect(tenantRegimes({ regimes: ['eprivacy'], country: 'GB' })).toEqual(['uk_gdpr']);
    expect(sut.compose(input({ tenant: { regimes: ['nis2', 'gdpr'] } })).regimes).toEqual(['gdpr', 'nis2']);
  });

  it('counts each obligation from our awareness and from this notice', () => {
    expect(deadlinesOf({ regimes: ['gdpr', 'nis2'], country: 'PL' })).toEqual([
      { regime: 'gdpr', obligation: 'authority', basis: 'GDPR Art. 33(1)', hours: 72, fromAwareness: '2023-04-22T14:00:00.000Z', fromNotice: '2023-04-22T18:00:00.000Z' },
      { regime: 'nis2', obligation: 'early_warning', basis: 'NIS2 Directive Art. 23(4)(a)', hours: 24, fromAwareness: '2023-04-20T14:00:00.000Z', fromNotice: '2023-04-20T18:00:00.000Z' },
      { regime: 'nis2', obligation: 'incident_notification', basis: 'NIS2 Directive Art. 23(4)(b)', hours: 72, fromAwareness: '2023-04-22T14:00:00.000Z', fromNotice: '2023-04-22T18:00:00.000Z' },
      { regime: 'nis2', obligation: 'final_report', basis: 'NIS2 Directive Art. 23(4)(d)', hours: 0, months: 1, after: 'incident_notification', fromAwareness: '2023-05-22T14:00:00.000Z', fromNotice: '2023-05-22T18:00:00.000Z' },
    ]);
  });

  it('gives an "as soon as possible" rule no time, and DORA its condition', () => {
    expect(deadlinesOf({ regimes: null, country: 'CH' })).toEqual([{ regime: 'ch_fadp', obligation: 'authority', basis: 'FADP Art. 24(1)', hours: null, fromAwareness: null, fromNotice: null }]);
    expect(deadlinesOf({ regimes: ['dora'] })[0]).toMatchObject({ obligation: 'initial_notification', hours: 4, note: 'dora_classification', fromAwareness: '2023-04-19T18:00:00.000Z', fromNotice: '2023-04-19T22:00:00.000Z' });
  });

  it('counts the update’s own issue time when it restates them', () => {
    const update = sut.compose(input({ version: { version: 2, kind: 'update', changeSummary: 'x' }, issuedAt: '2023-04-21T08:00:00Z' }));
    expect(update.deadlines).toEqual([expect.objectContaining({ fromAwareness: '2023-04-22T14:00:00.000Z', fromNotice: '2023-04-24T08:00:00.000Z' })]);
  });

  describe.each([
    ['en', 'Europe/London', '72 hours'],
    ['pl', 'Europe/Warsaw', '72 godziny'],
  ] as const)('in %s', (locale, timezone, hours72) => {
    const words = LABELS[locale].deadlines;
    const time = (iso: string) => formatDateTime(iso, locale, timezone);
    const section = (tenant: Partial<ComposeInput['tenant']>) => {
      const text = sut.renderEmail(sut.compose(input({ tenant: { timezone, ...tenant }, contact: { locale } }))).text;
      return text.slice(text.search(/^9\. /m), text.search(/^10\. /m));
    };
    const items = (text: string) => text.split('\n').filter((line) => line.startsWith('- '));

    it('shows a GDPR-only tenant its 72 hours, from our awareness and from this notice', () => {
      const text = section({ country: 'PL' });
      expect(items(text)).toEqual([`- ${words.obligations.authority} (${words.citations['GDPR Art. 33(1)']}): ${hours72}`]);
      expect(text).toContain(words.fromAwareness.replace('{when}', time('2023-04-22T14:00:00Z')));
      expect(text).toContain(words.fromNotice.replace('{when}', time('2023-04-22T18:00:00Z')));
    });

    it('shows a NIS2 tenant its early warning, notification and final report', () => {
      const text = section({ regimes: ['nis2'] });
      expect(items(text)).toHaveLength(3);
      expect(items(text)[0]).toContain(words.steps.nis2.early_warning);
      expect(text).toContain(words.fromAwareness.replace('{when}', time('2023-04-20T14:00:00Z')));
      expect(items(text)[2]).toContain(words.after.incident_notification);
      expect(text).toContain(words.fromNotice.replace('{when}', time('2023-05-22T18:00:00Z')));
    });

    it('shows a DORA tenant the classification condition and the chained reports', () => {
      const text = section({ regimes: ['dora'] });
      expect(items(text)).toHaveLength(3);
      expect(items(text)[0]).toContain(words.notes.dora_classification);
      expect(text).toContain(words.fromAwareness.replace('{when}', time('2023-04-19T18:00:00Z')));
      expect(items(text)[2]).toContain(words.after.intermediate_report);
      expect(text).not.toContain(words.steps.nis2.early_warning);
    });
  });
});

describe('the new facts of an incident', () => {
  const sut = new NoticeComposer(
    { vendorName: 'SMS Vendor', vendorLegalName: 'SMS Vendor Sp. z o.o.', vendorAddress: 'ul. Długa 1, Warszawa', vendorRegistration: 'KRS 0000000001', noticeDeadlineDefaultMs: 24 * 3600_000 },
    new FakeRenderer() as unknown as NoticeRenderer,
  );
  const richer = {
    ...body,
    service: { en: 'SMS gateway', pl: 'Bramka SMS' },
    systemNames: { 'sms-gateway': { en: 'SMS sending platform', pl: 'Platforma wysyłki SMS' } },
    containedAt: '2023-04-19T18:00:00+02:00',
    findings: { accessed: 'yes', exfiltrated: 'unknown' },
    encryption: 'partly',
    notAffected: 'Payment data',
    ruledOutCategories: ['payment_data', 'credentials'],
    notifications: [{ to: 'authority', name: 'UODO', at: '2023-04-19T20:00:00+02:00', reference: 'DKN.1' }],
    contact: { name: { en: 'Incident desk', pl: 'Zespół ds. incydentów' }, phone: '+48221234567', availability: '24/7', dpo: { name: 'Jan Kowalski', email: 'iod@vendor.example' } },
  } as unknown as IncidentBody;

  it('carries each of them into the view, in the notice language', () => {
    const view = sut.compose(input({ version: { body: richer }, tenant: { country: 'PL' }, contact: { toldBefore: true, emailAlso: false }, issuedAt: '2023-04-21T09:00:00Z' }));
    expect(view.vendor).toEqual({ name: 'SMS Vendor', legalName: 'SMS Vendor Sp. z o.o.', address: 'ul. Długa 1, Warszawa', registration: 'KRS 0000000001' });
    expect(view.contactPoint).toEqual({ name: 'Zespół ds. incydentów', email: null, phone: '+48221234567', availability: '24/7', dpo: { name: 'Jan Kowalski', email: 'iod@vendor.example', phone: null } });
    expect(view.recipient).toMatchObject({ toldBefore: true, emailAlso: false });
    expect(view.facts.systems).toEqual(['Platforma wysyłki SMS']);
    expect(view.incident).toMatchObject({
      service: 'Bramka SMS',
      contained: true,
      containedAt: '2023-04-19T16:00:00.000Z',
      findings: { accessed: 'yes', exfiltrated: 'unknown', published: null, misused: null },
      encryption: 'partly',
      ruledOutCategories: ['credentials', 'payment_data'],
      notifications: [{ to: 'authority', name: 'UODO', at: '2023-04-19T18:00:00.000Z', reference: 'DKN.1' }],
    });
    expect(view.issuedAt).toBe('2023-04-21T09:00:00.000Z');
    expect(view.noticeDueAt).toBe('2023-04-20T14:00:00.000Z');
  });

  it('counts the notice deadline from the tenant’s own hours when it has them', () => {
    expect(sut.compose(input({ tenant: { noticeDeadlineHours: 4 } })).noticeDueAt).toBe('2023-04-19T18:00:00.000Z');
  });

  it('leaves what was not filed as pending (null), never as an empty value', () => {
    const view = sut.compose(input());
    expect(view.incident).toMatchObject({ service: null, findings: { accessed: null, exfiltrated: null, published: null, misused: null }, encryption: null, notAffected: null, notifications: null, delayReason: null });
    expect(view.contactPoint).toMatchObject({ availability: null, dpo: null });
  });
});

describe(localize.name, () => {
  it('returns strings as they are and maps by locale, English, then the first language', () => {
    expect(localize('plain', 'de')).toBe('plain');
    expect(localize({ nl: 'Hallo', en: 'Hello' }, 'nl')).toBe('Hallo');
    expect(localize({ nl: 'Hallo', en: 'Hello' }, 'fr')).toBe('Hello');
    expect(localize({ nl: 'Hallo' }, 'fr')).toBe('Hallo');
    expect(localize(undefined, 'fr')).toBeNull();
  });
});
