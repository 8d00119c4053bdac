import { AppConfig, Env, loadConfig } from '@app/config';
import type { LogDestination } from '@app/observability';
import { runMigrations } from '@app/database';
import { clearRedisPrefix, createTestDatabase, DEFAULT_WAIT_MS, freePort, SmtpSink, TwilioDouble, uniqueQueuePrefix } from '@app/testing';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorker } from '../../apps/worker/src/bootstrap';
import { Api } from './api-client';

/** The approval body of suites that are not about language: approve whatever text some readers get in another language. */
export const ACCEPT_LANGUAGE_GAPS = { acceptLanguageGaps: true } as const;

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TWILIO_SID = 'AC' + 'e2e0'.repeat(8);
export const TWILIO_TOKEN = 'e2e-auth-token-' + 'x'.repeat(17);
export const TWILIO_FROM = '+15005550006';

export interface HarnessOptions {
  env?: Env;
  /** Start a worker in this process (default true). */
  worker?: boolean;
  twilio?: Parameters<typeof TwilioDouble.start>[0];
  /** e.g. `{parse: false}` for suites that only count what arrives. */
  smtp?: Parameters<typeof SmtpSink.start>[0];
  /**
   * Log lines of the API and the worker go here instead of stdout (set LOG_LEVEL in `env`). nestjs-pino
   * keeps one out-of-request logger per process: capture in a suite with a single Harness.
   */
  logs?: LogDestination;
}

/** A whole breachcast on loopback: its own database and queue prefix, a real SMTP sink and a Twilio double. */
export class Harness {
  api!: INestApplication;
  worker: INestApplicationContext | null = null;
  smtp!: SmtpSink;
  twilio!: TwilioDouble;
  config!: AppConfig;
  env!: Env;
  db!: DataSource;
  admin!: Api;
  approver!: Api;
  auditor!: Api;
  baseUrl!: string;
  private dropDb: (() => Promise<void>) | null = null;
  private logs: LogDestination | undefined;

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const h = new Harness();
    const database = await createTestDatabase('bc_e2e');
    h.dropDb = database.drop;
    h.logs = options.logs;
    await runMigrations(database.url);
    h.smtp = await SmtpSink.start(options.smtp);
    h.twilio = await TwilioDouble.start({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, ...options.twilio });
    const port = await freePort();
    h.baseUrl = `http://127.0.0.1:${port}`;
    h.env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: uniqueQueuePrefix(),
      PORT: String(port),
      PUBLIC_BASE_URL: h.baseUrl,
      SMTP_URL: h.smtp.url,
      EMAIL_FROM: 'SMS Vendor Security <security@vendor.example>',
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_FROM,
      TWILIO_API_BASE_URL: h.twilio.url,
      ADMIN_API_KEY: `bc_admin_${randomBytes(16).toString('hex')}`,
      EMAIL_RATE_PER_SEC: '0',
      SMS_RATE_PER_SEC: '0',
      SWEEP_INTERVAL: '1s',
      SEND_BACKOFF_MS: '50',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
      ...options.env,
    };
    h.config = loadConfig(h.env);
    h.api = await createApiApp(h.config, { logs: h.logs });
    await h.api.listen(port, '127.0.0.1');
    if (options.worker !== false) h.worker = await createWorker(h.config, { logs: h.logs });
    h.db = new DataSource({ type: 'postgres', url: database.url, extra: { max: 3 } });
    await h.db.initialize();
    h.admin = new Api(h.baseUrl, h.env.ADMIN_API_KEY!);
    // Different people: the admin key is the bootstrap one (owner `bootstrap`), the others have owners of their own.
    h.approver = (await h.admin.createKey({ name: 'approver', role: 'approver', owner: 'approver@vendor.example' })).api;
    h.auditor = (await h.admin.createKey({ name: 'auditor', role: 'auditor', owner: 'auditor@vendor.example' })).api;
    return h;
  }

  async startWorker(): Promise<INestApplicationContext> {
    this.worker = await createWorker(this.config, { logs: this.logs });
    return this.worker;
  }

  async close(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
    await this.api?.close().catch(() => undefined);
    await this.db?.destroy().catch(() => undefined);
    await this.smtp?.stop().catch(() => undefined);
    await this.twilio?.stop().catch(() => undefined);
    if (this.env?.QUEUE_PREFIX) await clearRedisPrefix(REDIS_URL, this.env.QUEUE_PREFIX).catch(() => undefined);
    await this.dropDb?.().catch(() => undefined);
  }

  /**
   * Files, approves (second key) and dispatches an incident; returns its id. The suites that use it are
   * not about language: the approval accepts any language gaps (test/language-gaps.e2e-spec.ts holds that rule).
   */
  async fileAndDispatch(incident: Record<string, unknown>): Promise<string> {
    const id = (await this.admin.post('/v1/incidents', incident).expect(201)).body.id as string;
    await this.approver.post(`/v1/incidents/${id}/approve`, ACCEPT_LANGUAGE_GAPS).expect(200);
    await this.admin.post(`/v1/incidents/${id}/dispatch`).expect(202);
    return id;
  }

  /**
   * Polls progress until every notice of the current version has settled. Gives up once no notice has
   * been planned or settled for `timeoutMs`: a busy machine may be slow, but never stuck.
   */
  async waitForCompletion(id: string, timeoutMs = DEFAULT_WAIT_MS): Promise<Record<string, any>> {
    let deadline = Date.now() + timeoutMs;
    let headway = -1;
    let last: Record<string, any> = {};
    while (Date.now() < deadline) {
      last = (await this.admin.get(`/v1/incidents/${id}/progress`).expect(200)).body;
      if (last.completedAt) return last;
      const { total, pending, queued, sending } = last.notices;
      const now = 2 * total - pending - queued - sending;
      if (now !== headway) {
        headway = now;
        deadline = Date.now() + timeoutMs;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`incident ${id} did not complete: nothing moved for ${timeoutMs} ms: ${JSON.stringify(last)}`);
  }

  async notices(incidentId: string): Promise<any[]> {
    const items = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: any[]; nextCursor: string | null } } = await this.admin
        .get(`/v1/notices?incidentId=${incidentId}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }
}

export interface Scenario {
  about: string;
  tenants: any[];
  incident: Record<string, any>;
  expected: { affected: string[] };
}

const SCENARIO_DIR = join(__dirname, '..', '..', 'demo', 'scenarios');

export function scenarios(): { file: string; scenario: Scenario }[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, scenario: JSON.parse(readFileSync(join(SCENARIO_DIR, file), 'utf8')) as Scenario }));
}

export function scenario(name: string): Scenario {
  return JSON.parse(readFileSync(join(SCENARIO_DIR, `${name}.json`), 'utf8')) as Scenario;
}
