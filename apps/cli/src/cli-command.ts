import { CommandRunner } from 'nest-commander';

type Commander = Parameters<CommandRunner['setCommand']>[0];

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
}
