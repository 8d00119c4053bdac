import type { BoardResult } from '../scenarios/board.bench';
import type { CeilingResult } from '../scenarios/ceiling.bench';
import type { DeliveryResult } from '../scenarios/delivery.bench';
import type { FanoutResult } from '../scenarios/fanout.bench';
import type { WebhookChannelResult } from '../scenarios/webhook.bench';
import type { ProgressResult } from '../scenarios/progress.bench';
import type { ScaleResult } from '../scenarios/scale.bench';
import type { WebhookResult } from '../scenarios/webhooks.bench';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  redis: string;
  loadAtStart: string;
}

/** Each figure keeps the time of the run it came from: parts not run again keep their earlier figures. */
type Ran<T> = T & { ranAt?: string };

export interface BenchResults {
  startedAt: string;
  machine: Machine;
  fanout: Ran<FanoutResult>[];
  delivery: Ran<DeliveryResult>[];
  ceiling: Ran<CeilingResult> | null;
  webhooks: Ran<WebhookResult> | null;
  webhookChannel?: Ran<WebhookChannelResult> | null;
  board?: Ran<BoardResult> | null;
  progress?: Ran<ProgressResult> | null;
  scale?: Ran<ScaleResult>[];
}

const when = (r: { ranAt?: string }) => (r.ranAt ? r.ranAt.slice(0, 16).replace('T', ' ') : '');

const MiB = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const n0 = (n: number) => Math.round(n).toLocaleString('en');
const s1 = (n: number) => n.toFixed(1);
const s2 = (n: number) => n.toFixed(2);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

export function fanoutTable(rows: Ran<FanoutResult>[]): string {
  const lines = [
    '| tenants | notices (email + sms) | planned | queued | first accept | notices/s | COPY baseline rows/s | addBulk baseline jobs/s | peak RSS api / worker | Redis peak (addBulk baseline) | load 1/5/15 | ran (UTC) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${n0(r.tenants)} | ${n0(r.notices.total)} (${n0(r.notices.email)} + ${n0(r.notices.sms)}) | ${s1(r.plannedSeconds)} s | ${s1(r.queuedSeconds)} s | ${s2(r.firstAcceptSeconds)} s | ${n0(r.noticesPerSecond)} | ${n0(r.copy.perSecond)} (${s1(r.copy.seconds)} s) | ${n0(r.bull.perSecond)} (${s1(r.bull.seconds)} s) | ${MiB(r.peakRss.api ?? 0)} / ${MiB(r.peakRss.worker1 ?? 0)} MiB | ${MiB(r.redisPeakBytes)} MiB (${MiB(r.bull.redisBytes)} MiB) | ${r.load.after} | ${when(r)} |`,
    );
  }
  return lines.join('\n');
}

