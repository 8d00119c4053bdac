import { Command, Option, SubCommand } from 'nest-commander';
import { CliApi, incidentId, parseJsonFile, readInput } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError, EXIT } from '../cli-errors';
import { Progress, progressLine } from '../progress-bar';
import { count } from '../table';
import { IncidentCloseCommand, IncidentUpdateCommand } from './incident-change.command';
import { IncidentListCommand, IncidentPreviewCommand, IncidentShowCommand } from './incident-read.command';

interface Incident {
  id: string;
  reference: string;
  version: number;
  status: string;
}

const POLL_MS = 500;

@SubCommand({
  name: 'file',
  arguments: '<file>',
  description: 'file an incident (JSON as for POST /v1/incidents) as a draft; prints its id; --json: the incident as the API gives it',
  argsDescription: { file: 'the file, or - for standard input' },
})
export class IncidentFileCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([file]: string[], options: { quiet?: boolean }): Promise<void> {
    const body = parseJsonFile(await readInput(file), file);
    const incident = await this.api.client().post<Incident>('/v1/incidents', body);
    this.print(incident, () => (options.quiet ? `${incident.id}\n` : `filed ${incident.reference} as a draft (version ${incident.version}): ${incident.id}\n`));
  }

  @Option({ flags: '-q, --quiet', description: 'print only the id' })
  quiet(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'approve',
  arguments: '<id>',
  description: 'approve the current version (a key of another person than the one that filed it); --json: the incident as the API gives it',
})
export class IncidentApproveCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([id]: string[], options: { acceptLanguageGaps?: boolean }): Promise<void> {
    const body = options.acceptLanguageGaps ? { acceptLanguageGaps: true } : {};
    const incident = await this.api.client().post<Incident>(`/v1/incidents/${incidentId(id)}/approve`, body);
    this.print(incident, () => `approved ${incident.reference} version ${incident.version}\n`);
  }

  @Option({ flags: '--accept-language-gaps', description: 'approve although some readers would get text in another language (the preview lists the gaps)' })
  acceptLanguageGaps(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'dispatch',
  arguments: '<id>',
  description:
    'dispatch the approved version and show progress until every notice has settled; --json: the final progress as the API gives it ({id, version, status} with --no-wait)',
})
export class IncidentDispatchCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([id]: string[], options: { wait?: boolean; timeout?: number }): Promise<void> {
    const client = this.api.client();
    const started = await client.post<{ version: number; status: string }>(`/v1/incidents/${incidentId(id)}/dispatch`, {});
    if (options.wait === false) return this.print(started, () => `dispatching version ${started.version} (${started.status})\n`);
    if (!this.json) process.stdout.write(`dispatching version ${started.version} (${started.status})\n`);
    const deadline = Date.now() + (options.timeout ?? 600) * 1000;
    const tty = process.stderr.isTTY;
    let shown = '';
    for (;;) {
      const progress = await client.get<Progress>(`/v1/incidents/${id}/progress`);
      const line = progressLine(progress);
      if (line !== shown) process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      shown = line;
      if (progress.completedAt) {
        if (tty) process.stderr.write('\n');
        const n = progress.notices;
        return this.print(
          progress,
          () => `done: ${count(n.total)} notices settled — sent ${count(n.sent)}, delivered ${count(n.delivered)}, failed ${count(n.failed)}, bounced ${count(n.bounced)}, undelivered ${count(n.undelivered)}\n`,
        );
      }
      if (Date.now() > deadline) throw new CliError(`not settled after ${options.timeout ?? 600} s; the dispatch goes on (follow it with: incident dispatch ${id})`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  @Option({ flags: '--no-wait', description: 'return once the dispatch has started' })
  wait(): boolean {
    return false;
  }

  @Option({ flags: '--timeout <seconds>', description: 'give up waiting after this many seconds (default 600)' })
  timeout(value: string): number {
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < 1) throw new CliError('--timeout must be a whole number of seconds', EXIT.usage);
    return seconds;
  }
}

@Command({
  name: 'incident',
  description: 'list, show, preview, file, approve, dispatch, update and close incidents',
  subCommands: [
    IncidentListCommand,
    IncidentShowCommand,
    IncidentPreviewCommand,
    IncidentFileCommand,
    IncidentApproveCommand,
    IncidentDispatchCommand,
    IncidentUpdateCommand,
    IncidentCloseCommand,
  ],
})
export class IncidentCommand extends CliCommand {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
