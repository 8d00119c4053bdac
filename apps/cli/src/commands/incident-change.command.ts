import { Option, SubCommand } from 'nest-commander';
import { CliApi, incidentId, parseJsonFile, readInput } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError, EXIT } from '../cli-errors';

interface Incident {
  id: string;
  reference: string;
  version: number;
  status: string;
}

@SubCommand({
  name: 'update',
  arguments: '<id> <file>',
  description:
    'file the next version as a draft: the changed fields and a changeSummary (JSON as for POST /v1/incidents/{id}/updates); it goes out after approval and dispatch; --json: the incident as the API gives it',
  argsDescription: { id: 'the incident', file: 'the file, or - for standard input' },
})
export class IncidentUpdateCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([id, file]: string[], options: { summary?: string; final?: boolean }): Promise<void> {
    incidentId(id);
    const parsed = parseJsonFile(await readInput(file), file);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`${file} must hold one JSON object: the changed fields and changeSummary`);
    const body = { ...(parsed as Record<string, unknown>), ...(options.summary !== undefined ? { changeSummary: options.summary } : {}), ...(options.final ? { final: true } : {}) };
    const incident = await this.api.client().post<Incident>(`/v1/incidents/${id}/updates`, body);
    this.print(incident, () => `filed update ${incident.version - 1} of ${incident.reference} as a draft (version ${incident.version}); approve and dispatch it to send it\n`);
  }

  @Option({ flags: '--summary <text>', description: 'the changeSummary (instead of the one in the file)' })
  summary(value: string): string {
    return value;
  }

  @Option({ flags: '--final', description: 'the final update: it announces no next update' })
  final(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'close',
  arguments: '<id>',
  description: 'close the incident: no more updates, dispatches or escalations; --json: the incident as the API gives it',
})
export class IncidentCloseCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([id]: string[], options: { yes?: boolean }): Promise<void> {
    if (!options.yes) throw new CliError('closing ends updates, dispatches and escalations for good: add --yes to close it', EXIT.usage);
    const incident = await this.api.client().post<Incident & { closedAt: string }>(`/v1/incidents/${incidentId(id)}/close`, {});
    this.print(incident, () => `closed ${incident.reference} at version ${incident.version}\n`);
  }

  @Option({ flags: '-y, --yes', description: 'yes, close it (closing cannot be undone)' })
  yes(): boolean {
    return true;
  }
}
