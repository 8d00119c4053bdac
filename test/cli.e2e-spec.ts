import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@app/testing';
import { Api } from './support/api-client';
import { buildDist } from './support/builds';
import { Harness, scenario } from './support/harness';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** One `--json` answer per command, kept for the reader (test/artifacts is not committed). */
const SAMPLES = join(__dirname, 'artifacts', 'cli-json');

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
  /** Runs a command with --json: exit 0, nothing but one JSON document on stdout; the parsed answer. */
  const json = async (args: string[], key: string | null = h.env.ADMIN_API_KEY!): Promise<any> => {
    const run = await cli([...args, '--json'], key);
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: expect.any(String) });
    const parsed = JSON.parse(run.stdout);
    mkdirSync(SAMPLES, { recursive: true });
    writeFileSync(join(SAMPLES, `${args.filter((a) => /^[a-z]+$/.test(a)).slice(0, 2).join('-')}.json`), run.stdout);
    return parsed;
  };

  beforeAll(async () => {
    buildDist();
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
      expect(await cli(['audit', 'verify'], 'bc_any', nowhere)).toMatchObject({ code: 1, stderr: `error: cannot reach the API at ${nowhere} (ECONNREFUSED); set BREACHCAST_URL or --url\n` });
      const refused = await cli(['audit', 'verify'], 'bc_wrong-key-0000000000');
      expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/A valid API key is required[\s\S]*check BREACHCAST_API_KEY/) });
    });
  });

  describe('as a tool scripts call', () => {
    it('prints its version, also through the package bin that npx runs, with nothing else on stdout', async () => {
      expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
      const npx = await new Promise<Run>((resolve) => {
        execFile('npx', ['--no-install', 'breachcast', '--version'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME } }, (error, stdout, stderr) =>
          resolve({ code: error ? 1 : 0, stdout, stderr }),
        );
      });
      expect(npx).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    });

    it('takes the API and the key from --url and --key, before or after the command, over the environment', async () => {
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      const key = h.env.ADMIN_API_KEY!;
      const before = await cli(['--url', h.baseUrl, '--key', key, 'keys', 'list', '--json'], null, nowhere);
      expect(before.code).toBe(0);
      expect(JSON.parse(before.stdout).items.map((k: { owner: string }) => k.owner)).toContain('bootstrap');
      const after = await cli(['audit', 'verify', '--json', `--url=${h.baseUrl}`, '--key', key], 'bc_wrong-key-0000000000', nowhere);
      expect(after.code).toBe(0);
      expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, entries: expect.any(Number) });
      expect(await cli(['audit', 'verify', '--url', 'ftp://x'])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('--url: must be an http or https URL') });
      expect(await cli(['audit', 'verify', '--key', 'bc_wrong-key-0000000000'])).toMatchObject({ code: 1, stdout: '' });
    });

    it('with --json keeps stdout for the answer: an error leaves it empty, says why on stderr and exits non-zero', async () => {
      const missing = await cli(['tenants', 'show', 'nobody', '--json']);
      expect(missing).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('(HTTP 404)') });
      expect(await cli(['incident', 'show', 'not-a-uuid', '--json'])).toMatchObject({ code: 2, stdout: '' });
      const help = await cli(['tenants', 'list', '--help']);
      expect(help.stdout).toMatch(/--json\s+machine output/);
      expect(help.stdout).toMatch(/--url <url>/);
    });
  });

  describe('keys', () => {
    it('creates a key for its owner and shows it once, lists keys without secrets, revokes one: 401 from then on', async () => {
      const key = await json(['keys', 'create', '--name', 'cli ops', '--role', 'auditor', '--owner', 'ops@vendor.example']);
      expect(key).toEqual({ id: expect.any(String), key: expect.stringMatching(/^bc_/), name: 'cli ops', role: 'auditor', owner: 'ops@vendor.example' });
      await new Api(h.baseUrl, key.key).get('/v1/incidents').expect(200);

      const listed = await json(['keys', 'list']);
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
      expect(await json(['keys', 'revoke', key.id])).toEqual({ id: key.id, revoked: true });
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

    it('says what an import did as JSON, and lists tenants as a table or JSON, page by page up to --limit', async () => {
      const again = await json(['tenants', 'import', file('again.csv', [header, row('cli-a', '+48501234101')].join('\n'))]);
      expect(again).toEqual({ imported: 1, created: 0, updated: 1, format: 'csv' });
      const all = await json(['tenants', 'list']);
      const ids = [...sms.tenants.map((t) => t.externalId as string), 'cli-a', 'cli-b'].sort();
      expect(all.more).toBe(false);
      expect(all.items.map((t: { externalId: string }) => t.externalId).sort()).toEqual(ids);
      expect(all.items.find((t: { externalId: string }) => t.externalId === 'cli-a')).toMatchObject({ name: 'T cli-a', locale: 'en', country: 'GB', contacts: 1, exposures: 0 });
      const two = await json(['tenants', 'list', '--limit', '2']);
      const first = all.items.slice(0, 2).map((t: { externalId: string }) => t.externalId);
      expect({ ids: two.items.map((t: { externalId: string }) => t.externalId), more: two.more }).toEqual({ ids: first, more: true });
      const table = await cli(['tenants', 'list', '--search', 'cli-']);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^tenant\s+name\s+language\s+country\s+zone\s+contacts\s+exposures$/m);
      expect(table.stdout).toMatch(/^cli-a\s+T cli-a\s+en\s+GB\s+Europe\/London\s+1\s+0$/m);
      expect(table.stdout.trim().split('\n')).toHaveLength(3);
      expect(table.stderr).toBe('2 tenants\n');
      expect(await cli(['tenants', 'list', '--search', 'nobody-at-all'])).toMatchObject({ code: 0, stdout: 'no tenant matches "nobody-at-all"\n' });
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

    it('previews the draft: affected tenants, planned notices, language gaps and sample notices, as text or JSON', async () => {
      const preview = await json(['incident', 'preview', incidentId, '--limit', '2']);
      expect(preview).toMatchObject({ version: 1, status: 'draft', affectedTenants: sms.expected.affected.length, plannedNotices: { email: expect.any(Number), sms: expect.any(Number) } });
      expect(preview.samples.map((x: { tenant: string }) => x.tenant)).toEqual([...sms.expected.affected].sort().slice(0, 2));
      const human = await cli(['incident', 'preview', incidentId, '--text']);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(new RegExp(`^version 1 \\(draft\\): ${sms.expected.affected.length} affected tenants; first notices planned: email \\d+, sms \\d+$`, 'm'));
      expect(human.stdout).toMatch(/^ {2}pl \(3 tenants\): consequences, measuresTaken, recommendedActions, contact\.name$/m);
      expect(human.stdout).toMatch(/^tenant\s+language\s+channel\s+to\s+subject$/m);
      expect(human.stdout).toContain(`--- ${preview.samples[0].tenant} · ${preview.samples[0].messages[0].channel} · `);
      expect(human.stdout).toContain(sms.incident.reference);
      expect(await cli(['incident', 'preview', incidentId, '--limit', '51'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit must be a whole number from 1 to 50') });
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
      expect(await json(['incident', 'dispatch', '--no-wait', incidentId])).toEqual({ id: incidentId, version: 1, status: 'dispatched' });
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

    it('lists incidents and shows one with its versions and progress, as tables or JSON', async () => {
      const list = await json(['incident', 'list']);
      expect(list.items).toEqual([expect.objectContaining({ id: incidentId, reference: sms.incident.reference, version: 1, status: 'dispatched', completedAt: expect.any(String) })]);
      const table = await cli(['incident', 'list']);
      expect(table.stdout).toMatch(/^id\s+reference\s+status\s+version\s+created\s+dispatched\s+completed\s+title$/m);
      expect(table.stdout).toMatch(new RegExp(`^${incidentId}\\s+${sms.incident.reference}\\s+dispatched\\s+1\\s+\\d{4}-`, 'm'));
      const total = (await h.notices(incidentId)).length;
      const shown = await json(['incident', 'show', incidentId]);
      expect(shown).toMatchObject({ id: incidentId, reference: sms.incident.reference, versions: [expect.objectContaining({ version: 1 })], progress: { version: 1, notices: { total }, lateTenants: sms.expected.affected.length } });
      const human = await cli(['incident', 'show', incidentId]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^ {2}status {4}dispatched, version 1$/m);
      expect(human.stdout).toMatch(new RegExp(`^ {2}tenants {3}${sms.expected.affected.length} affected, 0 acknowledged, ${sms.expected.affected.length} late$`, 'm'));
      expect(human.stdout).toMatch(new RegExp(`^ {2}notices {3}${total}: `, 'm'));
      expect(human.stdout).toMatch(/^version\s+status\s+created\s+approved\s+dispatched\s+completed\s+change$/m);
      expect(await cli(['incident', 'show', '00000000-0000-4000-8000-000000000000'])).toMatchObject({ code: 1, stderr: expect.stringContaining('(HTTP 404)') });
      const board = await json(['board', incidentId, '--limit', '1']);
      expect(board).toMatchObject({ version: 1, items: [expect.objectContaining({ late: true })], more: sms.expected.affected.length > 1 });
    });

    it("shows one tenant with its regimes in effect and its notice deadline", async () => {
      const run = await cli(['tenants', 'show', 'berlin-dental']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^ {2}regimes gdpr$/m);
      expect(run.stdout).toMatch(/^ {2}notice deadline the default \(NOTICE_DEADLINE_DEFAULT\)$/m);
      expect(await json(['tenants', 'show', 'berlin-dental'])).toMatchObject({ externalId: 'berlin-dental', regimes: ['gdpr'], noticeDeadlineHours: null });
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
      expect({ code: ndjson.code, stderr: ndjson.stderr }).toEqual({ code: 0, stderr: '' });
      expect(ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l).id).sort()).toEqual(notices.map((n) => n.id).sort());
      const machine = await cli(['notices', 'export', '--incident', incidentId, '--json']);
      expect({ code: machine.code, stderr: machine.stderr }).toEqual({ code: 0, stderr: '' });
      expect(machine.stdout.trim().split('\n').map((l) => JSON.parse(l).id).sort()).toEqual(notices.map((n) => n.id).sort());
      expect(await json(['notices', 'export', '--incident', incidentId, '--out', join(dir, 'again.csv')])).toEqual({ out: join(dir, 'again.csv'), format: 'csv' });
      expect(await cli(['notices', 'export', '--incident', incidentId, '--format', 'csv', '--json'])).toMatchObject({ code: 2, stdout: '' });
    });

    it('files an update as the next draft version, and closes the incident only when told --yes', async () => {
      const update = file('update.json', JSON.stringify({ consequences: { en: 'No misuse seen so far.', pl: 'Nie stwierdzono nadużyć.' } }));
      const updated = await json(['incident', 'update', incidentId, update, '--summary', 'Consequences known.']);
      expect(updated).toMatchObject({ id: incidentId, version: 2, status: 'draft', changeSummary: 'Consequences known.' });
      expect((await h.admin.get(`/v1/incidents/${incidentId}`).expect(200)).body).toMatchObject({ version: 2, consequences: { en: 'No misuse seen so far.' } });
      const twice = await cli(['incident', 'update', incidentId, update, '--summary', 'Again.']);
      expect(twice).toMatchObject({ code: 1, stderr: expect.stringContaining('(HTTP 409)') });
      expect(await cli(['incident', 'update', incidentId, file('list.json', '[]')])).toMatchObject({ code: 1, stderr: expect.stringContaining('must hold one JSON object') });

      expect(await cli(['incident', 'close', incidentId])).toMatchObject({ code: 2, stderr: expect.stringContaining('add --yes') });
      expect((await h.admin.get(`/v1/incidents/${incidentId}`).expect(200)).body.closedAt).toBeNull();
      const closed = await json(['incident', 'close', '--yes', incidentId]);
      expect(closed).toMatchObject({ id: incidentId, status: 'closed', closedAt: expect.any(String) });
      expect(await cli(['incident', 'close', '-y', incidentId])).toMatchObject({ code: 1, stderr: expect.stringContaining('(HTTP 409)') });

      const next = await json(['incident', 'file', file('next.json', JSON.stringify({ ...sms.incident, reference: 'INC-CLI-NEXT' }))]);
      expect(next).toMatchObject({ id: expect.any(String), reference: 'INC-CLI-NEXT', version: 1, status: 'draft' });
      const approved = await json(['incident', 'approve', '--accept-language-gaps', next.id], h.approver.key);
      expect(approved).toMatchObject({ id: next.id, status: 'approved' });
    });

    it('verifies the audit chain, and exits 1 once an entry has been altered', async () => {
      const ok = await cli(['audit', 'verify']);
      expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit chain intact: \d+ entries\n$/) });
      expect(await json(['audit', 'verify'])).toMatchObject({ ok: true, firstBadSeq: null });
      await h.db.query(`UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 3`);
      const broken = await cli(['audit', 'verify']);
      expect(broken).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('audit chain BROKEN at entry 3') });
      const machine = await cli(['audit', 'verify', '--json']);
      expect(machine).toMatchObject({ code: 1, stderr: expect.stringContaining('audit chain BROKEN at entry 3') });
      expect(JSON.parse(machine.stdout)).toMatchObject({ ok: false, firstBadSeq: 3 });
    });
  });
});
