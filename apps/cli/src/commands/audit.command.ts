import { Command, SubCommand } from 'nest-commander';
import { CliApi } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError } from '../cli-errors';

@SubCommand({ name: 'verify', description: 'check the SHA-256 chain of the audit trail; exits 1 when it is broken' })
export class AuditVerifyCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(): Promise<void> {
    const result = await this.api.client().get<{ ok: boolean; entries: number; firstBadSeq: number | null }>('/v1/audit/verify');
    if (!result.ok) throw new CliError(`audit chain BROKEN at entry ${result.firstBadSeq} (${result.entries} entries checked)`);
    process.stdout.write(`audit chain intact: ${result.entries} entries\n`);
  }
}

@Command({ name: 'audit', description: 'the audit trail', subCommands: [AuditVerifyCommand] })
export class AuditCommand extends CliCommand {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
