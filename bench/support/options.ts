/** Command-line options of `npm run bench -- …`. */
export interface BenchOptions {
  /** Fan-out sizes in tenants. */
  sizes: number[];
  /** Which parts run: fanout, delivery, ceiling, webhooks, webhook, board, progress, scale. */
  only: Set<Part>;
  /** Notices per channel in the delivery run (and callbacks in the webhooks run, events in the webhook run). */
  deliveryCount: number;
  /** Sends in flight in the delivery run: the worker's SEND_CONCURRENCY and the bare loops' in-flight count alike. */
  deliveryConcurrency: number;
  ceilingSeconds: number;
  ceilingRate: number;
  /** After the fan-out is queued, keep watching deliveries this long (for the chart). */
  drainSeconds: number;
  webhookConnections: number;
  /** Affected tenants of the board run's incident. */
  boardTenants: number;
  /** Affected tenants of the progress run's incident (its rows written with SQL). */
  progressTenants: number;
  /** The scale part's measuring window: at most this many seconds once every notice exists and 5 % were accepted. */
  scaleSeconds: number;
  logLevel: string;
  /** Keep the bench databases (to inspect them) instead of dropping them. */
  keep: boolean;
  /** `node --cpu-prof` for the spawned api/worker processes; profiles land in bench/results/profiles.tmp. */
  cpuProf: boolean;
  resultsDir: string;
  /** Build and measure this commit instead of the working tree's dist/. */
  commit: string | null;
  /** Rewrite report.md and throughput.png from results.json, run nothing. */
  reportOnly: boolean;
  /** Extra environment for the apps (`--env SEND_CONCURRENCY=20`), for experiments. */
  env: Record<string, string>;
}

/** `webhooks`: signed status callbacks into the API; `webhook`: the webhook channel's sends against bare signed POSTs. */
export type Part = 'fanout' | 'delivery' | 'ceiling' | 'webhooks' | 'webhook' | 'board' | 'progress' | 'scale';
const PARTS: Part[] = ['fanout', 'delivery', 'ceiling', 'webhooks', 'webhook', 'board', 'progress', 'scale'];

const USAGE = `npm run bench -- [--sizes 1000,10000,100000,1000000] [--only fanout,delivery,ceiling,webhooks,webhook,board,progress,scale]
  [--delivery-count 5000] [--delivery-concurrency 32] [--ceiling-seconds 60] [--ceiling-rate 20] [--drain-seconds 20]
  [--webhook-connections 20] [--board-tenants 100000] [--progress-tenants 1000000] [--scale-seconds 90] [--log-level info] [--keep] [--cpu-prof] [--results bench/results] [--commit HEAD] [--env NAME=value]… [--report-only]`;

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    sizes: [1000, 10_000, 100_000, 1_000_000],
    only: new Set(PARTS),
    deliveryCount: 5000,
    deliveryConcurrency: 32,
    ceilingSeconds: 60,
    ceilingRate: 20,
    drainSeconds: 20,
    webhookConnections: 20,
    boardTenants: 100_000,
    progressTenants: 1_000_000,
    scaleSeconds: 90,
    logLevel: 'info',
    keep: false,
    cpuProf: false,
    resultsDir: 'bench/results',
    commit: null,
    env: {},
    reportOnly: false,
  };
  const positiveInt = (flag: string, value: string | undefined): number => {
    const n = Number((value ?? '').replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string | undefined => argv[++i];
    switch (flag) {
      case '--sizes':
        options.sizes = (value() ?? '').split(',').map((s) => positiveInt('--sizes', s.trim().replace(/k$/i, '000').replace(/m$/i, '000000')));
        break;
      case '--only': {
        const parts = (value() ?? '').split(',').map((s) => s.trim());
        const bad = parts.filter((p) => !PARTS.includes(p as Part));
        if (bad.length) throw new Error(`--only: unknown part ${bad.join(', ')} (${PARTS.join(', ')})`);
        options.only = new Set(parts as Part[]);
        break;
      }
      case '--delivery-count':
        options.deliveryCount = positiveInt(flag, value());
        break;
      case '--delivery-concurrency':
        options.deliveryConcurrency = Math.max(1, positiveInt(flag, value()));
        break;
      case '--ceiling-seconds':
        options.ceilingSeconds = positiveInt(flag, value());
        break;
      case '--ceiling-rate':
        options.ceilingRate = positiveInt(flag, value());
        break;
      case '--drain-seconds':
        options.drainSeconds = positiveInt(flag, value());
        break;
      case '--webhook-connections':
        options.webhookConnections = positiveInt(flag, value());
        break;
      case '--progress-tenants':
        options.progressTenants = Math.max(1, positiveInt(flag, (value() ?? '').replace(/k$/i, '000').replace(/m$/i, '000000')));
        break;
      case '--scale-seconds':
        options.scaleSeconds = Math.max(5, positiveInt(flag, value()));
        break;
      case '--board-tenants':
        options.boardTenants = Math.max(1, positiveInt(flag, (value() ?? '').replace(/k$/i, '000')));
        break;
      case '--log-level':
        options.logLevel = value() ?? 'info';
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--report-only':
        options.reportOnly = true;
        break;
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--env': {
        const [key, ...rest] = (value() ?? '').split('=');
        if (!/^[A-Z_][A-Z0-9_]*$/.test(key) || rest.length === 0) throw new Error(`--env needs NAME=value\n${USAGE}`);
        options.env[key] = rest.join('=');
        break;
      }
      case '--commit':
        options.commit = value() ?? 'HEAD';
        break;
      case '--results':
        options.resultsDir = value() ?? options.resultsDir;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}
