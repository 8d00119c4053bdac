import { configFromProcess } from '@app/config';
import { runMigrations } from './data-source';

async function main(): Promise<void> {
  const config = configFromProcess();
  const applied = await runMigrations(config.databaseUrl);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
}

main().catch((error: Error) => {
  console.error(error.name === 'ConfigError' ? error.message : `Migration failed: ${error.message}`);
  process.exit(1);
});
