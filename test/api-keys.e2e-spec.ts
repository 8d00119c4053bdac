import { loadConfig } from '@app/config';
import { waitUntil } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { createApiApp } from '../apps/api/src/bootstrap';
import { Api } from './support/api-client';
import { ConsoleClient } from './support/console-client';
import { Harness, scenario } from './support/harness';

interface KeyRow {
  id: string;
  name: string;
  role: string;
  owner: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * API keys have a life cycle (listed, last use recorded, revoked at once everywhere, the bootstrap
 * key rotated with ADMIN_API_KEY) and belong to a person: four eyes means two owners, not two keys.
 */
describe('API keys', () => {
  const sms = scenario('sms-gateway-archive');
  let h: Harness;
  let n = 0;

  const list = async (): Promise<KeyRow[]> => (await h.admin.get('/v1/api-keys').expect(200)).body.items;
  const row = async (id: string): Promise<KeyRow> => (await list()).find((k) => k.id === id)!;
  const audit = async (action: string): Promise<any[]> => (await h.admin.get(`/v1/audit?action=${action}&limit=1000`).expect(200)).body.items;
  const count = async (sql: string, params: unknown[] = []) => Number((await h.db.query(sql, params))[0].n);
  const fileIncident = async (api: Api) => (await api.post('/v1/incidents', { ...sms.incident, reference: `KEYS-${++n}` }).expect(201)).body.id as string;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });

  afterAll(() => h?.close());

