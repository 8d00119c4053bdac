import { Command, Option, SubCommand } from 'nest-commander';
import { CliApi, UUID } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError, EXIT } from '../cli-errors';
import { table, when } from '../table';

interface KeyRow {
  id: string;
  name: string;
  role: string;
  owner: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const ROLES = ['admin', 'approver', 'auditor'];
const json = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

@SubCommand({ name: 'list', description: 'every API key with its role, owner, creation, last use and revocation (never the key itself)' })
export class KeysListCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(_: string[], options: { json?: boolean }): Promise<void> {
    const result = await this.api.client().get<{ items: KeyRow[] }>('/v1/api-keys');
    if (options.json) return json(result);
    const header = ['id', 'name', 'role', 'owner', 'created', 'last used', 'revoked'];
    process.stdout.write(table([header, ...result.items.map((k) => [k.id, k.name, k.role, k.owner, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)])]));
  }

  @Option({ flags: '--json', description: 'print the API answer as JSON' })
  json(): boolean {
    return true;
  }
}

@SubCommand({ name: 'create', description: 'create a key for a person; the key is printed this once (it is stored hashed)' })
export class KeysCreateCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(_: string[], options: { name: string; role: string; owner: string; json?: boolean }): Promise<void> {
    const created = await this.api.client().post<{ id: string; key: string; name: string; role: string; owner: string }>('/v1/api-keys', {
      name: options.name,
      role: options.role,
      owner: options.owner,
    });
    if (options.json) return json(created);
    process.stdout.write(`created key ${created.id} (${created.name}, role ${created.role}, owner ${created.owner}); it is shown this once:\n${created.key}\n`);
  }

  @Option({ flags: '--name <name>', description: 'what the key is for, e.g. "approver: Jan Kowalski"', required: true })
  name(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: 'admin, approver or auditor', required: true })
  role(value: string): string {
    if (!ROLES.includes(value)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`, EXIT.usage);
    return value;
  }

  @Option({ flags: '--owner <owner>', description: 'the person who will hold the key, e.g. an email; four eyes means two owners', required: true })
  owner(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print {id, key, name, role, owner} as JSON' })
  json(): boolean {
    return true;
  }
}

@SubCommand({ name: 'revoke', arguments: '<id>', description: 'revoke a key: it is refused from then on and its console sessions end' })
export class KeysRevokeCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([id]: string[], options: { json?: boolean }): Promise<void> {
    if (!UUID.test(id)) throw new CliError(`${id} is not a key id (a UUID, as printed by "keys list")`, EXIT.usage);
    await this.api.client().delete(`/v1/api-keys/${id}`);
    if (options.json) return json({ id, revoked: true });
    process.stdout.write(`revoked key ${id}\n`);
  }

  @Option({ flags: '--json', description: 'print {id, revoked} as JSON' })
  json(): boolean {
    return true;
  }
}

@Command({ name: 'keys', description: 'list, create and revoke API keys (admin)', subCommands: [KeysListCommand, KeysCreateCommand, KeysRevokeCommand] })
export class KeysCommand extends CliCommand {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
