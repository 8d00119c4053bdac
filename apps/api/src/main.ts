import 'reflect-metadata';
import { configFromProcessOrExit } from '@app/config';
import { exitUnlessSchemaReady } from '@app/database';
import { exitCleanlyOnSignals } from '@app/observability';
import { Logger } from '@nestjs/common';
import { createApiApp } from './bootstrap';
import { DOCS_PATH } from './ops/api-docs';
import { QUEUES_BOARD_PATH } from './ops/queues-board.module';

async function main(): Promise<void> {
  const config = configFromProcessOrExit();
  await exitUnlessSchemaReady(config.databaseUrl);
  const app = await createApiApp(config);
  // HOST unset: every interface (IPv4 and IPv6), as Node listens by default.
  try {
    if (config.host === null) await app.listen(config.port);
    else await app.listen(config.port, config.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') throw error;
    const where = `${config.host ?? 'every interface'}, port ${config.port}`;
    console.error(code === 'EADDRINUSE' ? `Cannot listen on ${where}: another program uses the port; stop it or set PORT.` : `Cannot listen on ${where} (${code}): set HOST to an address of this machine, or PORT to another port.`);
    process.exit(1);
  }
  const logger = new Logger('API');
  const where = config.host === null ? `port ${config.port} on every interface` : `${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  logger.log(`breachcast API listening on ${where}; public base ${config.publicBaseUrl}`);
  exitCleanlyOnSignals(app, logger, 'finishing requests in flight');
  logger.log(`OpenAPI at ${config.publicBaseUrl}/${DOCS_PATH}, metrics at /metrics, queues at ${QUEUES_BOARD_PATH} (admins)`);
}

void main();
