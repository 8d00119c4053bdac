import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option, SubCommand } from 'nest-commander';
import { CliApi, incidentId } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError, EXIT } from '../cli-errors';

@SubCommand({
  name: 'export',
  description:
    'export the notices of an incident with their events, as CSV (default) or NDJSON; --json: NDJSON on standard output, or {out, format} once written with --out',
})
export class NoticesExportCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(_: string[], options: { incident: string; format?: 'csv' | 'ndjson'; out?: string }): Promise<void> {
    if (this.json && !options.out && options.format === 'csv') throw new CliError('--json writes NDJSON to standard output: give --out for a CSV file', EXIT.usage);
    const format = options.format ?? (this.json && !options.out ? 'ndjson' : 'csv');
    const query = new URLSearchParams({ incidentId: incidentId(options.incident), format });
    const response = await this.api.client().stream(`/v1/notices/export?${query}`);
    const body = Readable.fromWeb(response.body as never);
    if (!options.out) {
      await pipeline(body, process.stdout, { end: false });
      return;
    }
    await pipeline(body, createWriteStream(options.out));
    if (this.json) this.print({ out: options.out, format }, () => '');
    else this.note(`wrote ${format.toUpperCase()} to ${options.out}`);
  }

  @Option({ flags: '--incident <id>', description: 'the incident', required: true })
  incident(value: string): string {
    return value;
  }

  @Option({ flags: '--format <format>', description: 'csv (the default) or ndjson (one JSON notice a line; the default with --json)', choices: ['csv', 'ndjson'] })
  format(value: string): string {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'write to this file instead of standard output' })
  out(value: string): string {
    return value;
  }
}

@Command({ name: 'notices', description: 'the notices sent', subCommands: [NoticesExportCommand] })
export class NoticesCommand extends CliCommand {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
