import 'reflect-metadata';
import { ConfigError, configFromProcess, demoConfigFromProcess } from '@app/config';
import { runMigrations } from '@app/database';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EMAIL_STATUS_NOTE, showAckAndEscalation } from './demo/ack-and-escalation';
import { busyPortProblems } from './demo/ports';
import { missingServiceProblems } from './demo/services';
import { DemoWebhookEndpoint } from './demo-webhook';
import { HttpClient } from './http-client';

/**
 * `npm run demo`: migrate, start the API and a worker on the sandbox, load the demo tenants,
 * file the SMS-archive incident, approve it with a second key, dispatch, follow progress, print a summary,
 * and keep serving until Ctrl-C.
 */
const root = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = resolve(dir, '..');
  return dir;
})();

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill('SIGTERM'));
process.once('SIGINT', () => (stopAll(), setTimeout(() => process.exit(0), 1500)));
process.once('SIGTERM', () => (stopAll(), setTimeout(() => process.exit(0), 1500)));

function start(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(root, 'dist', script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `  [${name}] ${l}\n`)
      .join('');
  child.stdout!.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) {
      console.error(`${name} exited with code ${code}; stopping the demo`);
      stopAll();
      process.exit(1);
    }
  });
  children.push(child);
  return child;
}

const pad = (s: unknown, n: number) => String(s ?? '').slice(0, n).padEnd(n);
const mask = (channel: string, to: string) =>
  channel === 'sms' ? to.slice(0, 3) + '*'.repeat(Math.max(0, to.length - 5)) + to.slice(-2) : channel === 'webhook' ? to : to.replace(/^(.)[^@]*/, '$1**');

