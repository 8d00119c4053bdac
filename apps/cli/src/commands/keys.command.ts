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

@SubCommand({ name: 'list', description: 'every API key with its role, owner, creation, last use and revocation (never the key itself); --json: {items}' })
export class KeysListCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(): Promise<void> {
    const result = await this.api.client().get<{ items: KeyRow[] }>('/v1/api-keys');
    const header = ['id', 'name', 'role', 'owner', 'created', 'last used', 'revoked'];
    this.print(result, () => table([header, ...result.items.map((k) => [k.id, k.name, k.role, k.owner, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)])]));
  }
}

@SubCommand({ name: 'create', description: 'create a key for a person; the key is printed this once (it is stored hashed); --json: {id, key, name, role, owner}' })
export class KeysCreateCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(_: string[], options: { name: string; role: string; owner: string }): Promise<void> {
    const created = await this.api.client().post<{ id: string; key: string; name: string; role: string; owner: string }>('/v1/api-keys', {
      name: options.name,
      role: options.role,
      owner: options.owner,
    });
    this.print(created, () => `created key ${created.id} (${created.name}, role ${created.role}, owner ${created.owner}); it is shown this once:\n${created.key}\n`);
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
}

@SubCommand({ name: 'revoke', arguments: '<id>', description: 'revoke a key: it is refused from then on and its console sessions end; --json: {id, revoked}' })
export class KeysRevokeCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    if (!UUID.test(id)) throw new CliError(`${id} is not a key id (a UUID, as printed by "keys list")`, EXIT.usage);
    await this.api.client().delete(`/v1/api-keys/${id}`);
    this.print({ id, revoked: true }, () => `revoked key ${id}\n`);
  }
}

@Command({ name: 'keys', description: 'list, create and revoke API keys (admin)', subCommands: [KeysListCommand, KeysCreateCommand, KeysRevokeCommand] })
export class KeysCommand extends CliCommand {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