export function deliveryTable(rows: DeliveryResult[]): string {
  const lines = [
    '| channel | notices | in flight | end to end /s | bare loop /s | ratio | worker CPU per notice | PostgreSQL / Redis CPU per notice | bare loop CPU per message | worker peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const ms = (value: number | undefined) => (value === undefined ? '–' : `${s2(value)} ms`);
  for (const r of rows) {
    lines.push(
      `| ${r.channel} | ${n0(r.e2e.count)} | ${r.concurrency} | ${n0(r.e2e.perSecond)} | ${n0(r.bare.perSecond)} | ${s2(r.ratio)}× | ${s2(r.workerCpuMsPerNotice ?? 0)} ms | ${ms(r.postgresCpuMsPerNotice)} / ${ms(r.redisCpuMsPerNotice)} | ${ms(r.bareCpuMsPerMessage)} | ${MiB(r.workerPeakRss)} MiB |`,
    );
  }
  return lines.join('\n');
}

export function ceilingTable(c: CeilingResult): string {
  return [
    '| ceiling | workers | seconds | SMS accepted | mean /s | max /s (whole seconds) | max in any 1 s window | 429s at the double | worker CPU | load 1/5/15 |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${c.rate}/s | ${c.workers} | ${c.seconds} | ${n0(c.sent)} | ${s2(c.meanPerSecond)} | ${c.maxPerSecond} | ${c.maxSlidingSecond} | ${c.tooManyRequests} | ${(c.workerCpuPercent ?? []).map((p) => `${p.toFixed(0)} %`).join(' + ')} | ${c.load} |`,
  ].join('\n');
}

export function webhookTable(w: WebhookResult): string {
  return [
    '| callbacks | connections | callbacks/s | p50 | p99 | non-2xx | errors | notices delivered | API peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${n0(w.requests)} | ${w.connections} | ${n0(w.perSecond)} | ${w.latencyP50} ms | ${w.latencyP99} ms | ${w.non2xx} | ${w.errors} | ${n0(w.delivered)} of ${n0(w.notices)} | ${MiB(w.apiPeakRss)} MiB |`,
  ].join('\n');
}

/** Page times of the board: one row per state, both orders, first page and halfway. */
export function boardTable(b: BoardResult): string {
  const lines = ['| state | due: first page | due: halfway | problems: first page | problems: halfway |', '|---|---:|---:|---:|---:|'];
  const cell = (order: string, state: string | null, page: string) => {
    const c = b.cases.find((x) => x.order === order && x.state === state && x.page === page);
    return c ? `${c.ms.toFixed(0)} ms (${c.items})` : '–';
  };
  for (const state of [...new Set(b.cases.map((c) => c.state))]) {
    lines.push(`| ${state ?? 'all'} | ${cell('due', state, 'first')} | ${cell('due', state, 'middle')} | ${cell('problems', state, 'first')} | ${cell('problems', state, 'middle')} |`);
  }
  return lines.join('\n');
}

/** Throughput at vendor scale: one row per size and channel, the bare loop of the same run beside it. */
export function scaleTable(rows: Ran<ScaleResult>[]): string {
  const lines = [
    '| tenants | channel | notices | planned | steady /s (window) | bare loop /s | ratio | CPU per notice: worker / PostgreSQL / Redis / API | `GET …/progress` p50 / p95 / max | notice heap / indexes, dead tuples | load 1/5/15 | ran (UTC) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const s of rows) {
    for (const r of s.runs) {
      const c = r.cpuMsPerNotice;
      lines.push(
        `| ${n0(s.tenants)} | ${r.channel} | ${n0(r.notices)} | ${s1(r.plannedSeconds)} s | ${n0(r.steady.perSecond)} (${n0(r.steady.fromSeconds)}–${n0(r.steady.toSeconds)} s${r.drained ? ', to 95 %' : ''}) | ${n0(r.bare.perSecond)} | ${s2(r.ratio)}× | ${s2(c.worker)} / ${s2(c.postgres)} / ${s2(c.redis)} / ${s2(c.api)} ms | ${n0(r.progress.p50)} / ${r.progress.p95 === undefined ? '–' : n0(r.progress.p95)} / ${n0(r.progress.max)} ms | ${n0(r.tables.noticeMiB)} / ${n0(r.tables.noticeIndexesMiB)} MiB, ${n0(r.tables.noticeDeadTuples)} | ${r.load.after} | ${when(s)} |`,
      );
    }
  }
  return lines.join('\n');
}

/** The busiest statements of each scale run's window (pg_stat_statements, nested statements included). */
export function scaleStatements(rows: Ran<ScaleResult>[]): string {
  const out: string[] = [];
  for (const s of rows) {
    for (const r of s.runs) {
      out.push('', `**${n0(s.tenants)} tenants, ${r.channel}**, ${n0(r.steady.accepts)} accepts in ${s1(r.steady.seconds)} s; active backends in ${r.activity.samples} samples: ${Object.entries(r.activity.waits).sort((a, b) => b[1] - a[1]).map(([w, n]) => `${w} ${n}`).join(', ')}`, '');
      if (!r.statements) {
        out.push('(pg_stat_statements not loaded: most seen active)', '', ...r.activity.queries.map((q) => `- ${q.seen} × \`${q.query.replace(/`/g, "'")}\``));
        continue;
      }
      out.push('| total ms | calls | mean ms | rows | statement |', '|---:|---:|---:|---:|---|');
      for (const st of r.statements.slice(0, 8)) {
        out.push(`| ${n0(st.totalMs)} | ${n0(st.calls)} | ${st.meanMs.toFixed(2)} | ${n0(st.rows)} | ${st.toplevel ? '' : '(nested) '}\`${st.query.slice(0, 160).replace(/`/g, "'").replace(/\|/g, '\\|')}\` |`);
      }
    }
  }
  return out.join('\n');
}

