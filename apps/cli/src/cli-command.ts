import { CommandRunner } from 'nest-commander';

type Commander = Parameters<CommandRunner['setCommand']>[0];

/** The options every command takes, declared once on the root command (main.ts). */
export interface GlobalOptions {
  json?: boolean;
  url?: string;
  key?: string;
}

/**
 * Every command throws commander's usage errors instead of exiting, so main.ts decides the exit
 * code (2) the same way for the root command and for each subcommand.
 */
export abstract class CliCommand extends CommandRunner {
  override setCommand(command: Commander): this {
    command.exitOverride((error) => {
      throw error;
    });
    return super.setCommand(command);
  }

  /** `--json`: machine output only on stdout (one JSON document), everything else on stderr. */
  protected get json(): boolean {
    return (this.command.optsWithGlobals() as GlobalOptions).json === true;
  }

  /** The answer: as JSON with `--json`, else the human text (lines, a table). */
  protected print(value: unknown, human: () => string): void {
    process.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : human());
  }

  /** A side note for people (a count under a table, where the file went): stderr, so stdout stays the answer. */
  protected note(text: string): void {
    process.stderr.write(`${text}\n`);
  }
}
