import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createTestDatabase, freePort, TestDatabase } from '@app/testing';
import { Doubles } from './doubles';
import type { DoublesConfig } from './doubles-host';
import { AppProcess, appMain, ROOT, startApp, startRedis } from './processes';
import { benchIncident } from './seed';

export interface StackOptions {
  /** Names the log files: `<logDir>/<name>-api.log`, … */
  name: string;
  logDir: string;
  logLevel: string;
  doubles?: DoublesConfig;
  /** Extra environment for the apps (rate ceilings, …). */
  env?: Record<string, string>;
  profileDir?: string;
  keep?: boolean;
}

/**
 * Everything one measurement needs, private to it: a fresh migrated database, a private
 * redis-server, the provider doubles, and (on demand) the built API and worker processes.
 */
export class Stack {
  readonly adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  api: AppProcess | null = null;
  workers: AppProcess[] = [];
  apiUrl = '';
  env: Record<string, string> = {};

  private constructor(
    readonly options: StackOptions,
    readonly db: TestDatabase,
    readonly redis: Awaited<ReturnType<typeof startRedis>>,
    readonly doubles: Doubles,
  ) {}

  static async prepare(options: StackOptions): Promise<Stack> {
    const db = await createTestDatabase('bc_bench');
    const migrate = spawnSync(process.execPath, [appMain('migrate')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url },
      encoding: 'utf8',
    });
    if (migrate.status !== 0) {
      await db.drop();
      throw new Error(`migrations failed: ${migrate.stderr || migrate.stdout}`);
    }
    const redis = await startRedis(path.join(options.logDir, options.name));
    const doubles = await Doubles.start(options.doubles);
    return new Stack(options, db, redis, doubles);
  }

  /** Starts the API and `workers` worker processes against this stack; `env` comes last and wins. */
  async startApps(workers = 1, env: Record<string, string> = {}): Promise<void> {
    const port = await freePort();
    const d = this.doubles.endpoints;
    this.apiUrl = `http://127.0.0.1:${port}`;
    this.env = {
      DATABASE_URL: this.db.url,
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: 'bench',
      PORT: String(port),
      PUBLIC_BASE_URL: this.apiUrl,
      SMTP_URL: d.smtpUrl,
      EMAIL_FROM: 'Bench Vendor <security@bench.example>',
      TWILIO_ACCOUNT_SID: d.accountSid,
      TWILIO_AUTH_TOKEN: d.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: d.twilioUrl,
      EMAIL_RATE_PER_SEC: '0',
      SMS_RATE_PER_SEC: '0',
      ADMIN_API_KEY: this.adminKey,
      REQUIRE_APPROVAL: 'false',
      LOG_LEVEL: this.options.logLevel,
      ...this.options.env,
      ...env,
    };
    const logDir = path.join(this.options.logDir, this.options.name);
    this.api = await startApp('api', 'api', this.env, logDir, this.options.profileDir);
    for (let i = 1; i <= workers; i++) this.workers.push(await startApp('worker', `worker${i}`, this.env, logDir, this.options.profileDir));
  }

  async request<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.apiUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${this.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  /** Files, approves and dispatches the bench incident; resolves with its id once dispatch answered 202. */
  async fileAndDispatch(reference: string, channels: ('email' | 'sms' | 'webhook')[]): Promise<string> {
    const incident = await this.request<{ id: string }>('POST', '/v1/incidents', benchIncident(reference, channels));
    // The bench measures sending, not wording: its tenants read six languages, its texts are in English (and one in Polish).
    await this.request('POST', `/v1/incidents/${incident.id}/approve`, { acceptLanguageGaps: true });
    await this.request('POST', `/v1/incidents/${incident.id}/dispatch`);
    return incident.id;
  }

  /** Peak RSS (VmHWM) of each app process, by name. */
  peakRss(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of [this.api, ...this.workers]) if (p) out[p.name] = p.peakRss();
    return out;
  }

  /** Stops the apps (each writes its CPU profile first when profiling). */
  async stopApps(): Promise<void> {
    await Promise.all([this.api, ...this.workers].map((p) => p?.writeProfile()));
    await Promise.all([this.api, ...this.workers].map((p) => p?.stop()));
    this.api = null;
    this.workers = [];
  }

  async close(): Promise<void> {
    await this.stopApps();
    await this.doubles.stop();
    await this.redis.stop();
    if (!this.options.keep) await this.db.drop();
  }
}
