import { NoticeRenderer } from '@app/templates';
import { IncidentBody } from '@app/incidents';
import { localize } from '@app/incidents';
import { buildNoticeView, ViewInput } from './notice-view.builder';

const body = {
  reference: 'INC-2023-0419',
  title: { en: 'Unauthorised access to the SMS archive', pl: 'Nieuprawniony dostęp do archiwum SMS' },
  awareAt: '2023-04-19T14:00:00Z',
  occurredFrom: '2023-04-19T06:00:00Z',
  nature: ['confidentiality'],
  scope: { systems: ['sms-gateway'] },
  description: { en: 'An attacker read the archive.' },
  contact: { name: 'DPO', email: 'dpo@vendor.example' },
  channels: ['email', 'sms'],
} as unknown as IncidentBody;

const input = (over: Partial<ViewInput> = {}): ViewInput => ({
  body,
  version: 1,
  kind: 'initial',
  changeSummary: null,
  facts: { systems: ['sms-gateway'], subProcessors: [], dataCategories: ['phone_number'], dataSubjects: 120000, records: 850000, periodFrom: '2019-03-01', periodTo: '2023-04-19', matchedBy: 'scope' },
  tenant: { name: 'Urząd Miasta Północ', externalId: 'city-north', timezone: 'Europe/Warsaw' },
  recipient: { name: 'IOD', role: 'dpo' },
  locale: 'pl',
  escalated: false,
  ackUrl: 'https://notify.vendor.example/ack/AAAAAAAAAAAAAAAAAAAAAA',
  ...over,
});

describe(buildNoticeView.name, () => {
  it('puts the 72-hour mark 72 elapsed hours after awareAt', () => {
    expect(buildNoticeView(input(), { vendorName: 'Vendor' }).deadlineAt).toBe('2023-04-22T14:00:00.000Z');
  });

  it('picks text in the notice locale, falling back to English, and leaves missing fields pending (null)', () => {
    const sut = buildNoticeView(input(), { vendorName: 'Vendor' });
    expect(sut.incident.title).toBe('Nieuprawniony dostęp do archiwum SMS');
    expect(sut.incident.description).toBe('An attacker read the archive.');
    expect(sut.incident.consequences).toBeNull();
    expect(sut.incident.occurredTo).toBeNull();
    expect(sut.incident.contained).toBeNull();
  });

  it('numbers updates from the version and carries the change summary only for updates', () => {
    expect(buildNoticeView(input({ changeSummary: 'x' }), { vendorName: 'V' }).incident.changeSummary).toBeNull();
    const update = buildNoticeView(input({ version: 3, kind: 'update', changeSummary: { pl: 'Zmiana', en: 'Change' } }), { vendorName: 'V' });
    expect(update.updateNumber).toBe(2);
    expect(update.incident.changeSummary).toBe('Zmiana');
  });

  it('gives a withdrawn notice no figures', () => {
    const sut = buildNoticeView(input({ kind: 'withdrawn', facts: null }), { vendorName: 'V' });
    expect(sut.facts).toMatchObject({ dataSubjects: 0, records: 0, dataCategories: [] });
  });

  it('produces a view the renderer accepts in every locale', () => {
    const renderer = new NoticeRenderer();
    for (const locale of ['en', 'pl', 'nl', 'fr', 'es', 'de'] as const) {
      const view = buildNoticeView(input({ locale }), { vendorName: 'SMS Vendor' });
      const mail = renderer.renderEmail(view);
      expect(mail.subject).toContain('INC-2023-0419');
      expect(mail.text).toContain('Urząd Miasta Północ');
      expect(renderer.renderSms(view).segments).toBeLessThanOrEqual(2);
    }
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
