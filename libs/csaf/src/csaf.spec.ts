import { csafSchemaErrors, SAMPLE_TEXTS, sampleNoticeView } from '@app/testing';
import { LOCALES, NoticeView } from '@app/templates';
import { LABELS, phaseLabel } from '@app/wording';
import { CsafDocument, csafDocument, csafFileName, CsafInput, csafTrackingId, CsafVersion } from './csaf';
import { CSAF_WORDS } from './csaf-words';

const BASE = 'https://notices.vendor.example';
const input = (view: NoticeView, overrides: Partial<CsafInput> = {}): CsafInput => ({ view, earlier: [], closed: false, namespace: BASE, ...overrides });
const noteTitled = (doc: CsafDocument, title: string) => {
  const found = doc.document.notes.find((n) => n.title === title);
  if (!found) throw new Error(`no note "${title}" in ${doc.document.notes.map((n) => n.title).join(' | ')}`);
  return found.text;
};

/** An update of the sample incident: version 3, the tenant told in versions 1 and 3 but not in 2. */
const update = (locale: (typeof LOCALES)[number], overrides: Partial<NoticeView> = {}) =>
  sampleNoticeView(locale, { kind: 'update', updateNumber: 2, issuedAt: '2023-04-23T09:00:00Z', ...overrides, incident: { version: 3, changeSummary: 'The cause is known.', ...(overrides.incident ?? {}) } as NoticeView['incident'] });
const EARLIER: CsafVersion[] = [
  { version: 1, kind: 'initial', final: false, changeSummary: null, issuedAt: '2023-04-20T16:30:00.000Z' },
  { version: 2, kind: null, final: false, changeSummary: 'Another system was reached.', issuedAt: '2023-04-21T08:00:00.000Z' },
];

