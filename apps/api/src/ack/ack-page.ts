import { AckSummary } from '@app/incidents';
import { dataCategoryLabel, formatDateTime, formatNumber, Locale } from '@app/templates';
import Handlebars from 'handlebars';

const hbs = Handlebars.create();

const PAGE = hbs.compile(
  `<!doctype html>
<html lang="{{locale}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{{reference}} — {{title}}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}dt{font-weight:600;margin-top:.6rem}dd{margin:0}
.box{border:1px solid #d0d7de;border-radius:8px;padding:1rem 1.2rem;margin:1rem 0}
.ok{background:#e6f4ea;border-color:#34a853}button{font-size:1rem;padding:.6rem 1.4rem;border-radius:6px;border:0;background:#0b57d0;color:#fff;cursor:pointer}
</style></head><body>
<p>{{reference}} · version {{version}}</p>
<h1>{{title}}</h1>
<p>For <strong>{{tenant.name}}</strong> ({{tenant.externalId}})</p>
{{#if acknowledgedAt}}<div class="box ok" role="status">Receipt acknowledged on {{acknowledgedAtText}}.</div>{{/if}}
<div class="box"><dl>
<dt>Vendor became aware</dt><dd>{{awareAtText}}</dd>
<dt>Your 72-hour mark (vendor's estimate; you decide whether to notify your authority)</dt><dd>{{deadlineText}}</dd>
<dt>Nature</dt><dd>{{nature}}</dd>
{{#if description}}<dt>What happened</dt><dd>{{description}}</dd>{{/if}}
<dt>Your data concerned</dt><dd>{{categories}}</dd>
<dt>Approximate data subjects / records</dt><dd>{{subjects}} / {{records}}</dd>
<dt>Systems</dt><dd>{{systems}}</dd>
<dt>Period</dt><dd>{{period}}</dd>
<dt>Likely consequences</dt><dd>{{pending consequences}}</dd>
<dt>Measures taken</dt><dd>{{pending measuresTaken}}</dd>
<dt>Recommended actions for you</dt><dd>{{pending recommended}}</dd>
<dt>Contact point</dt><dd>{{contact.name}} {{contact.email}} {{contact.phone}}</dd>
</dl></div>
{{#unless acknowledgedAt}}
<form method="post" action="{{postUrl}}"><button type="submit">Confirm receipt</button></form>
{{/unless}}
<p><a href="{{jsonUrl}}">Filing summary as JSON (GDPR Art. 33(3)(a)–(d))</a></p>
</body></html>`,
  { strict: false },
);

hbs.registerHelper('pending', (value: unknown) => (value ? String(value) : 'Pending — expected with the next update'));

export function renderAckPage(summary: AckSummary & { locale: Locale; timeZone: string }, token: string): string {
  const locale = summary.locale;
  const zone = summary.timeZone;
  const facts = summary.art33.a_nature;
  return PAGE({
    ...summary,
    locale,
    awareAtText: formatDateTime(summary.timeline.awareAt, locale, zone),
    deadlineText: formatDateTime(summary.timeline.deadlineAt, locale, zone),
    acknowledgedAtText: summary.acknowledgedAt ? formatDateTime(summary.acknowledgedAt, locale, zone) : '',
    nature: facts.nature.join(', '),
    description: facts.description,
    categories: facts.dataCategories.map((c) => dataCategoryLabel(c as never, locale)).join(', ') || '—',
    subjects: formatNumber(facts.approximateDataSubjects, locale),
    records: formatNumber(facts.approximateRecords, locale),
    systems: [...facts.systems, ...facts.subProcessors].join(', ') || '—',
    period: `${facts.period.from ?? '…'} – ${facts.period.to ?? 'now'}`,
    consequences: summary.art33.c_likelyConsequences,
    measuresTaken: summary.art33.d_measures.taken,
    recommended: summary.art33.d_measures.recommendedForController,
    contact: summary.art33.b_contactPoint,
    postUrl: `/ack/${token}`,
    jsonUrl: `/ack/${token}.json`,
  });
}
