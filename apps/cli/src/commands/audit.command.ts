import { Command, SubCommand } from 'nest-commander';
import { CliApi } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError } from '../cli-errors';
import { count, counted } from '../table';

@SubCommand({ name: 'verify', description: 'check the SHA-256 chain of the audit trail; exits 1 when it is broken; --json: {ok, entries, firstBadSeq, head}' })
export class AuditVerifyCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(): Promise<void> {
    const result = await this.api.client().get<{ ok: boolean; entries: number; firstBadSeq: number | null }>('/v1/audit/verify');
    // A script reads the answer either way; the exit code says whether the chain holds.
    this.print(result, () => (result.ok ? `audit chain intact: ${counted(result.entries, 'entry', 'entries')}\n` : ''));
    if (!result.ok) throw new CliError(`audit chain BROKEN at entry ${result.firstBadSeq} (${count(result.entries)} entries checked)`);
  }
}

@Command({ name: 'audit', description: 'the audit trail', subCommands: [AuditVerifyCommand] })
export class AuditCommand extends CliCommand {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
