import 'reflect-metadata';
import { configFromProcessOrExit } from '@app/config';
import { writeFileSync } from 'node:fs';
import { createApiApp } from './bootstrap';
import { apiDocument } from './ops/api-docs';

/**
 * `npm run openapi -- [file]`: writes the OpenAPI document of the built API (default `openapi.json`) without
 * listening on a port. The app initialises as the API does, so it reads the configuration and needs the
 * database of DATABASE_URL (migrated) and Redis.
 */
async function main(): Promise<void> {
  const file = process.argv[2] ?? 'openapi.json';
  const app = await createApiApp({ ...configFromProcessOrExit(), logLevel: 'warn' });
  try {
    await app.init();
    writeFileSync(file, `${JSON.stringify(apiDocument(app), null, 2)}\n`);
    process.stdout.write(`wrote the OpenAPI document to ${file}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
