import { localize } from '@app/incidents';
import { LocalizedAckSummary } from '@app/ack';
import { inVocabularyOrder } from '@app/notices';
import {
  dataCategoryLabel,
  formatDate,
  formatDateTime,
  formatList,
  formatNumber,
  LABELS,
  Nature,
  natureLabel,
  phaseLabel,
  RenderedEmail,
} from '@app/templates';
import Handlebars from 'handlebars';
import { ACK_PAGE_LABELS } from './ack-page-labels';

const hbs = Handlebars.create();

/** Escaping on (tenant names and incident texts are data), strict: a missing value is a bug, not a blank. */
const PAGE = hbs.compile(
  `<!DOCTYPE html>
<html lang="{{locale}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{reference}} — {{labels.title}}</title>
<style>
{{{noticeStyle}}}
.page { max-width: 728px; margin: 0 auto; padding: 24px 0 48px; font-family: Arial, Helvetica, sans-serif; color: #111827; }
.card { background: #ffffff; border-radius: 10px; box-shadow: 0 1px 3px rgba(0,0,0,.08); padding: 24px; margin: 0 0 16px; }
.card h1 { font-size: 22px; margin: 4px 0 8px; }
.card h2 { font-size: 17px; margin: 0 0 12px; }
.card h3 { font-size: 14px; margin: 18px 0 6px; color: #374151; }
.meta { margin: 0; color: #4b5563; font-size: 13px; letter-spacing: .02em; }
.tenant { margin: 0 0 16px; font-size: 15px; }
.intro { font-size: 14px; line-height: 1.5; color: #374151; }
.deadline { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; margin: 16px 0 0; padding: 12px 14px; background: #fff7ed; border-left: 4px solid #ea580c; font-size: 14px; }
.deadline strong { font-size: 16px; }
button { font: inherit; font-size: 16px; font-weight: bold; padding: 12px 28px; border: 0; border-radius: 8px; background: #1d4ed8; color: #ffffff; cursor: pointer; }
button:hover { background: #1e40af; }
.status { padding: 12px 14px; border-radius: 8px; background: #ecfdf5; border: 1px solid #10b981; color: #065f46; font-weight: bold; }
.facts { border-collapse: collapse; width: 100%; font-size: 14px; }
.facts th { text-align: left; vertical-align: top; font-weight: normal; color: #4b5563; padding: 4px 12px 4px 0; width: 40%; }
.facts td { vertical-align: top; padding: 4px 0; white-space: pre-line; }
.json { font-size: 14px; margin: 18px 0 0; }
.notice-card .notice { padding: 0; max-width: none; }
</style>
</head>
<body>
<main class="page">
<section class="card">
<p class="meta">{{vendorName}} · {{labels.reference}} {{reference}} · {{phase}}</p>
<h1>{{labels.title}}</h1>
<p class="tenant"><strong>{{tenant.name}}</strong> ({{tenant.externalId}})</p>
{{#if acknowledgedText}}
<p class="status" role="status">✓ {{acknowledgedText}}</p>
{{else}}
<p class="intro">{{intro}}</p>
<form method="post" action="{{postUrl}}"><button type="submit">{{labels.button}}</button></form>
{{/if}}
<p class="deadline"><span>{{labels.deadline}}</span><strong>{{deadline}}</strong><span>({{timeZone}})</span></p>
</section>
{{#if sections.length}}
<section class="card">
<h2>{{labels.summary}}</h2>
{{#each sections}}
<h3>{{heading}}</h3>
<table class="facts">
{{#each rows}}<tr><th>{{label}}</th><td>{{value}}</td></tr>
{{/each}}
</table>
{{/each}}
<p class="json"><a href="{{jsonUrl}}">{{labels.json}}</a></p>
</section>
{{/if}}
<section class="card notice-card">
<h2>{{labels.notice}}</h2>
{{{noticeBody}}}
</section>
</main>
</body>
</html>
`,
  { strict: true },
);

interface Section {
  heading: string;
  rows: { label: string; value: string }[];
}