/** The goals of issue 7, each checked against this run. */
export function targets(r: BenchResults): string[] {
  const out: string[] = [];
  for (const f of r.fanout) {
    const limit = f.tenants >= 1_000_000 ? 600 : f.tenants >= 100_000 ? 60 : null;
    if (limit !== null) {
      out.push(`${n0(f.tenants)} tenants planned and queued ≤ ${limit} s: ${s1(Math.max(f.plannedSeconds, f.queuedSeconds))} s, ${mark(Math.max(f.plannedSeconds, f.queuedSeconds) <= limit)}`);
    }
    if (f.tenants >= 1_000_000) {
      const rss = Math.max(...Object.values(f.peakRss));
      out.push(`${n0(f.tenants)} tenants peak RSS ≤ 512 MiB per process: ${MiB(rss)} MiB, ${mark(rss <= 512 * 2 ** 20)}`);
      out.push(`${n0(f.tenants)} tenants Redis ≤ 256 MiB: ${MiB(f.redisPeakBytes)} MiB, ${mark(f.redisPeakBytes <= 256 * 2 ** 20)}`);
    }
    out.push(`${n0(f.tenants)} tenants first accept ≤ 1 s after dispatch: ${s2(f.firstAcceptSeconds)} s, ${mark(f.firstAcceptSeconds <= 1)}`);
  }
  for (const d of r.delivery) out.push(`${d.channel} end to end ≥ 0.7× the bare loop: ${s2(d.ratio)}×, ${mark(d.ratio >= 0.7)}`);
  if (r.ceiling) {
    const c = r.ceiling;
    out.push(`SMS ceiling held within 5 %: mean ${s2(c.meanPerSecond)}/s of ${c.rate}/s, ${mark(c.meanPerSecond >= c.rate * 0.95)}`);
    out.push(`SMS ceiling never exceeded: max ${c.maxSlidingSecond} in any second, ${c.tooManyRequests} × 429, ${mark(c.maxSlidingSecond <= c.rate && c.tooManyRequests === 0)}`);
  }
  for (const sc of r.scale ?? []) {
    for (const run of sc.runs) out.push(`${n0(sc.tenants)} tenants, ${run.channel} only, steady rate ≥ 0.7× the bare loop: ${s2(run.ratio)}×, ${mark(run.ratio >= 0.7)}`);
  }
  const small = (r.scale ?? []).find((x) => x.tenants === 10_000);
  const large = (r.scale ?? []).find((x) => x.tenants === 100_000);
  for (const run of large?.runs ?? []) {
    const base = small?.runs.find((x) => x.channel === run.channel);
    if (base) out.push(`${run.channel} at 100,000 tenants ≥ 0.9× the rate at 10,000: ${s2(run.steady.perSecond / base.steady.perSecond)}×, ${mark(run.steady.perSecond >= 0.9 * base.steady.perSecond)}`);
  }
  if (r.webhookChannel) out.push(`webhook channel end to end ≥ 0.7× bare signed POSTs: ${s2(r.webhookChannel.ratio)}×, ${mark(r.webhookChannel.ratio >= 0.7)}`);
  if (r.webhooks) out.push(`webhooks lose no update: ${n0(r.webhooks.delivered)} of ${n0(r.webhooks.notices)} delivered, ${mark(r.webhooks.delivered === r.webhooks.notices)}`);
  if (r.board) {
    const slowest = Math.max(...r.board.cases.map((c) => c.ms));
    out.push(`board of ${n0(r.board.tenants)} tenants: every page ≤ 250 ms: slowest ${slowest.toFixed(0)} ms, ${mark(slowest <= 250)}`);
  }
  if (r.progress) {
    const p = r.progress;
    out.push(`progress call at ${n0(p.tenants)} tenants while sending < 20 ms: p50 ${s1(p.http.p50)} ms, p95 ${s1(p.http.p95)} ms, ${mark(p.http.p95 < 20)}; counters exact: ${mark(p.exact)}`);
  }
  return out;
}

