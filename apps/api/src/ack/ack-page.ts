import { LocalizedAckSummary } from '@app/ack';
import { RenderedEmail } from '@app/templates';
import { formatDateTime, phaseLabel } from '@app/wording';
import Handlebars from 'handlebars';
import { ACK_PAGE_LABELS } from './ack-page-labels';
import { deadlineRows, filingBlocks, subjectsArticle } from './ack-page-sections';

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
.facts small { color: #6b7280; }
.facts td.pending { color: #b45309; font-style: italic; }
.authority { font-size: 15px; margin: 0 0 12px; }
.draft label { display: block; font-size: 14px; color: #4b5563; margin: 12px 0 4px; }
.draft input, .draft textarea { box-sizing: border-box; width: 100%; font: inherit; font-size: 14px; line-height: 1.5; padding: 8px 10px; border: 1px solid #d1d5db; border-radius: 6px; background: #f9fafb; color: #111827; }
.draft textarea { min-height: 28em; resize: vertical; }
.download { font-size: 14px; margin: 12px 0 0; }
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
{{#if deadlines.length}}
<section class="card">
<h2>{{labels.deadlines}}</h2>
<p class="authority">{{labels.authority}} {{#if authority}}<a href="{{authority.url}}" rel="noopener noreferrer">{{authority.name}}</a>{{else}}{{labels.authorityUnknown}}{{/if}}</p>
<p class="intro">{{deadlinesIntro}}</p>
<table class="facts">
{{#each deadlines}}<tr><th>{{what}}<br><small>{{basis}}</small></th><td><strong>{{due}}</strong>{{#if note}}<br><small>{{note}}</small>{{/if}}</td></tr>
{{/each}}
</table>
</section>
{{/if}}
{{#if filing.length}}
<section class="card">
<h2>{{labels.filing}}</h2>
<p class="intro">{{labels.filingIntro}}</p>
{{#each filing}}
<h3>{{title}} <small>({{basis}})</small></h3>
<table class="facts">
{{#each rows}}<tr><th>{{label}}</th>{{#if pending}}<td class="pending">{{value}}</td>{{else}}<td>{{value}}</td>{{/if}}</tr>
{{/each}}
</table>
{{/each}}
<p class="json"><a href="{{jsonUrl}}">{{labels.json}}</a></p>
<p class="json"><a href="{{csafUrl}}">{{labels.csaf}}</a></p>
</section>
{{/if}}
{{#if draft}}
<section class="card draft" id="draft">
<h2>{{labels.draft}}</h2>
<p class="intro">{{draftIntro}}</p>
<label for="draft-subject">{{labels.draftSubject}}</label>
<input id="draft-subject" type="text" readonly value="{{draft.subject}}">
<label for="draft-text">{{labels.draftText}}</label>
<textarea id="draft-text" readonly rows="28">{{draft.text}}</textarea>
<p class="download"><a href="{{draftUrl}}" download>{{labels.download}}</a></p>
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

/** Fills `{name}` placeholders; values are taken literally (no `$&` patterns). */
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** The style and the content of the rendered notice email, to show it inside the page as it was sent. */
function noticeParts(html: string): { style: string; body: string } {
  return {
    style: /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '',
    body: /<body>([\s\S]*?)<\/body>/.exec(html)?.[1] ?? '',
  };
}

/**
 * The tenant's page behind the link: status or the button, its 72-hour mark, its authority and deadlines, what
 * each of its reports asks for, the draft of its notice to its people (to copy or download) and the notice itself.
 */
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
    authority: summary.authority,
    deadlinesIntro: fill(labels.deadlinesIntro, { aware: formatDateTime(summary.timeline.awareAt, locale, timeZone) }),
    deadlines: deadlineRows(summary),
    filing: filingBlocks(summary),
    draft: summary.subjectNotice,
    draftIntro: fill(labels.draftIntro, { law: subjectsArticle(summary.regimes, locale) }),
    postUrl: `/ack/${token}`,
    jsonUrl: `/ack/${token}.json`,
    csafUrl: `/ack/${token}.csaf.json`,
    draftUrl: `/ack/${token}/subject-notice.txt?lang=${locale}`,
    noticeStyle: notice.style,
    noticeBody: notice.body,
  });
}
