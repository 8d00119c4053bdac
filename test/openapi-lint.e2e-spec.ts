import { loadConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { clearRedisPrefix, createTestDatabase, TestDatabase, uniqueQueuePrefix } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiApp } from '../apps/api/src/bootstrap';
import { apiDocument } from '../apps/api/src/ops/api-docs';
import request from 'supertest';
import { REDIS_URL } from './support/harness';

const ROOT = join(__dirname, '..');
const REDOCLY = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

/** Redocly's linter over the document, with the repository's config; its JSON report. */
function lint(file: string): Promise<{ code: number; problems: LintProblem[]; stderr: string }> {
  // No telemetry and no update check: CI runs offline and sends nothing anywhere.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  return new Promise((resolve) => {
    execFile(process.execPath, [REDOCLY, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'], { cwd: ROOT, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const report = JSON.parse(stdout) as { problems: LintProblem[] };
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, problems: report.problems, stderr });
    });
  });
}

/**
 * The document as `npm run openapi` writes it: built from the API app after init, no port opened. That every
 * success answer has a schema is held by test/edges.e2e-spec.ts; here, the linter's rules.
 */
describe('the OpenAPI document', () => {
  let database: TestDatabase;
  let app: INestApplication;
  const prefix = uniqueQueuePrefix();
  let document: ReturnType<typeof apiDocument>;

  beforeAll(async () => {
    database = await createTestDatabase('bc_e2e');
    await runMigrations(database.url);
    app = await createApiApp(loadConfig({ DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent' }));
    await app.init();
    document = apiDocument(app);
  });

  afterAll(async () => {
    await app?.close();
    await clearRedisPrefix(REDIS_URL, prefix).catch(() => undefined);
    await database?.drop();
  });

  it('passes the OpenAPI linter with no error and no warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bc-openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const result = await lint(file).finally(() => rmSync(dir, { recursive: true, force: true }));
    const problems = result.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('answers 400 to a repeated query parameter on any route, as the document says of every operation', async () => {
    const res = await request(app.getHttpServer()).get('/health?probe=1&probe=2').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, errors: [expect.objectContaining({ field: 'probe' })] });
    expect(document.paths['/health'].get?.responses['400']).toBeDefined();
  });
});