export function reportMarkdown(r: BenchResults): string {
  const m = r.machine;
  const parts = [
    '# breachcast benchmark report',
    '',
    `Last run started ${r.startedAt} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB; Node ${m.node}, ${m.postgres}, Redis ${m.redis}; load at start ${m.loadAtStart}.`,
    'Times are seconds after the version\'s `dispatched_at`. Every baseline ran in the same run on the same data size.',
  ];
  if (r.fanout.length) parts.push('', '## Fan-out', '', fanoutTable(r.fanout), '', '![throughput](throughput.png)');
  if (r.delivery.length) parts.push('', '## Delivery', '', `Ran ${r.delivery.map(when).join(', ')} UTC.`, '', deliveryTable(r.delivery));
  if (r.ceiling) parts.push('', '## Ceiling', '', `Ran ${when(r.ceiling)} UTC.`, '', ceilingTable(r.ceiling));
  if (r.webhooks) parts.push('', '## Webhooks', '', `Ran ${when(r.webhooks)} UTC.`, '', webhookTable(r.webhooks));
  if (r.webhookChannel) {
    const w = r.webhookChannel;
    parts.push(
      '',
      '## Webhook channel',
      '',
      `Ran ${when(w)} UTC. Signed CloudEvents to one local receiver (plain http, WEBHOOK_ALLOW_INSECURE), against a bare loop of Standard Webhooks–signed POSTs of the same size to the same receiver with as many in flight.`,
      '',
      '| events | in flight | body | end to end /s | bare signed POSTs /s | ratio | worker CPU per notice | worker peak RSS |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${n0(w.e2e.count)} | ${w.concurrency} | ${n0(w.bodyBytes)} B | ${n0(w.e2e.perSecond)} | ${n0(w.bare.perSecond)} | ${s2(w.ratio)}× | ${s2(w.workerCpuMsPerNotice)} ms | ${MiB(w.workerPeakRss)} MiB |`,
    );
  }
  if (r.board) {
    const b = r.board;
    parts.push(
      '',
      '## Per-tenant board',
      '',
      `Ran ${when(b)} UTC; load ${b.load}. ${n0(b.tenants)} affected tenants (${n0(b.mix.sent)} told, ${n0(b.mix.late)} late, ${n0(b.mix.acknowledged)} acknowledged, ${n0(b.mix.failed)} failed notices); pages of ${b.limit}, median of 5 requests over HTTP (items on the page).`,
      '',
      boardTable(b),
      '',
      `CSV export of the whole board: ${n0(b.csv.rows)} rows in ${s1(b.csv.seconds)} s.`,
    );
  }
  if (r.progress) {
    const p = r.progress;
    const t = (x: { p50: number; p95: number; max: number; runs: number }) => `${s1(x.p50)} / ${s1(x.p95)} / ${s1(x.max)} ms (${x.runs} runs)`;
    parts.push(
      '',
      '## Progress while sending',
      '',
      `Ran ${when(p)} UTC; load ${p.load}. ${n0(p.tenants)} affected tenants, ${n0(p.notices)} notices: ${p.seeded}; meanwhile ${n0(p.writesPerSecond)} status writes/s in batches of 100.`,
      '',
      '| read | p50 / p95 / max |',
      '|---|---:|',
      `| GET /v1/incidents/{id}/progress over HTTP (counters) | ${t(p.http)} |`,
      `| the old full count (GROUP BY over every notice, tenant counts), SQL only | ${t(p.fullCount)} |`,
      '',
      `Counters equal to a full count after the writes stopped: ${p.exact ? 'yes' : '**no**'}; ${n0(p.deltasAtEnd)} deltas not folded at the end` +
        (p.deltasDuringCalls !== undefined ? `, ${n0(p.deltasDuringCalls)} while the calls were timed (after ${p.warmupSeconds} s of sending, a worker folding on its schedule).` : ' (no worker ran the fold).'),
      ...(p.statements?.length
        ? ['', 'The call\'s statements as PostgreSQL timed them (pg_stat_statements, mean per call):', '', '| mean | calls | statement |', '|---:|---:|---|',
           ...p.statements.map((st) => `| ${st.meanMs.toFixed(2)} ms | ${st.calls} | \`${st.query.replace(/\|/g, '\\|')}\` |`)]
        : []),
    );
  }
  if (r.scale?.length) {
    parts.push(
      '',
      '## Throughput at scale',
      '',
      'One channel-only incident per row through the API and one worker (ceilings off), tenants seeded as the fan-out seeds them; the rate is taken once every notice exists and 5 % were accepted, until 95 % or the window closes. The bare loop ran in the same database and doubles just before.',
      '',
      scaleTable(r.scale),
      scaleStatements(r.scale),
    );
  }
  parts.push('', '## Targets', '', ...targets(r).map((t) => `- ${t}`), '');
  return parts.join('\n');
}
