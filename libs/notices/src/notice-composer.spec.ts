import { formatDateTime, NoticeRenderer, NoticeView, RenderedContent, RenderedEmail } from '@app/templates';
import type { RenderTarget } from '@app/kernel';
import { IncidentBody, localize, TenantFacts } from '@app/incidents';
import { REDACTED_ACK_TOKEN } from './ack-links';
import { ComposeInput, NoticeComposer } from './notice-composer';

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

const input = (over: { version?: Partial<ComposeInput['version']>; tenant?: Partial<ComposeInput['tenant']>; contact?: Partial<ComposeInput['contact']> } & Partial<Pick<ComposeInput, 'ackUrl' | 'escalated'>> = {}): ComposeInput => ({
  version: { body, version: 1, kind: 'initial', changeSummary: null, ...over.version },
  tenant: { name: 'Urząd Miasta Północ', externalId: 'city-north', timezone: 'Europe/Warsaw', locale: 'pl', facts, ...over.tenant },
  contact: { name: 'IOD', role: 'dpo', locale: null, ...over.contact },
  ackUrl: over.ackUrl ?? REAL_LINK,
  escalated: over.escalated,
});

/** Records what it was asked to render and answers something recognisable per target. */
class FakeRenderer implements Pick<NoticeRenderer, 'render' | 'renderEmail'> {
  rendered: { target: string; view: NoticeView }[] = [];

  render(view: NoticeView, target: RenderTarget): RenderedContent {
    this.rendered.push({ target: target.part, view });
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
    sut = new NoticeComposer({ vendorName: 'SMS Vendor' }, renderer as unknown as NoticeRenderer);
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
        systems: ['sms-gateway'],
        subProcessors: [],
        dataCategories: ['phone_number', 'message_content'],
        dataSubjects: 120000,
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
    expect(view.facts).toEqual({ systems: [], subProcessors: [], dataCategories: [], dataSubjects: 0, records: 0, periodFrom: null, periodTo: null });
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
    const real = new NoticeComposer({ vendorName: 'SMS Vendor' }, new NoticeRenderer());

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
      expect(formatDateTime(view.deadlineAt, 'en', 'Europe/Warsaw')).toBe('27 March 2023 at 11:00 CEST');
    });
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
