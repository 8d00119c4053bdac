import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { Commander } from 'nest-commander/src/constants';
import type { Command } from 'commander';
import { CliApi } from './cli-api';
import { describeFailure } from './cli-errors';
import { CliModule } from './cli.module';

/** `npm run cli -- <command>`: the operator's breachcast over the HTTP API (BREACHCAST_URL, BREACHCAST_API_KEY). */
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
    errorHandler: (error) => {
      throw error;
    },
    serviceErrorHandler: fail,
  });
  api = app.get(CliApi);
  app.get<typeof Commander, Command>(Commander).name('breachcast');
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