/** Fills `{name}` placeholders; values are taken literally (no `$&` patterns). */
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** The style and the content of the rendered notice email, to show it inside the page as it was sent. */
function noticeParts(html: string): { style: string; body: string } {
  return {
    style: /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '',
    body: /<body>([\s\S]*?)<\/body>/.exec(html)?.[1] ?? '',
  };
}

/** Art. 33(3)(a)–(d) as this tenant needs it for its own filing, in its language; none for a withdrawal. */
function filingSections(summary: LocalizedAckSummary): Section[] {
  if (summary.kind === 'withdrawn') return [];
  const { locale, timeZone } = summary;
  const labels = ACK_PAGE_LABELS[locale];
  const words = LABELS[locale];
  const pending = words.pendingShort;
  const or = (value: string | null) => (value && value.trim() ? value : pending);
  const a = summary.art33.a_nature;
  const categories = inVocabularyOrder(a.dataCategories).map((c) => dataCategoryLabel(c, locale));
  const period =
    a.period.from === null
      ? pending
      : a.period.to === null
        ? fill(words.periodUntilNow, { from: formatDate(a.period.from, locale, timeZone) })
        : fill(words.range, { from: formatDate(a.period.from, locale, timeZone), to: formatDate(a.period.to, locale, timeZone) });
  const contact = summary.art33.b_contactPoint;
  const measures = summary.art33.d_measures;
  return [
    {
      heading: labels.a,
      rows: [
        { label: labels.nature, value: formatList(a.nature.map((n) => natureLabel(n as Nature, locale)), locale) },
        { label: capitalize(words.fields.description), value: or(a.description) },
        { label: capitalize(words.fields.cause), value: or(a.cause) },
        { label: capitalize(words.fields.dataCategories), value: categories.length ? formatList(categories, locale) : pending },
        { label: labels.dataSubjects, value: formatNumber(a.approximateDataSubjects, locale) },
        { label: labels.records, value: formatNumber(a.approximateRecords, locale) },
        { label: capitalize(words.fields.systems), value: a.systems.length ? formatList(a.systems, locale) : pending },
        ...(a.subProcessors.length ? [{ label: labels.subProcessors, value: formatList(a.subProcessors, locale) }] : []),
        { label: capitalize(words.fields.period), value: period },
      ],
    },
    { heading: labels.b, rows: [{ label: localize(contact.name, locale) ?? '', value: [contact.email, contact.phone].filter(Boolean).join('\n') }] },
    { heading: labels.c, rows: [{ label: capitalize(words.fields.consequences), value: or(summary.art33.c_likelyConsequences) }] },
    {
      heading: labels.d,
      rows: [
        { label: capitalize(words.fields.measuresTaken), value: or(measures.taken) },
        { label: capitalize(words.fields.measuresPlanned), value: or(measures.planned) },
        { label: capitalize(words.fields.recommendedActions), value: or(measures.recommendedForController) },
        { label: capitalize(words.fields.subjectActions), value: or(measures.recommendedForDataSubjects) },
      ],
    },
  ];
}

/** The tenant's page behind the link: status or the button, its 72-hour mark, its filing summary and the notice itself. */
export function renderAckPage(summary: LocalizedAckSummary, email: RenderedEmail, token: string): string {
  const { locale, timeZone } = summary;
  const labels = ACK_PAGE_LABELS[locale];
  const notice = noticeParts(email.html);
  return PAGE({
    locale,
    labels,
    reference: summary.reference,
    vendorName: summary.vendor.name,
    phase: phaseLabel({ kind: summary.kind as 'initial' | 'update' | 'withdrawn', updateNumber: summary.version - 1, final: summary.final }, locale),
    tenant: summary.tenant,
    intro: fill(labels.intro, { tenant: summary.tenant.name }),
    acknowledgedText: summary.acknowledgedAt ? fill(labels.acknowledged, { when: formatDateTime(summary.acknowledgedAt, locale, timeZone) }) : '',
    deadline: formatDateTime(summary.timeline.deadlineAt, locale, timeZone),
    timeZone,
    sections: filingSections(summary),
    postUrl: `/ack/${token}`,
    jsonUrl: `/ack/${token}.json`,
    noticeStyle: notice.style,
    noticeBody: notice.body,
  });
}
