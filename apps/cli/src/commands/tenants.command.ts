import { Command, Option, SubCommand } from 'nest-commander';
import { CliApi, readInput } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError, EXIT } from '../cli-errors';
import { count, counted, table } from '../table';

@SubCommand({
  name: 'import',
  arguments: '<file>',
  description:
    'import tenants from JSON ({"tenants": [...]} or an array) or CSV (externalId,name,locale,country,timezone,contacts,exposures,regimes,noticeDeadlineHours; contacts and exposures as JSON, regimes separated by ; or |, the last three optional); all or nothing; --json: {imported, created, updated, format}',
  argsDescription: { file: 'the file, or - for standard input' },
})
export class TenantsImportCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    // Loaded here, not at start: the domain library is heavy and only this command needs its file parser.
    const { parseTenantFile } = await import('@app/tenants');
    const parsed = parseTenantFile(await readInput(file));
    if (parsed.problems.length) {
      const details = parsed.problems.map((p) => (p.index !== undefined ? `row ${p.index + 1}: ${p.field.replace(/^tenants\[\d+\]\.?/, '') || '(row)'}: ${p.message}` : p.message));
      throw new CliError(`${file} cannot be read as a tenant file; nothing was imported`, EXIT.failure, details);
    }
    const result = await this.api.client().post<{ imported: number; created: number; updated: number }>('/v1/tenants/import', { tenants: parsed.tenants });
    this.print({ ...result, format: parsed.format }, () => `imported ${counted(result.imported, 'tenant')} (${count(result.created)} new, ${count(result.updated)} updated) from ${parsed.format.toUpperCase()}\n`);
  }
}

interface Tenant {
  externalId: string;
  name: string;
  locale: string;
  country: string;
  timezone: string;
  regimes: string[];
  noticeDeadlineHours: number | null;
  contacts: { role: string; email?: string; phone?: string; priority?: number }[];
  exposures: { system: string }[];
}

@SubCommand({
  name: 'show',
  arguments: '<externalId>',
  description: 'one tenant: its language, zone, regimes in effect, notice deadline, contacts and exposures; --json: the tenant as the API gives it',
})
export class TenantsShowCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([externalId]: string[]): Promise<void> {
    const t = await this.api.client().get<Tenant>(`/v1/tenants/${encodeURIComponent(externalId)}`);
    this.print(t, () => showTenant(t));
  }
}

function showTenant(t: Tenant): string {
  const lines = [
      `${t.externalId}: ${t.name}`,
      `  language ${t.locale}, country ${t.country}, zone ${t.timezone}`,
      `  regimes ${t.regimes.join(', ')}`,
      `  notice deadline ${t.noticeDeadlineHours === null ? 'the default (NOTICE_DEADLINE_DEFAULT)' : `${t.noticeDeadlineHours} h`}`,
      `  contacts ${t.contacts.map((c) => `${c.role} (priority ${c.priority ?? 1})`).join(', ')}`,
      `  exposures ${t.exposures.map((e) => e.system).join(', ') || '-'}`,
  ];
  return lines.join('\n') + '\n';
}

interface TenantSummary {
  externalId: string;
  name: string;
  locale: string;
  country: string;
  timezone: string;
  contacts: number;
  exposures: number;
}

const PAGE = 1000;

@SubCommand({
  name: 'list',
  description: 'tenants by externalId with their language, country, zone and how many contacts and exposures each has; --json: {items, more}',
})
export class TenantsListCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(_: string[], options: { search?: string; limit?: number }): Promise<void> {
    const client = this.api.client();
    const limit = options.limit ?? 100;
    const items: TenantSummary[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: String(Math.min(PAGE, limit - items.length)), ...(options.search ? { search: options.search } : {}) });
      if (cursor) query.set('cursor', cursor);
      const page: { items: TenantSummary[]; nextCursor: string | null } = await client.get(`/v1/tenants?${query}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < limit);
    this.print({ items, more: cursor !== null }, () => {
      if (items.length === 0) return `no tenant${options.search ? ` matches ${JSON.stringify(options.search)}` : ''}\n`;
      this.note(`${counted(items.length, 'tenant')}${cursor ? ' (more: raise --limit)' : ''}`);
      const header = ['tenant', 'name', 'language', 'country', 'zone', 'contacts', 'exposures'];
      return table([header, ...items.map((t) => [t.externalId, t.name, t.locale, t.country, t.timezone, count(t.contacts), count(t.exposures)])], [5, 6]);
    });
  }

  @Option({ flags: '--search <text>', description: 'only tenants whose externalId or name contains this text' })
  search(value: string): string {
    return value;
  }

  @Option({ flags: '--limit <n>', description: 'at most this many tenants (default 100)' })
  limit(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new CliError('--limit must be a whole number from 1', EXIT.usage);
    return n;
  }
}

@Command({ name: 'tenants', description: 'list, show and import tenants', subCommands: [TenantsListCommand, TenantsShowCommand, TenantsImportCommand] })
export class TenantsCommand extends CliCommand {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
