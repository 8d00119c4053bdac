import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@app/testing';
import { Api } from './support/api-client';
import { Harness, scenario } from './support/harness';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI, as an operator's shell runs it: its own working directory, the API from the environment. */
describe('CLI (built) against a running API', () => {
  const sms = scenario('sms-gateway-archive');
  const dir = mkdtempSync(join(tmpdir(), 'bc-cli-'));
  let h: Harness;
  let incidentId: string;

  const file = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const cli = (args: string[], key: string | null = h.env.ADMIN_API_KEY!, url = h.baseUrl): Promise<Run> =>
    new Promise((resolve) => {
      const env = { PATH: process.env.PATH, BREACHCAST_URL: url, ...(key ? { BREACHCAST_API_KEY: key } : {}) };
      execFile(process.execPath, [MAIN, ...args], { cwd: dir, env, timeout: 300_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  const count = async (sql: string) => Number((await h.db.query(sql))[0].n);

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
    h = await Harness.start();
  }, 900_000);

  afterAll(() => h?.close());

  describe('usage', () => {
    it('exits 2 with the usage for no command, an unknown one, or a missing argument', async () => {
      for (const args of [[], ['bogus'], ['incident', 'approve'], ['notices', 'export'], ['notices', 'export', '--incident', 'x', '--format', 'xml']]) {
        const run = await cli(args);
        expect({ args, code: run.code }).toEqual({ args, code: 2 });
        expect(run.stderr).toMatch(/Usage: breachcast|error: /);
      }
      expect((await cli(['incident', 'approve', 'not-a-uuid'])).stderr).toContain('not-a-uuid is not an incident id');
    });

    it('exits 0 for --help, and 2 without an API key', async () => {
      const help = await cli(['incident', 'dispatch', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--no-wait');
      const keyless = await cli(['audit', 'verify'], null);
      expect(keyless).toMatchObject({ code: 2, stderr: expect.stringContaining('BREACHCAST_API_KEY is not set') });
    });

    it('exits 1 naming the API when it cannot be reached, or the key when it is refused', async () => {
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      expect(await cli(['audit', 'verify'], 'bc_any', nowhere)).toMatchObject({ code: 1, stderr: `error: cannot reach the API at ${nowhere} (ECONNREFUSED); set BREACHCAST_URL\n` });
      const refused = await cli(['audit', 'verify'], 'bc_wrong-key-0000000000');
      expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/A valid API key is required[\s\S]*check BREACHCAST_API_KEY/) });
    });
  });

  describe('keys', () => {
    it('creates a key for its owner and shows it once, lists keys without secrets, revokes one: 401 from then on', async () => {
      const created = await cli(['keys', 'create', '--name', 'cli ops', '--role', 'auditor', '--owner', 'ops@vendor.example', '--json']);
      expect(created.code).toBe(0);
      const key = JSON.parse(created.stdout);
      expect(key).toEqual({ id: expect.any(String), key: expect.stringMatching(/^bc_/), name: 'cli ops', role: 'auditor', owner: 'ops@vendor.example' });
      await new Api(h.baseUrl, key.key).get('/v1/incidents').expect(200);

      const listed = JSON.parse((await cli(['keys', 'list', '--json'])).stdout);
      expect(listed.items.find((k: { id: string }) => k.id === key.id)).toMatchObject({ name: 'cli ops', role: 'auditor', owner: 'ops@vendor.example', lastUsedAt: expect.any(String), revokedAt: null });
      const table = await cli(['keys', 'list']);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^id\s+name\s+role\s+owner\s+created\s+last used\s+revoked$/m);
      expect(table.stdout).toMatch(new RegExp(`^${key.id}\\s+cli ops\\s+auditor\\s+ops@vendor\\.example\\s`, 'm'));
      expect(table.stdout).toMatch(/\sbootstrap\s/);
      expect(table.stdout).not.toContain(key.key);

      const human = await cli(['keys', 'create', '--name', 'cli approver', '--role', 'approver', '--owner', 'jan@vendor.example']);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^created key [0-9a-f-]{36} \(cli approver, role approver, owner jan@vendor\.example\); it is shown this once:\nbc_\S+\n$/);

      expect(await cli(['keys', 'revoke', key.id])).toMatchObject({ code: 0, stdout: `revoked key ${key.id}\n` });
      await new Api(h.baseUrl, key.key).get('/v1/incidents').expect(401);
      expect(JSON.parse((await cli(['keys', 'revoke', key.id, '--json'])).stdout)).toEqual({ id: key.id, revoked: true });
      const after = JSON.parse((await cli(['keys', 'list', '--json'])).stdout);
      expect(after.items.find((k: { id: string }) => k.id === key.id).revokedAt).toEqual(expect.any(String));
    });

    it('exits 2 without an owner, for an unknown role or an id that is not one; 1 with the reason from the API', async () => {
      const noOwner = await cli(['keys', 'create', '--name', 'x', '--role', 'auditor']);
      expect(noOwner).toMatchObject({ code: 2, stderr: expect.stringContaining('--owner') });
      expect(await cli(['keys', 'create', '--name', 'x', '--role', 'root', '--owner', 'o@vendor.example'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--role must be one of admin, approver, auditor') });
      expect(await cli(['keys', 'revoke', 'nope'])).toMatchObject({ code: 2, stderr: expect.stringContaining('nope is not a key id') });
      expect(await cli(['keys', 'create', '--name', 'x', '--role', 'auditor', '--owner', ' '])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^ {2}owner: /m) });
      expect(await cli(['keys', 'revoke', '00000000-0000-4000-8000-000000000000'])).toMatchObject({ code: 1, stderr: expect.stringContaining('(HTTP 404)') });
      expect(await cli(['keys', 'list'], h.auditor.key)).toMatchObject({ code: 1, stderr: expect.stringContaining('(HTTP 403)') });
    });
  });

  describe('tenants import', () => {
    const header = 'externalId,name,locale,country,timezone,contacts,exposures';
    const row = (id: string, phone: string) => `${id},T ${id},en,GB,Europe/London,"[{""role"":""dpo"",""phone"":""${phone}""}]",`;

    it('lists the bad rows with their fields from the API, imports nothing, exits 1', async () => {
      const run = await cli(['tenants', 'import', file('bad.csv', [header, row('cli-a', '+48501234101'), row('cli-b', '12')].join('\n'))]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('1 of 2 tenants are invalid; nothing was imported');
      expect(run.stderr).toMatch(/^ {2}tenants\[1\]\.contacts\[0\]\.phone: phone must be a valid phone number/m);
      expect(await count(`SELECT count(*) AS n FROM tenant WHERE external_id LIKE 'cli-%'`)).toBe(0);
    });

    it('refuses a CSV cell that is not JSON before sending anything, and a file that does not exist', async () => {
      const run = await cli(['tenants', 'import', file('broken.csv', `${header}\ncli-c,C,en,GB,Europe/London,[oops,\n`)]);
      expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining('row 1: contacts: contacts must be a JSON array') });
      expect(await cli(['tenants', 'import', join(dir, 'missing.json')])).toMatchObject({ code: 1, stderr: expect.stringContaining('ENOENT') });
    });

    it('imports a CSV file and the scenario JSON file', async () => {
      const csv = await cli(['tenants', 'import', file('ok.csv', [header, row('cli-a', '+48501234101'), row('cli-b', '+48501234102')].join('\r\n'))]);
      expect(csv).toMatchObject({ code: 0, stdout: 'imported 2 tenants (2 new, 0 updated) from CSV\n' });
      const json = await cli(['tenants', 'import', join(ROOT, 'demo', 'scenarios', 'sms-gateway-archive.json')]);
      expect(json).toMatchObject({ code: 0, stdout: `imported ${sms.tenants.length} tenants (${sms.tenants.length} new, 0 updated) from JSON\n` });
    });
  });

  describe('an incident from file to done', () => {
    it('names the missing fields of a bad incident file and files a good one', async () => {
      const { title, channels, ...rest } = sms.incident;
      void title;
      void channels;
      const bad = await cli(['incident', 'file', file('bad.json', JSON.stringify(rest))]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^ {2}title: title is required$/m);
      expect(bad.stderr).toMatch(/^ {2}channels: channels is required$/m);
      expect((await cli(['incident', 'file', file('not.json', '{"reference": ')])).stderr).toContain('not.json is not valid JSON');
      const good = await cli(['incident', 'file', '--quiet', file('incident.json', JSON.stringify(sms.incident))]);
      expect(good.code).toBe(0);
      incidentId = good.stdout.trim();
      expect((await h.admin.get(`/v1/incidents/${incidentId}`).expect(200)).body).toMatchObject({ reference: sms.incident.reference, status: 'draft' });
    });

    it('refuses dispatch before approval and approval by the filing key; approves with a second key', async () => {
      expect(await cli(['incident', 'dispatch', incidentId])).toMatchObject({ code: 1, stderr: expect.stringContaining('approve it before dispatch (HTTP 409)') });
      expect(await cli(['incident', 'approve', incidentId])).toMatchObject({ code: 1, stderr: expect.stringContaining('Four-eyes rule') });
      const gaps = await cli(['incident', 'approve', incidentId], h.approver.key);
      expect(gaps.code).toBe(1);
      expect(gaps.stderr).toMatch(/^ {2}pl \(3 tenants\) would read in another language: consequences, measuresTaken, recommendedActions, contact\.name$/m);
      expect(gaps.stderr).toContain('--accept-language-gaps');
      expect(await cli(['incident', 'approve', '--accept-language-gaps', incidentId], h.approver.key)).toMatchObject({ code: 0, stdout: `approved ${sms.incident.reference} version 1\n` });
    });

    it('dispatches and shows progress until every notice has settled', async () => {
      const run = await cli(['incident', 'dispatch', incidentId]);
      expect(run.code).toBe(0);
      const total = (await h.notices(incidentId)).length;
      expect(run.stdout).toContain(`dispatching version 1`);
      expect(run.stdout).toMatch(new RegExp(`^done: ${total} notices settled — sent \\d+, delivered \\d+, failed 0, bounced 0, undelivered 0$`, 'm'));
      expect(run.stderr.trim().split('\n').pop()).toMatch(new RegExp(`^\\[#{30}\\] ${total}/${total} settled · dispatch`));
      const again = await cli(['incident', 'dispatch', '--no-wait', incidentId]);
      expect(again).toMatchObject({ code: 0, stdout: 'dispatching version 1 (dispatched)\n' });
    });

    it('shows the board: every affected tenant with its due time, in due or problems order, filtered by state, as a table or JSON', async () => {
      const affected = [...sms.expected.affected].sort();
      const run = await cli(['board', incidentId]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^tenant\s+due\s+first sent\s+late\s+acknowledged\s+escalated\s+regimes\s+notices$/m);
      // Aware in 2023, told now: every tenant's first notice went after its due time.
      expect(run.stdout).toMatch(/^city-north\s+2023-04-20 14:00:00Z\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+LATE\s+-\s+-\s+gdpr\s+\d+ (sent|delivered)/m);
      expect(run.stderr).toBe(`${affected.length} tenants, ${affected.length} late, version 1\n`);
      const json = JSON.parse((await cli(['board', incidentId, '--order', 'problems', '--json'])).stdout);
      expect(json.version).toBe(1);
      expect(json.items.map((i: { tenant: string }) => i.tenant).sort()).toEqual(affected);
      expect(json.items[0]).toMatchObject({ regimes: ['gdpr'], late: true, dueAt: '2023-04-20T14:00:00.000Z', notices: { failed: 0 } });
      expect(await cli(['board', incidentId, '--state', 'acknowledged'])).toMatchObject({ code: 0, stdout: 'no tenant is acknowledged in version 1\n' });
      expect((await cli(['board', incidentId, '--limit', '2'])).stdout.trim().split('\n')).toHaveLength(3);
      expect(await cli(['board', incidentId, '--state', 'lost'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--state must be one of unsent, late') });
      expect(await cli(['board', 'not-a-uuid'])).toMatchObject({ code: 2, stderr: expect.stringContaining('not-a-uuid is not an incident id') });
    });

    it("shows one tenant with its regimes in effect and its notice deadline", async () => {
      const run = await cli(['tenants', 'show', 'berlin-dental']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^ {2}regimes gdpr$/m);
      expect(run.stdout).toMatch(/^ {2}notice deadline the default \(NOTICE_DEADLINE_DEFAULT\)$/m);
      expect(JSON.parse((await cli(['tenants', 'show', 'berlin-dental', '--json'])).stdout)).toMatchObject({ externalId: 'berlin-dental', regimes: ['gdpr'], noticeDeadlineHours: null });
      expect(await cli(['tenants', 'show', 'nobody'])).toMatchObject({ code: 1, stderr: expect.stringContaining('(HTTP 404)') });
    });

    it('exports the notices as CSV to a file and as NDJSON to standard output', async () => {
      const notices = await h.notices(incidentId);
      const out = join(dir, 'notices.csv');
      const csv = await cli(['notices', 'export', '--incident', incidentId, '--out', out]);
      expect(csv).toMatchObject({ code: 0, stderr: `wrote CSV to ${out}\n` });
      const lines = readFileSync(out, 'utf8').trim().split('\r\n');
      expect(lines[0]).toMatch(/^id,incidentId,version,tenant,/);
      expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(notices.map((n) => n.id).sort());
      const ndjson = await cli(['notices', 'export', '--incident', incidentId, '--format', 'ndjson']);
      expect(ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l).id).sort()).toEqual(notices.map((n) => n.id).sort());
    });

    it('verifies the audit chain, and exits 1 once an entry has been altered', async () => {
      const ok = await cli(['audit', 'verify']);
      expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit chain intact: \d+ entries\n$/) });
      await h.db.query(`UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 3`);
      const broken = await cli(['audit', 'verify']);
      expect(broken).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('audit chain BROKEN at entry 3') });
    });
  });
});
