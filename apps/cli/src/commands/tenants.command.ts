import { Command, SubCommand } from 'nest-commander';
import { CliApi, readInput } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError, EXIT } from '../cli-errors';

@SubCommand({
  name: 'import',
  arguments: '<file>',
  description: 'import tenants from JSON ({"tenants": [...]} or an array) or CSV (externalId,name,locale,country,timezone,contacts,exposures; contacts and exposures as JSON); all or nothing',
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

@Command({ name: 'tenants', description: 'manage tenants', subCommands: [TenantsImportCommand] })
export class TenantsCommand extends CliCommand {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
