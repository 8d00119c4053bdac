import { ConfigError, loadConfig } from '@app/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CheckCompose {
  checkCompose(files: { composeText: string; operationsText: string; dockerfileText?: string }): string[];
  shippedValue(value: string): string;
  PLACEHOLDER: RegExp;
  REFUSES_PLACEHOLDER: Set<string>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sut = require('./check-compose') as CheckCompose;

const ROOT = join(__dirname, '..');
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');
const operationsText = read('docs', 'operations.md');

/** A small compose file that passes, changed by each case below. */
const GOOD = `
services:
  db:
    image: postgres:15.10
    environment: { POSTGRES_PASSWORD: inside-only }
    healthcheck: { test: ["CMD", "true"] }
  migrate:
    build: .
    environment: { ADMIN_API_KEY: "\${ADMIN_API_KEY:-change-me}", DATABASE_URL: "postgres://u:inside-only@db:5432/x" }
  api:
    build: .
    ports: ["3000:3000"]
    environment: { ADMIN_API_KEY: "\${ADMIN_API_KEY:-change-me}" }
    stop_grace_period: 90s
    healthcheck: { test: ["CMD", "true"] }
    depends_on: { migrate: { condition: service_completed_successfully } }
`;

describe('scripts/check-compose.js', () => {
  it('passes the docker-compose.yml and Dockerfile we ship', () => {
    expect(sut.checkCompose({ composeText: read('docker-compose.yml'), operationsText, dockerfileText: read('Dockerfile') })).toEqual([]);
    expect(sut.checkCompose({ composeText: GOOD, operationsText })).toEqual([]);
  });

  it('ships no admin key that works: the stack refuses to start with the placeholder', () => {
    const compose = read('docker-compose.yml');
    const shipped = sut.shippedValue(/ADMIN_API_KEY:\s*(\S+)/.exec(compose)![1]);
    expect(shipped).toMatch(sut.PLACEHOLDER);
    expect(() => loadConfig({ ADMIN_API_KEY: shipped })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_API_KEY: shipped })).toThrow(/ADMIN_API_KEY: is a placeholder/);
    // Every variable whose placeholder the check accepts is one the configuration refuses.
    for (const variable of sut.REFUSES_PLACEHOLDER) expect(() => loadConfig({ [variable]: 'change-me-change-me-change-me-change-me' })).toThrow(new RegExp(`${variable}: is a placeholder`));
  });

  it.each([
    ['a working admin key', GOOD.replace(/\$\{ADMIN_API_KEY:-change-me\}/g, 'bc_live_0123456789abcdef0123'), /api: ADMIN_API_KEY ships a working secret/],
    ['a placeholder nothing refuses', GOOD.replace('POSTGRES_PASSWORD: inside-only', 'TWILIO_AUTH_TOKEN: change-me'), /db: TWILIO_AUTH_TOKEN has a placeholder that nothing refuses/],
    ['a password to a published service', GOOD.replace('@db:5432', '@api:5432'), /migrate: DATABASE_URL carries a password for api/],
    ['a secret on a published service', GOOD.replace('environment: { ADMIN_API_KEY: "${ADMIN_API_KEY:-change-me}" }\n    stop', 'environment: { SMTP_PASSWORD: hunter2 }\n    stop'), /api: SMTP_PASSWORD ships a working secret/],
    ['an unpinned image', GOOD.replace('postgres:15.10', 'postgres:latest'), /db: image postgres:latest is not pinned/],
    ['a bare major tag', GOOD.replace('postgres:15.10', 'postgres:15'), /db: image postgres:15 is not pinned/],
    ['no tag at all', GOOD.replace('postgres:15.10', 'postgres'), /db: image postgres is not pinned/],
    ['a long-running service without a healthcheck', GOOD.replace('    healthcheck: { test: ["CMD", "true"] }\n  migrate', '  migrate'), /db: a long-running service without a healthcheck/],
    ['a grace period shorter than the drain', GOOD.replace('stop_grace_period: 90s', 'stop_grace_period: 1m'), /api: stop_grace_period 1m is shorter than the drain time of 90s/],
    ['no grace period (10 s by default)', GOOD.replace('    stop_grace_period: 90s\n', ''), /api: stop_grace_period 10s \(default\) is shorter/],
  ])('refuses %s', (_case, composeText, problem) => {
    expect(sut.checkCompose({ composeText, operationsText })).toEqual([expect.stringMatching(problem)]);
  });

  it('refuses an unpinned base image in the Dockerfile', () => {
    expect(sut.checkCompose({ composeText: GOOD, operationsText, dockerfileText: 'FROM node:20 AS build\nFROM node:20.19-bookworm-slim\n' })).toEqual([
      'Dockerfile: base image node:20 is not pinned to a version',
    ]);
  });

  it('reads the drain time from docs/operations.md', () => {
    expect(sut.checkCompose({ composeText: GOOD, operationsText: 'terminationGracePeriodSeconds: 120' })).toEqual([expect.stringMatching(/api: stop_grace_period 90s is shorter than the drain time of 120s/)]);
    expect(sut.checkCompose({ composeText: GOOD, operationsText: 'no number here' })).toEqual(['docs/operations.md: no drain time found (terminationGracePeriodSeconds: N)']);
  });
});