describe(csafDocument.name, () => {
  it('is valid against the CSAF 2.0 JSON schema in every language, for a first notice, an update and a withdrawal', () => {
    for (const locale of LOCALES) {
      const views = [sampleNoticeView(locale), update(locale), update(locale, { kind: 'withdrawn' })];
      for (const view of views) expect(csafSchemaErrors(csafDocument(input(view, { earlier: view.incident.version > 1 ? EARLIER : [] })))).toEqual([]);
    }
    // The check itself rejects what CSAF 2.0 does not allow (TLP 2.0's AMBER+STRICT is not a CSAF 2.0 label).
    const wrong = csafDocument(input(sampleNoticeView('en')));
    (wrong.document.distribution.tlp as { label: string }).label = 'AMBER+STRICT';
    expect(csafSchemaErrors(wrong)).toEqual([expect.objectContaining({ instancePath: '/document/distribution/tlp/label', keyword: 'enum' })]);
  });

  it('is a TLP:AMBER security incident response of the vendor, in the notice’s language, published under PUBLIC_BASE_URL', () => {
    const { document } = csafDocument(input(sampleNoticeView('pl')));
    expect(document).toMatchObject({
      category: 'csaf_security_incident_response',
      csaf_version: '2.0',
      lang: 'pl',
      title: `INC-2023-0419: ${SAMPLE_TEXTS.pl.title}`,
      publisher: { category: 'vendor', name: 'Bramka SMS Sp. z o.o.', namespace: BASE },
      distribution: { tlp: { label: 'AMBER', url: 'https://www.first.org/tlp/' } },
    });
    expect(document.publisher.contact_details).toBe('ul. Przykładowa 1, 00-001 Warszawa, Polska; KRS 0000123456, NIP 5260000000; incident@vendor.example; +48221234567');
    expect(document.distribution.text).toMatch(/^TLP:AMBER — wyłącznie dla Salon Urody Magnolia sp\. z o\.o\./);
  });

  it('names the vendor by its display name when no legal name is configured', () => {
    const view = sampleNoticeView('en', { vendor: { name: 'Bramka SMS', legalName: null, address: null, registration: null } });
    expect(csafDocument(input(view)).document.publisher).toEqual({ category: 'vendor', name: 'Bramka SMS', namespace: BASE, contact_details: 'incident@vendor.example; +48221234567' });
  });

  it('tracks the tenant’s notice of the incident by one id per tenant and incident, the same in every version', () => {
    const first = csafDocument(input(sampleNoticeView('en'))).document.tracking;
    const third = csafDocument(input(update('en'), { earlier: EARLIER })).document.tracking;
    expect(first.id).toBe('INC-2023-0419+harbour-lane-opticians');
    expect(third.id).toBe(first.id);
    expect(csafTrackingId('INC-2023-0419', 'gdansk-port')).not.toBe(first.id);
    expect(first).toMatchObject({ version: '1', status: 'interim', initial_release_date: '2023-04-20T16:30:00.000Z', current_release_date: '2023-04-20T16:30:00.000Z' });
    expect(first.revision_history).toEqual([{ date: '2023-04-20T16:30:00.000Z', number: '1', summary: phaseLabel({ kind: 'initial', updateNumber: 0, final: false }, 'en') }]);
  });

  it('has one revision per version, dated when each was issued, with what changed and which notice the tenant did not get', () => {
    const { tracking } = csafDocument(input(update('en'), { earlier: EARLIER })).document;
    expect(tracking.version).toBe('3');
    expect(tracking.revision_history).toEqual([
      { date: '2023-04-20T16:30:00.000Z', number: '1', summary: 'initial notice' },
      { date: '2023-04-21T08:00:00.000Z', number: '2', summary: `update 1 (${CSAF_WORDS.en.notToYou})` },
      { date: '2023-04-23T09:00:00.000Z', number: '3', summary: 'update 2: The cause is known.' },
    ]);
    expect(tracking.initial_release_date).toBe('2023-04-20T16:30:00.000Z');
    expect(tracking.current_release_date).toBe('2023-04-23T09:00:00.000Z');
  });

  it('never dates a later version before an earlier one', () => {
    const late = [{ ...EARLIER[0], issuedAt: '2023-04-24T00:00:00.000Z' }, EARLIER[1]];
    const dates = csafDocument(input(update('en'), { earlier: late })).document.tracking.revision_history.map((r) => r.date);
    expect(dates).toEqual(['2023-04-24T00:00:00.000Z', '2023-04-24T00:00:00.000Z', '2023-04-24T00:00:00.000Z']);
  });

  it('is final for the vendor’s final version, a closed incident or a withdrawal, and interim otherwise', () => {
    const status = (view: NoticeView, closed = false) => csafDocument(input(view, { closed, earlier: EARLIER })).document.tracking.status;
    expect(status(update('en'))).toBe('interim');
    expect(status(update('en', { final: true }))).toBe('final');
    expect(status(update('en'), true)).toBe('final');
    expect(status(update('en', { kind: 'withdrawn' }))).toBe('final');
  });

  it('refers to the tenant’s acknowledgement page and to itself', () => {
    const view = sampleNoticeView('fr');
    expect(csafDocument(input(view)).document.references).toEqual([
      { category: 'external', summary: CSAF_WORDS.fr.ackPage, url: view.ackUrl },
      { category: 'self', summary: CSAF_WORDS.fr.self, url: `${view.ackUrl}.csaf.json` },
    ]);
  });

  it('states the notice’s facts of this tenant in its language: what, when, which data, encryption, consequences, measures, what to do, whom to ask', () => {
    const doc = csafDocument(input(sampleNoticeView('pl')));
    const labels = LABELS.pl;
    const t = SAMPLE_TEXTS.pl;
    expect(doc.document.notes[0]).toEqual({ category: 'summary', title: 'Opis naruszenia', text: t.description });
    const data = noteTitled(doc, CSAF_WORDS.pl.yourData);
    expect(data).toContain(`${CSAF_WORDS.pl.dataSubjects}: 120\u00a0000`);
    expect(data).toContain(`${CSAF_WORDS.pl.records}: 850\u00a0000`);
    expect(data).toContain(`Kategorie danych osobowych: ${labels.dataCategories.phone_number}, ${labels.dataCategories.message_content}`);
    expect(data).toContain(t.systemName);
    expect(noteTitled(doc, CSAF_WORDS.pl.when)).toContain(`${CSAF_WORDS.pl.awareAt}: 19 kwietnia 2023 r., godz. 16:00 CEST (14:00 UTC)`);
    expect(noteTitled(doc, 'Czy dane były zaszyfrowane')).toBe(labels.encryption.none);
    expect(noteTitled(doc, 'Możliwe konsekwencje naruszenia')).toBe(t.consequences);
    expect(noteTitled(doc, 'Zastosowane środki')).toBe(t.measuresTaken);
    expect(noteTitled(doc, 'Zalecenia dla Państwa jako administratora')).toBe(t.recommendedActions);
    expect(noteTitled(doc, 'Czy osoba nieuprawniona uzyskała dostęp do danych, skopiowała je, opublikowała lub wykorzystała')).toContain(`${CSAF_WORDS.pl.findings.accessed}: ${labels.findings.yes}`);
    const contact = noteTitled(doc, CSAF_WORDS.pl.contact);
    expect(contact).toContain('incident@vendor.example');
    expect(contact).toContain('Jan Kowalski');
    expect(noteTitled(doc, CSAF_WORDS.pl.stillPending)).toContain(`${CSAF_WORDS.pl.nextUpdate}: 21 kwietnia 2023 r., godz. 12:00 CEST (10:00 UTC)`);
  });

  it('shows what is not known yet as pending and lists it, never as a blank', () => {
    const view = sampleNoticeView('en', { incident: { description: null, consequences: null, encryption: null } as unknown as NoticeView['incident'] });
    const doc = csafDocument(input(view));
    expect(doc.document.notes[0].text).toBe(LABELS.en.pendingShort);
    expect(noteTitled(doc, 'Whether the data was encrypted')).toBe(LABELS.en.pendingShort);
    const pending = noteTitled(doc, CSAF_WORDS.en.stillPending);
    for (const field of ['description', 'encryption', 'consequences'] as const) expect(pending).toContain(`- ${LABELS.en.fields[field]}`);
    expect(doc.document.notes.every((n) => n.text.trim() !== '' && n.title.trim() !== '')).toBe(true);
    expect(csafSchemaErrors(doc)).toEqual([]);
  });

  it('states the reason of a late first notice, and what changed in an update', () => {
    // The sample's first notice is issued after its notice deadline (2023-04-20 14:00 UTC).
    const late = csafDocument(input(sampleNoticeView('en')));
    expect(noteTitled(late, 'Reason for the delay of this notice')).toBe(SAMPLE_TEXTS.en.delayReason);
    const onTime = csafDocument(input(sampleNoticeView('en', { issuedAt: '2023-04-20T12:00:00Z' })));
    expect(onTime.document.notes.map((n) => n.title)).not.toContain('Reason for the delay of this notice');
    expect(noteTitled(csafDocument(input(update('en'), { earlier: EARLIER })), 'Summary of changes')).toBe('The cause is known.');
  });

  it('gives a withdrawal its reason and the contact point, and no figures or data categories', () => {
    const view = update('nl', { kind: 'withdrawn', incident: { version: 3, changeSummary: 'De scope is beperkt tot het sms-archief.' } as NoticeView['incident'] });
    const doc = csafDocument(input(view, { earlier: EARLIER }));
    expect(doc.document.notes.map((n) => n.category)).toEqual(['summary', 'general']);
    expect(doc.document.notes[0].text).toContain(CSAF_WORDS.nl.withdrawn);
    expect(doc.document.notes[0].text).toContain('De scope is beperkt tot het sms-archief.');
    const text = JSON.stringify(doc);
    for (const figure of ['120.000', '850.000', LABELS.nl.dataCategories.phone_number]) expect(text).not.toContain(figure);
  });

  it('names its file by the CSAF rule: lower case, anything but a-z, 0-9, + and - as one underscore', () => {
    expect(csafFileName('INC-2023-0419+poznan-city')).toBe('inc-2023-0419+poznan-city.json');
    expect(csafFileName('OPS/2026:7+tenant.one@eu')).toBe('ops_2026_7+tenant_one_eu.json');
  });
});
