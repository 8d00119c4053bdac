import { DataSource, DataSourceOptions } from 'typeorm';
import { ApiKeyEntity, AppSecretEntity, AuditEntryEntity } from './entities/access.entity';
import { ConsoleSessionEntity } from './entities/console-session.entity';
import { AffectedTenantEntity, IncidentEntity, IncidentVersionEntity } from './entities/incident.entity';
import { NoticeEntity, NoticeEventEntity, SandboxMessageEntity } from './entities/notice.entity';
import { ContactEntity, ExposureEntity, TenantEntity } from './entities/tenant.entity';
import { Init1763800000000 } from './migrations/1763800000000-init';
import { ConsoleSessions1763900000000 } from './migrations/1763900000000-console-sessions';
import { AuditLookups1764100000000 } from './migrations/1764100000000-audit-lookups';
import { FeedIndex1764200000000 } from './migrations/1764200000000-feed-index';
import { ApiKeyOwners1764300000000 } from './migrations/1764300000000-api-key-owners';
import { NoticeEventDedupe1764330000000 } from './migrations/1764330000000-notice-event-dedupe';
import { ExposureSubjectCategories1764420000000 } from './migrations/1764420000000-exposure-subject-categories';
import { TenantClocks1764500000000 } from './migrations/1764500000000-tenant-clocks';
import { BoardIndexes1764610000000 } from './migrations/1764610000000-board-indexes';
import { WebhookChannel1764700000000 } from './migrations/1764700000000-webhook-channel';
import { ProgressCounters1764720000000 } from './migrations/1764720000000-progress-counters';
import { ProgressFlows1764800000000 } from './migrations/1764800000000-progress-flows';
import { LateTenants1764900000000 } from './migrations/1764900000000-late-tenants';

export const ENTITIES = [
  TenantEntity,
  ContactEntity,
  ExposureEntity,
  IncidentEntity,
  IncidentVersionEntity,
  AffectedTenantEntity,
  NoticeEntity,
  NoticeEventEntity,
  SandboxMessageEntity,
  ApiKeyEntity,
  AuditEntryEntity,
  AppSecretEntity,
  ConsoleSessionEntity,
];

export const MIGRATIONS = [Init1763800000000, ConsoleSessions1763900000000, AuditLookups1764100000000, FeedIndex1764200000000, ApiKeyOwners1764300000000, NoticeEventDedupe1764330000000, ExposureSubjectCategories1764420000000, TenantClocks1764500000000, BoardIndexes1764610000000, WebhookChannel1764700000000, ProgressCounters1764720000000, ProgressFlows1764800000000, LateTenants1764900000000];

export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    extra: { max: poolSize, application_name: 'breachcast' },
  };
}

/** Creates the database named in the URL when it does not exist yet (a fresh machine has none). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new DataSource({ type: 'postgres', url: url.toString() });
  await admin.initialize();
  try {
    const rows = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another process
      });
    }
  } finally {
    await admin.destroy();
  }
}

/** Runs pending migrations; returns the names of those applied. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const ds = new DataSource(dataSourceOptions(databaseUrl, 2));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