  describe('listing', () => {
    it('lists every key with name, role, owner and dates, never the key or its hash; admins only', async () => {
      const items = await list();
      expect(items.find((k) => k.owner === 'bootstrap')).toMatchObject({ role: 'admin', revokedAt: null });
      expect(items.find((k) => k.name === 'approver')).toMatchObject({ role: 'approver', owner: 'approver@vendor.example', revokedAt: null });
      for (const item of items) expect(Object.keys(item).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'owner', 'revokedAt', 'role']);
      const text = JSON.stringify(items);
      const hashes = (await h.db.query('SELECT key_hash FROM api_key')).map((r: { key_hash: string }) => r.key_hash);
      for (const secret of [h.env.ADMIN_API_KEY!, h.approver.key!, ...hashes]) expect(text).not.toContain(secret);
      await h.auditor.get('/v1/api-keys').expect(403);
      await h.approver.get('/v1/api-keys').expect(403);
      await new Api(h.baseUrl, null).get('/v1/api-keys').expect(401);
    });

    it('records when a key was last used, at most once a minute', async () => {
      const { id, api } = await h.admin.createKey({ name: 'ci reader', role: 'auditor', owner: 'ci@vendor.example' });
      expect((await row(id)).lastUsedAt).toBeNull();
      await api.get('/v1/incidents').expect(200);
      const first = (await row(id)).lastUsedAt;
      expect(first).not.toBeNull();
      await api.get('/v1/incidents').expect(200);
      expect((await row(id)).lastUsedAt).toBe(first);
      // A use more than a minute after the last recorded one is recorded again.
      await h.db.query(`UPDATE api_key SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [id]);
      const stale = (await row(id)).lastUsedAt!;
      await api.get('/v1/incidents').expect(200);
      expect(new Date((await row(id)).lastUsedAt!).getTime()).toBeGreaterThan(new Date(stale).getTime());
    });
  });

  describe('creating', () => {
    it('requires an owner: 400 naming owner, and nothing is written', async () => {
      const before = await count('SELECT count(*) AS n FROM api_key');
      for (const body of [
        { name: 'no owner', role: 'auditor' },
        { name: 'blank owner', role: 'auditor', owner: '   ' },
        { name: 'long owner', role: 'auditor', owner: 'x'.repeat(201) },
        { name: 'control char', role: 'auditor', owner: 'anna\n@vendor.example' },
        { name: 'not text', role: 'auditor', owner: 42 },
      ]) {
        const res = await h.admin.post('/v1/api-keys', body).expect(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'owner' })]);
        expect(res.body.message).toContain('owner');
      }
      expect(await count('SELECT count(*) AS n FROM api_key')).toBe(before);
    });

    it('keeps the owner and records it in the audit', async () => {
      const { id } = await h.admin.createKey({ name: 'ops', role: 'admin', owner: '  ops@vendor.example ' });
      expect(await row(id)).toMatchObject({ name: 'ops', owner: 'ops@vendor.example' });
      expect((await audit('api_key.created')).find((e) => e.subject === `api_key:${id}`).details).toMatchObject({ name: 'ops', role: 'admin', owner: 'ops@vendor.example' });
    });
  });

  describe('revoking', () => {
    it('answers 204, then the key gets 401 at once, and the audit names the key, its name and owner', async () => {
      const { id, api } = await h.admin.createKey({ name: 'leaked', role: 'admin', owner: 'leaky@vendor.example' });
      await api.get('/v1/incidents').expect(200);
      await h.admin.delete(`/v1/api-keys/${id}`).expect(204);
      const refused = await api.get('/v1/incidents').expect(401);
      expect(refused.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      await api.post('/v1/api-keys', { name: 'x', role: 'admin', owner: 'x' }).expect(401);
      expect((await row(id)).revokedAt).not.toBeNull();
      const entries = (await audit('api_key.revoked')).filter((e) => e.subject === `api_key:${id}`);
      expect(entries).toEqual([expect.objectContaining({ actor: expect.any(String), details: expect.objectContaining({ id, name: 'leaked', owner: 'leaky@vendor.example' }) })]);
      // Again: still revoked, nothing more recorded.
      await h.admin.delete(`/v1/api-keys/${id}`).expect(204);
      expect((await audit('api_key.revoked')).filter((e) => e.subject === `api_key:${id}`)).toHaveLength(1);
    });

    it('answers 404 for an unknown key, 400 for an id that is not one, 403 to other roles', async () => {
      const unknown = await h.admin.delete('/v1/api-keys/00000000-0000-4000-8000-000000000000').expect(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      const bad = await h.admin.delete('/v1/api-keys/not-a-uuid').expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
      const { id } = await h.admin.createKey({ name: 'kept', role: 'auditor', owner: 'kept@vendor.example' });
      await h.approver.delete(`/v1/api-keys/${id}`).expect(403);
      await h.auditor.delete(`/v1/api-keys/${id}`).expect(403);
      expect((await row(id)).revokedAt).toBeNull();
    });

    it('ends the console sessions and the live-progress streams of the revoked key', async () => {
      const { id, key } = await h.admin.createKey({ name: 'console user', role: 'admin', owner: 'console@vendor.example' });
      const incidentId = await fileIncident(h.admin);
      const user = await ConsoleClient.signIn(h.baseUrl, key);
      await user.page(`/console/incidents/${incidentId}`);
      let opened = false;
      const request = user.agent
        .get(`/console/incidents/${incidentId}/progress/stream`)
        .set('Accept', 'text/event-stream')
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            opened = true;
          });
          response.on('end', () => done(null, text));
        });
      const stream = request.then((res) => res);
      let ended: Awaited<typeof stream>;
      let timer: NodeJS.Timeout | undefined;
      try {
        await waitUntil(() => opened, { message: 'the progress stream did not open' });
        await h.admin.delete(`/v1/api-keys/${id}`).expect(204);
        const stillOpen = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the stream of a revoked key is still open after 15 s')), 15_000)));
        ended = await Promise.race([stream, stillOpen]);
      } finally {
        clearTimeout(timer);
        request.abort(); // an open stream would hold the server open
      }
      expect(ended.status).toBe(200);
      expect(ended.body as string).toContain('event: signed-out');
      const next = await user.agent.get(`/console/incidents/${incidentId}`).expect(303);
      expect(next.headers.location).toMatch(/^\/console\/login/);
      expect(await count('SELECT count(*) AS n FROM console_session WHERE api_key_id = $1', [id])).toBe(0);
      // Signing in again with it is refused too.
      expect((await new ConsoleClient(h.baseUrl).login(key)).status).toBe(401);
    });
  });

  describe('four eyes per person', () => {
    it('refuses approval by another key of the person who filed the version', async () => {
      const annaAdmin = await h.admin.createKey({ name: 'anna (admin)', role: 'admin', owner: 'anna@vendor.example' });
      const annaApprover = await h.admin.createKey({ name: 'anna (approver)', role: 'approver', owner: 'anna@vendor.example' });
      const id = await fileIncident(annaAdmin.api);
      const refused = await annaApprover.api.post(`/v1/incidents/${id}/approve`).expect(409);
      expect(refused.body.message).toContain('Four-eyes rule');
      expect((await h.admin.get(`/v1/incidents/${id}`).expect(200)).body.status).toBe('draft');
      expect((await audit('incident.approved')).filter((e) => e.subject === `incident:${id}`)).toHaveLength(0);
    });

    it('accepts approval by a different person, and the audit names both owners', async () => {
      const bert = await h.admin.createKey({ name: 'bert', role: 'admin', owner: 'bert@vendor.example' });
      const id = await fileIncident(bert.api);
      const approved = await h.approver.post(`/v1/incidents/${id}/approve`).expect(200);
      expect(approved.body.status).toBe('approved');
      const [entry] = (await audit('incident.approved')).filter((e) => e.subject === `incident:${id}`);
      expect(entry.details).toEqual({ version: 1, creatorOwner: 'bert@vendor.example', approverOwner: 'approver@vendor.example' });
    });
  });

  describe('rotating ADMIN_API_KEY', () => {
    const restart = async (adminKey: string) => {
      await h.api.close();
      h.env = { ...h.env, ADMIN_API_KEY: adminKey };
      h.config = loadConfig(h.env);
      h.api = await createApiApp(h.config);
      await h.api.listen(h.config.port, '127.0.0.1');
      h.admin = new Api(h.baseUrl, adminKey);
    };

    it('revokes the previous bootstrap key when the API starts with a different value', async () => {
      const oldKey = h.env.ADMIN_API_KEY!;
      const oldId = (await list()).find((k) => k.owner === 'bootstrap')!.id;
      const newKey = `bc_admin_${randomBytes(16).toString('hex')}`;
      await restart(newKey);

      await new Api(h.baseUrl, oldKey).get('/v1/incidents').expect(401);
      const items = await list();
      expect(items.find((k) => k.id === oldId)!.revokedAt).not.toBeNull();
      const live = items.filter((k) => k.owner === 'bootstrap' && !k.revokedAt);
      expect(live).toEqual([expect.objectContaining({ role: 'admin' })]);
      expect(live[0].id).not.toBe(oldId);
      const revoked = (await audit('api_key.revoked')).filter((e) => e.subject === `api_key:${oldId}`);
      expect(revoked).toEqual([expect.objectContaining({ actor: 'system', details: expect.objectContaining({ id: oldId, owner: 'bootstrap', reason: 'rotation' }) })]);
      // Other keys are untouched.
      await h.approver.get('/v1/incidents').expect(200);
    });

    it('revokes nothing when it starts again with the same value', async () => {
      const before = (await audit('api_key.revoked')).length;
      await restart(h.env.ADMIN_API_KEY!);
      await h.admin.get('/v1/incidents').expect(200);
      expect((await audit('api_key.revoked')).length).toBe(before);
    });
  });
});
