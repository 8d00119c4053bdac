import { Command, Option, SubCommand } from 'nest-commander';
import { CliApi, readInput } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError, EXIT } from '../cli-errors';

@SubCommand({
  name: 'import',
  arguments: '<file>',
  description:
    'import tenants from JSON ({"tenants": [...]} or an array) or CSV (externalId,name,locale,country,timezone,contacts,exposures,regimes,noticeDeadlineHours; contacts and exposures as JSON, regimes separated by ; or |, the last three optional); all or nothing',
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
    process.stdout.write(`imported ${result.imported} tenants (${result.created} new, ${result.updated} updated) from ${parsed.format.toUpperCase()}\n`);
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

@SubCommand({ name: 'show', arguments: '<externalId>', description: 'one tenant: its language, zone, regimes in effect, notice deadline, contacts and exposures' })
export class TenantsShowCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([externalId]: string[], options: { json?: boolean }): Promise<void> {
    const t = await this.api.client().get<Tenant>(`/v1/tenants/${encodeURIComponent(externalId)}`);
    if (options.json) return void process.stdout.write(`${JSON.stringify(t, null, 2)}\n`);
    const lines = [
      `${t.externalId}: ${t.name}`,
      `  language ${t.locale}, country ${t.country}, zone ${t.timezone}`,
      `  regimes ${t.regimes.join(', ')}`,
      `  notice deadline ${t.noticeDeadlineHours === null ? 'the default (NOTICE_DEADLINE_DEFAULT)' : `${t.noticeDeadlineHours} h`}`,
      `  contacts ${t.contacts.map((c) => `${c.role} (priority ${c.priority ?? 1})`).join(', ')}`,
      `  exposures ${t.exposures.map((e) => e.system).join(', ') || '-'}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }

  @Option({ flags: '--json', description: 'print the tenant as the API gives it' })
  json(): boolean {
    return true;
  }
}

@Command({ name: 'tenants', description: 'manage tenants', subCommands: [TenantsImportCommand, TenantsShowCommand] })
export class TenantsCommand extends CliCommand {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
