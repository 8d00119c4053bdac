import request from 'supertest';
import { incident, tenant } from './support/delivery-fixtures';
import { Harness } from './support/harness';

/** The HTTP edge: DTOs through Nest's ValidationPipe, UUID parameters, typed answers in the OpenAPI document, the health check. */
describe('HTTP edge', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('OpenAPI document', () => {
    it('describes the body of every success answer of every operation with a schema', async () => {
      const doc = (await request(h.baseUrl).get('/docs-json').expect(200)).body;
      const missing: string[] = [];
      let checked = 0;
      for (const [path, item] of Object.entries<Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          const success = Object.entries(op.responses).filter(([code]) => /^2\d\d$/.test(code));
          if (success.length === 0) missing.push(`${method.toUpperCase()} ${path}: no success answer`);
          for (const [code, answer] of success.filter(([code]) => code !== '204')) {
            checked++;
            const media = Object.entries(answer.content ?? {});
            if (media.length === 0 || media.some(([, m]) => !m.schema)) missing.push(`${method.toUpperCase()} ${path} ${code}`);
          }
        }
      }
      expect(checked).toBeGreaterThan(20);
      expect(missing).toEqual([]);
    });
  });

  describe('bodies and queries', () => {
    it('refuses a property a body does not have, naming it, and creates nothing', async () => {
      const res = await h.admin.post('/v1/api-keys', { name: 'x', role: 'auditor', owner: 'x@vendor.example', admin: true }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'The API key request is invalid: admin' });
      expect(res.body.errors).toEqual([{ field: 'admin', message: 'property admin should not exist' }]);
      expect(await h.db.query(`SELECT 1 FROM api_key WHERE name = 'x'`)).toEqual([]);
    });

    it('lists every bad field of a body by its path, as before', async () => {
      const res = await h.admin.post('/v1/api-keys', { name: '', role: 'root', owner: 'a\u0000b' }).expect(400);
      expect(res.body.message).toMatch(/^The API key request is invalid: /);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['name', 'owner', 'role']);
    });

    it('answers 400 naming the field for text a validator cannot read (an unpaired surrogate in an email)', async () => {
      const contacts = [{ role: 'dpo', email: 'iod@poznan.\ud800example' }];
      const res = await h.admin.put('/v1/tenants/edge-co', { ...tenant('edge-co', []), contacts }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: 'The tenant is invalid: contacts[0].email' });
      expect(await h.db.query(`SELECT 1 FROM tenant WHERE external_id = 'edge-co'`)).toEqual([]);
    });

    it('refuses a query parameter a list does not take, naming it', async () => {
      const res = await h.admin.get('/v1/incidents?limit=5&colour=red').expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'The query is invalid: colour' });
      expect(res.body.errors).toEqual([{ field: 'colour', message: 'property colour should not exist' }]);
    });

    it('names a bad limit, cursor or time of a list query', async () => {
      const audit = await h.admin.get('/v1/audit?limit=0&cursor=abc&from=yesterday').expect(400);
      expect(audit.body.message).toBe('The audit query is invalid: limit, cursor, from');
      const notices = await h.admin.get('/v1/notices?status=lost&channel=fax&incidentId=12').expect(400);
      expect(notices.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['channel', 'incidentId', 'status']);
      await h.admin.get('/v1/tenants/x/evidence').expect(400, /incidentId is required/);
    });

    it('files an incident through the body DTO', async () => {
      const created = await h.admin.post('/v1/incidents', incident('EDGE-1')).expect(201);
      expect(created.body).toMatchObject({ reference: 'EDGE-1', version: 1, status: 'draft' });
      const bad = await h.admin.post('/v1/incidents', { ...incident('EDGE-2'), severity: 'high' }).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'severity', message: 'property severity should not exist' }]);
    });
  });

  describe('UUID parameters', () => {
    it('answers 400 naming the parameter for a key id, 404 naming the value for an incident or notice id', async () => {
      const key = await h.admin.delete('/v1/api-keys/nope').expect(400);
      expect(key.body).toMatchObject({ message: 'The API key id is invalid: id', errors: [{ field: 'id', message: 'id must be a UUID' }] });
      await h.admin.get('/v1/incidents/nope').expect(404, /Incident nope does not exist/);
      await h.admin.get('/v1/incidents/nope/progress').expect(404, /Incident nope does not exist/);
      await h.admin.get('/v1/notices/nope').expect(404, /Notice nope does not exist/);
    });
  });

  describe('GET /health', () => {
    it('answers the checks of the database and Redis, in the terminus shape as well, and that no worker consumes (this suite runs none) without failing', async () => {
      const res = await request(h.baseUrl).get('/health').expect(200);
      expect(res.body).toEqual({
        status: 'ok',
        checks: { database: { status: 'up' }, redis: { status: 'up' }, worker: { status: 'down', consuming: 0, error: 'no worker is consuming' } },
        info: { database: { status: 'up' }, redis: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' }, redis: { status: 'up' } },
      });
    });
  });
});
