/**
 * `npm run bench -- [options]`: builds, then measures fan-out, delivery, ceilings, webhooks (callbacks in, the webhook channel out)
 * against their bare baselines and the per-tenant board's page times, and writes bench/results/{report.md,results.json,throughput.png}.
 * Parts not run this time keep their figures from results.json (each row says when it ran).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DEFAULT_PG_ADMIN_URL } from '@app/testing';
import { lineChartSvg, movingAverage, svgToPng } from './report/chart';
import { BenchResults, reportMarkdown } from './report/report.writer';
import { runBoard } from './scenarios/board.bench';
import { runProgress } from './scenarios/progress.bench';
import { runScale } from './scenarios/scale.bench';
import { runCeiling } from './scenarios/ceiling.bench';
import { runDelivery } from './scenarios/delivery.bench';
import { runFanout } from './scenarios/fanout.bench';
import { runWebhookChannel } from './scenarios/webhook.bench';
import { runWebhooks } from './scenarios/webhooks.bench';
import { parseOptions } from './support/options';
import { buildCommit, ROOT, snapshotBuild } from './support/processes';
import { Stack } from './support/stack';
import { loadAverage } from './support/timeline';

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function machine(): Promise<BenchResults['machine']> {
  const pg = new Client({ connectionString: DEFAULT_PG_ADMIN_URL });
  await pg.connect();
  const { rows } = await pg.query('SHOW server_version');
  await pg.end();
  const redis = /v=(\S+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 'unknown';
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: `PostgreSQL ${rows[0].server_version}`,
    redis,
    loadAtStart: loadAverage(),
  };
}

function previous(file: string): Partial<BenchResults> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchResults>;
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const resultsDir = path.resolve(ROOT, options.resultsDir);
  const base = {
    logDir: path.join(resultsDir, 'logs.tmp'),
    logLevel: options.logLevel,
    profileDir: options.cpuProf ? path.join(resultsDir, 'profiles.tmp') : undefined,
    keep: options.keep,
    env: options.env,
  };
  mkdirSync(resultsDir, { recursive: true });
  if (base.profileDir) mkdirSync(base.profileDir, { recursive: true });
  const build = options.reportOnly ? 'none' : options.commit ? `commit ${buildCommit(options.commit)}` : (snapshotBuild(), 'working tree');
  const file = path.join(resultsDir, 'results.json');
  const before = previous(file);
  const ranAt = new Date().toISOString();
  const results: BenchResults = {
    startedAt: options.reportOnly ? (before.startedAt ?? ranAt) : ranAt,
    machine: options.reportOnly && before.machine ? before.machine : await machine(),
    fanout: before.fanout ?? [],
    delivery: before.delivery ?? [],
    ceiling: before.ceiling ?? null,
    webhooks: before.webhooks ?? null,
    webhookChannel: before.webhookChannel ?? null,
    board: before.board ?? null,
    progress: before.progress ?? null,
    scale: before.scale ?? [],
  };
  log(`build: ${build}; machine: ${results.machine.cpus} CPUs, load ${results.machine.loadAtStart}; logs in ${base.logDir}`);
  const save = () => {
    results.fanout.sort((a, b) => a.tenants - b.tenants);
    results.scale?.sort((a, b) => a.tenants - b.tenants);
    writeFileSync(file, JSON.stringify(results, null, 1) + '\n');
    writeFileSync(path.join(resultsDir, 'report.md'), reportMarkdown(results));
    const largest = results.fanout[results.fanout.length - 1];
    if (largest) {
      // Pages take seconds at a million tenants: average over about a hundredth of the run, at least 5 s.
      const window = Math.max(5, Math.round(largest.timeline.planned.length / 100));
      const svg = lineChartSvg(
        `Fan-out of ${largest.tenants.toLocaleString('en')} tenants (${largest.notices.total.toLocaleString('en')} notices)`,
        [
          { label: 'notices planned', color: '#1f77b4', values: movingAverage(largest.timeline.planned, window) },
          { label: 'notices queued', color: '#ff7f0e', values: movingAverage(largest.timeline.queued, window) },
          { label: 'accepted by SMTP + Twilio', color: '#2ca02c', values: movingAverage(largest.timeline.accepted, window) },
        ],
        'seconds after dispatch',
        `notices per second (${window} s moving average)`,
      );
      writeFileSync(path.join(resultsDir, 'throughput.png'), svgToPng(svg));
    }
  };

  if (options.reportOnly) {
    save();
    log(`report rewritten from ${path.relative(ROOT, file)}`);
    return;
  }
  if (options.only.has('fanout')) {
    for (const tenants of [...options.sizes].sort((a, b) => a - b)) {
      log(`fan-out: ${tenants.toLocaleString('en')} tenants`);
      const r = { ...(await runFanout(tenants, base, options.drainSeconds, log)), ranAt };
      results.fanout = [...results.fanout.filter((f) => f.tenants !== tenants), r];
      log(`fan-out ${tenants}: planned ${r.plannedSeconds.toFixed(1)} s, queued ${r.queuedSeconds.toFixed(1)} s, first accept ${r.firstAcceptSeconds.toFixed(2)} s`);
      save();
    }
  }
  if (options.only.has('scale')) {
    for (const tenants of [...options.sizes].sort((a, b) => a - b)) {
      log(`scale: ${tenants.toLocaleString('en')} tenants, email-only then SMS-only`);
      const r = {
        ...(await runScale(tenants, base, { windowSeconds: options.scaleSeconds, bareCount: options.deliveryCount, concurrency: options.deliveryConcurrency }, log)),
        ranAt,
      };
      results.scale = [...(results.scale ?? []).filter((s) => s.tenants !== tenants), r];
      save();
    }
  }
  if (options.only.has('delivery') || options.only.has('webhooks')) {
    for (const channel of ['email', 'sms'] as const) {
      if (channel === 'email' && !options.only.has('delivery')) continue;
      const stack = await Stack.prepare({ ...base, name: `delivery-${channel}` });
      try {
        log(`delivery: ${options.deliveryCount} ${channel} notices, ${options.deliveryConcurrency} in flight`);
        const d = { ...(await runDelivery(stack, channel, options.deliveryCount, options.deliveryConcurrency, log)), ranAt };
        if (options.only.has('delivery')) results.delivery = [...results.delivery.filter((x) => x.channel !== channel), d];
        if (channel === 'sms' && options.only.has('webhooks')) {
          log(`webhooks: ${options.deliveryCount} signed callbacks over ${options.webhookConnections} connections`);
          results.webhooks = { ...(await runWebhooks(stack, d.incidentId, options.webhookConnections)), ranAt } as BenchResults['webhooks'];
        }
      } finally {
        await stack.close();
      }
      save();
    }
  }
  if (options.only.has('webhook')) {
    const stack = await Stack.prepare({ ...base, name: 'webhook-channel' });
    try {
      log(`webhook channel: ${options.deliveryCount} events, ${options.deliveryConcurrency} in flight`);
      results.webhookChannel = { ...(await runWebhookChannel(stack, options.deliveryCount, options.deliveryConcurrency, log)), ranAt };
    } finally {
      await stack.close();
    }
    save();
  }
  if (options.only.has('ceiling')) {
    log(`ceiling: SMS_RATE_PER_SEC=${options.ceilingRate} for ${options.ceilingSeconds} s with 2 workers`);
    results.ceiling = { ...(await runCeiling(options.ceilingRate, options.ceilingSeconds, base, log)), ranAt } as BenchResults['ceiling'];
    save();
  }
  if (options.only.has('board')) {
    log(`board: ${options.boardTenants.toLocaleString('en')} affected tenants`);
    results.board = { ...(await runBoard(options.boardTenants, base, log)), ranAt } as BenchResults['board'];
  }
  if (options.only.has('progress')) {
    log(`progress: ${options.progressTenants.toLocaleString('en')} affected tenants while sending`);
    results.progress = { ...(await runProgress(options.progressTenants, base, log)), ranAt } as BenchResults['progress'];
    save();
  }
  save();
  log(`report: ${path.relative(ROOT, path.join(resultsDir, 'report.md'))}`);
  if (!existsSync(path.join(resultsDir, 'throughput.png'))) log('no fan-out figures yet, so no chart');
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