async function main(): Promise<void> {
  const config = configFromProcess();
  const demo = demoConfigFromProcess();
  const ports = [{ port: config.port, variable: 'PORT', what: 'the API and console' }];
  if (config.bounceSmtpPort !== null) ports.push({ port: config.bounceSmtpPort, variable: 'BOUNCE_SMTP_PORT', what: 'the bounce listener' });
  const busy = await busyPortProblems(ports, demo.host);
  if (!busy.length) busy.push(...(await missingServiceProblems(config.databaseUrl, config.redisUrl)));
  if (busy.length) {
    busy.forEach((line) => console.error(line));
    process.exit(1);
  }
  console.log('breachcast demo: everything below stays on this machine (sandbox email and SMS).\n');
  console.log('breachcast demo: everything below stays on this machine (sandbox email and SMS, a webhook served by the demo itself).\n');
  const applied = await runMigrations(config.databaseUrl);
  console.log(applied.length ? `✔ database migrated (${applied.join(', ')})` : '✔ database schema up to date');

  const adminKey = config.adminApiKey ?? `bc_demo_${randomBytes(18).toString('base64url')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ADMIN_API_KEY: adminKey,
    SMTP_URL: '',
    TWILIO_ACCOUNT_SID: '',
    TWILIO_AUTH_TOKEN: '',
    HOST: demo.host,
    ESCALATE_AFTER: demo.escalateAfter,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SWEEP_INTERVAL: process.env.SWEEP_INTERVAL ?? '2s',
    // One demo tenant's webhook is served by this process on 127.0.0.1: plain http to loopback, for this demo only.
    WEBHOOK_SANDBOX: 'false',
    WEBHOOK_ALLOW_INSECURE: 'true',
  };
  const endpoint = await DemoWebhookEndpoint.start();
  start('api', 'apps/api/src/main.js', env);
  start('worker', 'apps/worker/src/main.js', env);
  const base = `http://${demo.host === '0.0.0.0' || demo.host === '::' ? '127.0.0.1' : demo.host.includes(':') ? `[${demo.host}]` : demo.host}:${config.port}`;
  const admin = new HttpClient(base, adminKey);
  await admin.waitForHealth(180_000); // a busy machine can take a minute to start both processes
  console.log(`✔ API up at ${config.publicBaseUrl}, worker started`);

  const approverKey = (await admin.post<{ key: string }>('/v1/api-keys', { name: `demo approver ${new Date().toISOString()}`, role: 'approver', owner: 'demo approver' })).key;
  const approver = new HttpClient(base, approverKey);
  console.log('✔ second key (role approver) created for the four-eyes approval');

  const dir = join(root, 'demo', 'scenarios');
  const scenarios = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  const tenants = scenarios.flatMap((s) => s.tenants);
  const scenario = scenarios.find((s) => s.incident.reference === 'INC-2023-0419')!;
  // One affected tenant's security team takes notices in its own tool: a webhook served by this process.
  const hooked = tenants.find((t) => t.externalId === scenario.expected.affected[0]);
  hooked.contacts.push({ role: 'siem', name: 'Security operations', webhook: endpoint.url, priority: hooked.contacts[0]?.priority ?? 1 });
  const imported = await admin.post<{ imported: number }>('/v1/tenants/import', { tenants });
  console.log(`✔ ${imported.imported} demo tenants loaded from ${scenarios.length} scenarios`);
  endpoint.useSecret((await admin.post<{ secret: string }>(`/v1/tenants/${hooked.externalId}/webhook-secret`, {})).secret);
  console.log(`✔ ${hooked.externalId} takes signed webhooks at ${endpoint.url} (served by this demo); its signing secret was created`);

  const existing = (await admin.get<{ items: { reference: string }[] }>('/v1/incidents?limit=1000')).items.filter((i) => i.reference.startsWith('INC-2023-0419'));
  const reference = existing.length ? `INC-2023-0419-R${existing.length + 1}` : 'INC-2023-0419';
  const channels = [...new Set([...(scenario.incident.channels ?? ['email']), 'webhook'])];
  const incident = await admin.post<{ id: string; version: number }>('/v1/incidents', { ...scenario.incident, reference, channels });
  console.log(`✔ incident ${reference} filed as a draft (${incident.id})`);

  type LanguageGap = { locale: string; fields: string[]; tenants: number };
  const preview = await admin.get<{ affectedTenants: number; plannedNotices: { email: number; sms: number; webhook: number }; samples: { tenant: string }[]; languageGaps: LanguageGap[] }>(
    `/v1/incidents/${incident.id}/preview?limit=10`,
  );
  console.log(
    `✔ preview: ${preview.affectedTenants} affected tenants (${preview.samples.map((s) => s.tenant).join(', ')}); ` +
      `${preview.plannedNotices.email} emails, ${preview.plannedNotices.sms} SMS and ${preview.plannedNotices.webhook} webhook events planned (expected: ${scenario.expected.affected.join(', ')})`,
  );
  // The demo data translates title and description for its readers (pl, de); the other texts are in English only.
  const gaps = preview.languageGaps.filter((g) => g.fields.length > 0);
  for (const g of preview.languageGaps) {
    console.log(`  ${g.locale}: ${g.tenants} tenant(s), ${g.fields.length ? `shown in another language: ${g.fields.join(', ')}` : 'every text in their language'}`);
  }
  await approver.post(`/v1/incidents/${incident.id}/approve`, gaps.length ? { acceptLanguageGaps: true } : {});
  console.log(
    gaps.length
      ? `✔ approved by the second key, accepting the language gaps above (${gaps.map((g) => g.locale).join(', ')}): those readers get those texts in English`
      : '✔ approved by the second key',
  );
  await admin.post(`/v1/incidents/${incident.id}/dispatch`, {});
  console.log('✔ dispatched: notices are planned and queued by the worker\n');

  type Progress = { status: string; affectedTenants: number; notices: Record<string, number>; completedAt: string | null };
  let progress: Progress;
  const started = Date.now();
  for (;;) {
    progress = await admin.get<Progress>(`/v1/incidents/${incident.id}/progress`);
    const n = progress.notices;
    const done = n.sent + n.delivered + n.failed + n.bounced + n.undelivered;
    const width = 30;
    const filled = n.total ? Math.round((done / n.total) * width) : 0;
    process.stdout.write(
      `\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${n.total} settled · ${progress.status} · ` +
        `queued ${n.queued} sending ${n.sending} sent ${n.sent} delivered ${n.delivered} failed ${n.failed + n.bounced + n.undelivered}   `,
    );
    if (progress.completedAt) break;
    if (Date.now() - started > 120_000) throw new Error('the dispatch did not complete within 2 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`\n\n✔ every notice settled in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  await showAckAndEscalation(admin, base, { incidentId: incident.id, tenants, affected: scenario.expected.affected, ...demo });
  console.log('');

  const notices = await admin.get<{ items: { tenant: string; contactRole: string; channel: string; to: string; status: string; subject: string | null }[] }>(
    `/v1/notices?incidentId=${incident.id}&limit=1000`,
  );
  console.log(`${pad('tenant', 16)} ${pad('contact', 10)} ${pad('channel', 7)} ${pad('to', 26)} ${pad('status', 10)} subject`);
  console.log('-'.repeat(110));
  for (const n of notices.items.sort((a, b) => a.tenant.localeCompare(b.tenant) || a.channel.localeCompare(b.channel))) {
    console.log(`${pad(n.tenant, 16)} ${pad(n.contactRole, 10)} ${pad(n.channel, 7)} ${pad(mask(n.channel, n.to), 26)} ${pad(n.status, 10)} ${n.subject ?? (n.channel === 'webhook' ? '(signed CloudEvent)' : '(SMS alert)')}`);
  }
  console.log(`\n${EMAIL_STATUS_NOTE}`);
  const verify = await admin.get<{ ok: boolean; entries: number }>('/v1/audit/verify');
  console.log(`\naudit trail: ${verify.entries} entries, chain ${verify.ok ? 'intact' : 'BROKEN'}`);
  console.log(`\nThe API keeps serving at ${config.publicBaseUrl} (Ctrl-C stops it). For the CLI (npm run cli -- …) and curl, in another shell:\n`);
  console.log(`  export BREACHCAST_URL=${base}`);
  console.log(`  export BREACHCAST_API_KEY=${adminKey}\n`);
  console.log(`  progress      curl -H "Authorization: Bearer $BREACHCAST_API_KEY" ${base}/v1/incidents/${incident.id}/progress`);
  console.log(`  sandbox inbox curl -H "Authorization: Bearer $BREACHCAST_API_KEY" ${base}/v1/sandbox/messages`);
  console.log(`\nConsole: ${config.publicBaseUrl}/console — sign in with BREACHCAST_API_KEY above (the approver key ${approverKey} approves).`);
}

main().catch((error: Error) => {
  console.error(error instanceof ConfigError ? error.message : `demo failed: ${error.message}`);
  stopAll();
  process.exit(1);
});
