import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option, SubCommand } from 'nest-commander';
import { CliApi, incidentId } from '../cli-api';
import { CliCommand } from '../cli-command';

@SubCommand({ name: 'export', description: 'export the notices of an incident with their events, as CSV (default) or NDJSON' })
export class NoticesExportCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(_: string[], options: { incident: string; format: 'csv' | 'ndjson'; out?: string }): Promise<void> {
    const query = new URLSearchParams({ incidentId: incidentId(options.incident), format: options.format });
    const response = await this.api.client().stream(`/v1/notices/export?${query}`);
    const body = Readable.fromWeb(response.body as never);
    if (!options.out) {
      await pipeline(body, process.stdout, { end: false });
      return;
    }
    await pipeline(body, createWriteStream(options.out));
    process.stderr.write(`wrote ${options.format.toUpperCase()} to ${options.out}\n`);
  }

  @Option({ flags: '--incident <id>', description: 'the incident', required: true })
  incident(value: string): string {
    return value;
  }

  @Option({ flags: '--format <format>', description: 'csv or ndjson', choices: ['csv', 'ndjson'], defaultValue: 'csv' })
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
