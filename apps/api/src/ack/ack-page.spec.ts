import { LocalizedAckSummary, ownFiling } from '@app/ack';
import { LOCALES, Locale, NoticeView } from '@app/templates';
import { SubjectNoticeRenderer } from '@app/drafts';
import { sampleNoticeView } from '@app/testing';
import { FILING_LABELS } from './ack-filing-labels';
import { ACK_PAGE_LABELS } from './ack-page-labels';
import { renderAckPage } from './ack-page';
import Handlebars from 'handlebars';

const drafts = new SubjectNoticeRenderer();
const EMAIL = { subject: 's', text: 't', html: '<html><head><style>.notice{}</style></head><body><div class="notice">the notice</div></body></html>' };

/** The page's summary for a sample notice, with the tenant's own filing as AckService gives it. */
function summaryOf(view: NoticeView, stored: { regimes: string[] | null; country: string }): LocalizedAckSummary {
  const filing = ownFiling(view, stored, (v) => drafts.render(v));
  return {
    locale: view.locale,
    timeZone: view.timeZone,
    reference: view.incident.reference,
    title: view.incident.title,
    version: 1,
    kind: view.kind,
    final: false,
    tenant: { externalId: view.tenant.externalId, name: view.tenant.name },
    vendor: { name: view.vendor.name, contact: { name: 'Desk', email: 'desk@vendor.example' } as never },
    acknowledgedAt: null,
    art33: {} as LocalizedAckSummary['art33'],
    timeline: { awareAt: view.incident.awareAt, occurredFrom: null, occurredTo: null, deadlineAt: view.deadlineAt, nextUpdateAt: null },
    ...filing,
  };
}

describe(renderAckPage.name, () => {
  it.each(LOCALES)('%s: shows every new section in the page’s language, every placeholder filled', (locale: Locale) => {
    const view = sampleNoticeView(locale);
    const page = renderAckPage(summaryOf(view, { regimes: ['gdpr', 'nis2', 'dora'], country: 'PL' }), EMAIL, 'tok');
    const labels = ACK_PAGE_LABELS[locale];
    for (const text of [labels.deadlines, labels.filing, labels.pendingYours, labels.draftSubject, labels.download, FILING_LABELS[locale].doraClassification, FILING_LABELS[locale].fields.suspectedMalicious]) {
      expect(page).toContain(Handlebars.Utils.escapeExpression(text));
    }
    expect(page).not.toMatch(/\{(aware|law|tenant|when)\}/);
    expect(page).toContain('href="/ack/tok/subject-notice.txt?lang&#x3D;' + locale + '"');
    expect(page).toContain(`<a href="/ack/tok.csaf.json">${Handlebars.Utils.escapeExpression(labels.csaf)}</a>`);
    expect(page).toContain('<a href="https://uodo.gov.pl" rel="noopener noreferrer">');
    expect(page).not.toMatch(/<script/i);
  });

  it('keeps a hostile tenant name inert inside the draft’s text box', () => {
    const view = sampleNoticeView('en', { tenant: { name: '</textarea><script>alert(1)</script>', externalId: 'x', country: 'GB' } });
    const page = renderAckPage(summaryOf(view, { regimes: null, country: 'GB' }), EMAIL, 'tok');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('names the competent authority when the country is not in the table, and shows no draft for a withdrawal', () => {
    const outside = renderAckPage(summaryOf(sampleNoticeView('en'), { regimes: null, country: 'US' }), EMAIL, 'tok');
    expect(outside).toContain(ACK_PAGE_LABELS.en.authorityUnknown);
    const withdrawn = renderAckPage(summaryOf(sampleNoticeView('en', { kind: 'withdrawn' }), { regimes: null, country: 'PL' }), EMAIL, 'tok');
    expect(withdrawn).not.toContain('draft-text');
    expect(withdrawn).not.toContain(ACK_PAGE_LABELS.en.filing);
  });
});
