import { Command, Option } from 'nest-commander';
import { CliApi, incidentId } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError, EXIT } from '../cli-errors';
import { count, counted, table, when } from '../table';

interface BoardItem {
  tenant: string;
  name: string;
  regimes: string[];
  dueAt: string | null;
  firstSentAt: string | null;
  late: boolean;
  acknowledgedAt: string | null;
  escalated: boolean;
  notices: Record<'total' | 'sent' | 'delivered' | 'failed' | 'bounced' | 'undelivered', number>;
}

const STATES = ['unsent', 'late', 'unacknowledged', 'acknowledged', 'failed'];
const ORDERS = ['due', 'problems'];
const PAGE = 500;

/** `2 sent, 1 failed`: each status with notices, those not settled yet as queued. */
function delivery(n: BoardItem['notices']): string {
  const settled = n.sent + n.delivered + n.failed + n.bounced + n.undelivered;
  const parts = [
    ...(n.total > settled ? [`${count(n.total - settled)} queued`] : []),
    ...(['delivered', 'sent', 'failed', 'bounced', 'undelivered'] as const).filter((s) => n[s] > 0).map((s) => `${count(n[s])} ${s}`),
  ];
  return parts.length ? parts.join(', ') : 'none';
}

@Command({
  name: 'board',
  arguments: '<incidentId>',
  description:
    "every affected tenant of the incident's current version: due time, first notice, late, acknowledgement, escalation, delivery; --json: {version, items, more}",
  argsDescription: { incidentId: 'the incident' },
})
export class BoardCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([id]: string[], options: { state?: string; order?: string; limit?: number }): Promise<void> {
    const client = this.api.client();
    const items: BoardItem[] = [];
    let version = 0;
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: String(Math.min(PAGE, options.limit ?? PAGE)), ...(options.state ? { state: options.state } : {}), ...(options.order ? { order: options.order } : {}) });
      if (cursor) query.set('cursor', cursor);
      const page: { version: number; items: BoardItem[]; nextCursor: string | null } = await client.get(`/v1/incidents/${incidentId(id)}/tenants?${query}`);
      version = page.version;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && (options.limit === undefined || items.length < options.limit));
    const shown = options.limit === undefined ? items : items.slice(0, options.limit);
    if (this.json) return this.print({ version, items: shown, more: cursor !== null }, () => '');
    if (shown.length === 0) return void process.stdout.write(`no tenant${options.state ? ` is ${options.state}` : ''} in version ${version}\n`);
    const header = ['tenant', 'due', 'first sent', 'late', 'acknowledged', 'escalated', 'regimes', 'notices'];
    const rows = shown.map((i) => [i.tenant, when(i.dueAt), when(i.firstSentAt), i.late ? 'LATE' : '-', when(i.acknowledgedAt), i.escalated ? 'yes' : '-', i.regimes.join(','), delivery(i.notices)]);
    process.stdout.write(table([header, ...rows]));
    const late = shown.filter((i) => i.late).length;
    this.note(`${counted(shown.length, 'tenant')}${cursor ? ' (more: raise --limit)' : ''}, ${count(late)} late, version ${version}`);
  }

  @Option({ flags: '--state <state>', description: `only these tenants: ${STATES.join(', ')}` })
  state(value: string): string {
    if (!STATES.includes(value)) throw new CliError(`--state must be one of ${STATES.join(', ')}`, EXIT.usage);
    return value;
  }

  @Option({ flags: '--order <order>', description: 'due (soonest due first, the default) or problems (failed, bounced or undelivered first)' })
  order(value: string): string {
    if (!ORDERS.includes(value)) throw new CliError(`--order must be ${ORDERS.join(' or ')}`, EXIT.usage);
    return value;
  }

  @Option({ flags: '--limit <n>', description: 'at most this many tenants (default: all)' })
  limit(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new CliError('--limit must be a whole number from 1', EXIT.usage);
    return n;
  }
}
