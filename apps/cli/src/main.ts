import 'reflect-metadata';
import { CommandFactory, CommandRunner } from 'nest-commander';
import { Commander } from 'nest-commander/src/constants';
import { CliApi } from './cli-api';
import { GlobalOptions } from './cli-command';
import { describeFailure } from './cli-errors';
import { CliModule } from './cli.module';
import { cliVersion } from './version';

/** commander as nest-commander ships it (the root package's commander is an older one). */
type Command = Parameters<CommandRunner['setCommand']>[0];

/**
 * `breachcast <command>` (`npx breachcast`, `npm run cli --`): the operator's breachcast over the HTTP API.
 * The API and key come from --url/--key, else BREACHCAST_URL/BREACHCAST_API_KEY (a `.env` file is read too).
 */
async function main(): Promise<void> {
  let api: CliApi | null = null;
  const fail = (error: unknown) => {
    const { lines, exitCode } = describeFailure(error, api?.baseUrl ?? null);
    if (lines.length) process.stderr.write(lines.join('\n') + '\n');
    process.exitCode = exitCode;
  };
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: false,
    cliName: 'breachcast',
    version: cliVersion(),
    // Each command's help lists the options every command takes (--json, --url, --key).
    helpConfiguration: { showGlobalOptions: true },
    errorHandler: (error) => {
      throw error;
    },
    serviceErrorHandler: fail,
  });
  api = app.get(CliApi);
  const program = app.get<typeof Commander, Command>(Commander);
  program
    .name('breachcast')
    .description('Run breach notices from the shell: tenants, incidents, their boards, notices, the audit trail and API keys. Exit codes: 0 done, 1 failed, 2 called wrongly.')
    .option('--json', 'machine output: one JSON document on stdout, messages on stderr')
    .option('--url <url>', 'the API, e.g. https://breachcast.example (default: BREACHCAST_URL, else http://localhost:3000)')
    .option('--key <key>', 'the API key (default: BREACHCAST_API_KEY; a key on the command line shows in the process list)')
    .hook('preAction', (_, command) => {
      const { url, key } = command.optsWithGlobals<GlobalOptions>();
      api!.useFlags({ url, key });
    });
  try {
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
