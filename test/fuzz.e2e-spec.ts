import { twilioSignature } from '@app/testing';
import request from 'supertest';
import { incident, tenant } from './support/delivery-fixtures';
import { Harness, TWILIO_TOKEN } from './support/harness';

/** Seeded, so a failure replays: FUZZ_SEED=<seed> npx jest test/fuzz.e2e-spec.ts */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Requests per operation of the OpenAPI document. */
const PER_OPERATION = 14;

/** mulberry32: a small PRNG with a 32-bit state. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const deepArray = (depth: number): unknown => (depth === 0 ? 1 : [deepArray(depth - 1)]);
const deepObject = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: deepObject(depth - 1) });

/** Values no field of ours takes as they are, and some that look almost right. */
const STRINGS = [
  '',
  ' ',
  '\u0000',
  'nul\u0000inside',
  'bell\u0007',
  '\u001b[2J\u001b[31mred',
  'line\nbreak',
  'tab\there',
  'c1\u0085\u009b',
  'bidi \u202Eevil\u202C',
  'isolate \u2066x\u2069',
  '\uD800',
  '\uDFFF lone',
  '\uFEFFbom',
  '\uFFFF\uFFFE',
  'e\u0301\u0301\u0301\u0301',
  '𝕏'.repeat(300),
  'مرحبا بالعالم',
  '👩‍👩‍👧‍👦',
  'x'.repeat(25_000),
  'y'.repeat(300_000),
  '%00',
  '%',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  '1e999',
  'NaN',
  '-0',
  'Infinity',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '2024-05-01T00:00:00+23:59',
  '9999-12-31T23:59:59+14:00',
  '2024-05-01',
  '00000000-0000-0000-0000-00000000000g',
  '00000000-0000-0000-0000-000000000000',
  'ZmFrZQ',
  '+4915',
  'a@',
];
/** Characters that have no place in stored text, and some that are fine. */
const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u001B', '\u007F', '\u0085', '\u009B', '\u202A', '\u202E', '\u2066', '\u2069', '\n', '\uD800', '\uFEFF'];
const SCALARS: unknown[] = [0, -1, 1.5, 2 ** 53 + 1, -1e308, 1e308, true, false, null];
const CONTAINERS = (): unknown[] => [[], {}, [[[]]], { a: { b: {} } }, [null], [1, 'a', {}], deepArray(40), deepObject(40), Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]))];

function junk(rng: Rng): unknown {
  const r = rng.next();
  if (r < 0.55) return rng.pick(STRINGS);
  if (r < 0.8) return rng.pick(SCALARS);
  return rng.pick(CONTAINERS());
}

/** Percent-encoding; a lone surrogate becomes the bytes of its CESU-8 form, which are not UTF-8. */
const enc = (value: string): string =>
  Array.from(value, (ch) => (/^[\uD800-\uDFFF]$/.test(ch) ? `%ED%${(0xa0 + ((ch.charCodeAt(0) >> 6) & 0x1f)).toString(16).toUpperCase()}%80` : encodeURIComponent(ch))).join('');

/** A short junk string for query and path parameters (URLs stay small). */
const junkParam = (rng: Rng): string => {
  const value = rng.pick(STRINGS);
  return value.length > 2000 ? value.slice(0, 2000) : value;
};

interface OpenApiOperation {
  parameters?: { in: string; name: string; schema?: { enum?: string[] } }[];
  requestBody?: { content: Record<string, { schema?: Record<string, any>; examples?: Record<string, { value: unknown }> }> };
}

/** A value of a schema (example, first enum value, or a placeholder), resolving $refs a few levels deep. */
function sample(schema: Record<string, any> | undefined, doc: any, depth = 0): unknown {
  if (!schema || depth > 4) return 'x';
  if (schema.$ref) return sample(doc.components.schemas[schema.$ref.split('/').pop()], doc, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.type === 'array') return [sample(schema.items, doc, depth + 1)];
  if (schema.type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries<Record<string, any>>(schema.properties ?? {}).map(([k, s]) => [k, sample(s, doc, depth + 1)]));
  }
  return schema.type === 'integer' || schema.type === 'number' ? 1 : 'x';
}

/** Every path to a value inside a body. */
function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (typeof value === 'object' && value !== null && at.length < 6) {
    for (const [k, v] of Object.entries(value)) paths(v, [...at, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

function replaceAt(body: unknown, at: (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const copy: any = Array.isArray(body) ? [...body] : { ...(body as object) };
  copy[at[0]] = replaceAt(copy[at[0]], at.slice(1), value);
  return copy;
}

interface FuzzRequest {
  method: string;
  path: string;
  query: string;
  /** A JSON value to send, or raw text with its content type. */
  json?: unknown;
  raw?: { type: string; text: string };
  form?: { text: string; signature?: string };
}

/** Raw bodies that JSON.stringify cannot make. */
const RAW_JSON = [
  '{"reference": ',
  '{"a":1,"a":2}',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '\uFEFF{}',
  '{"n": 1e400}',
  '{"s": "\\ud800\\udc00\\ud800"}',
  '{"s": "\\u0000"}',
  '[' .repeat(3000) + ']'.repeat(3000),
  '"just a string"',
  'null',
  '[]',
  '{"a": 1}'.repeat(2),
  '{\u0000}',
];

function fuzzQuery(rng: Rng, op: OpenApiOperation): string {
  const parts: string[] = [];
  for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
    const r = rng.next();
    if (r < 0.3) continue;
    if (r < 0.55) parts.push(`${enc(p.name)}=${enc(junkParam(rng))}`);
    else if (r < 0.7) parts.push(`${enc(p.name)}=${enc(junkParam(rng))}`, `${enc(p.name)}=${enc(junkParam(rng))}`);
    else if (r < 0.8) parts.push(`${enc(p.name)}[]=${enc(junkParam(rng))}`);
    else if (r < 0.85) parts.push(`${enc(p.name)}[__proto__]=${enc(junkParam(rng))}`);
    else parts.push(`${enc(p.name)}=${enc(p.schema?.enum?.[0] ?? '1')}`);
  }
  if (rng.chance(0.2)) parts.push(`${rng.pick(['__proto__', 'constructor[prototype]', 'unknown', '%00', 'a%00b'])}=${enc(junkParam(rng))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * The fuzzer: for every operation the app's own OpenAPI document lists, malformed bodies, query
 * strings and path parameters. No answer may be a 5xx, and a rejected request writes nothing.
 */
describe('fuzz', () => {
  let h: Harness;
  let doc: any;
  let incidentId: string;
  let fingerprintSql: string;

  const fingerprint = async (): Promise<string> => (await h.db.query(fingerprintSql))[0].f;

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.admin.put('/v1/tenants/fuzz-t', tenant('fuzz-t', [{ email: 'dpo@fuzz.example', phone: '+48612345678' }])).expect(201);
    incidentId = (await h.admin.post('/v1/incidents', incident('INC-FUZZ')).expect(201)).body.id;
    doc = (await request(h.baseUrl).get('/docs-json').expect(200)).body;
    const tables: string[] = (await h.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)).map(
      (r: { table_name: string }) => r.table_name,
    );
    // api keys are touched by every authenticated request (last use): their number counts, not their contents
    fingerprintSql = `SELECT ${tables
      .map((t) => `(SELECT count(*)::text || ':' || ${t === 'api_key' ? "'0'" : 'coalesce(sum(hashtext(x::text)::bigint), 0)::text'} FROM "${t}" x)`)
      .join(" || ',' || ")} AS f`;
  });

  afterAll(() => h?.close());

  /** A path of the document with each `{param}` filled: mostly bad values, sometimes a real one (reads only). */
  function fillPath(rng: Rng, template: string, method: string): string {
    return template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const real = name === 'externalId' ? 'fuzz-t' : name === 'id' ? incidentId : null;
      if (real && method === 'get' && rng.chance(0.3)) return real;
      return enc(rng.pick([junkParam(rng), junkParam(rng), `${incidentId}x`, incidentId.toUpperCase().replace(/-/g, ''), 'z'.repeat(5000)]));
    });
  }

  function fuzzRequest(rng: Rng, template: string, method: string, op: OpenApiOperation): FuzzRequest {
    const req: FuzzRequest = { method, path: fillPath(rng, template, method), query: fuzzQuery(rng, op) };
    const content = op.requestBody?.content ?? {};
    if (content['application/json']) {
      const media = content['application/json'];
      const example = Object.values(media.examples ?? {})[0]?.value ?? sample(media.schema, doc);
      const r = rng.next();
      const strings = paths(example).filter((at) => typeof at.reduce<any>((v, k) => v?.[k], example) === 'string');
      if (r < 0.3 && strings.length > 0) {
        // one character in one text of an otherwise valid body
        const at = rng.pick(strings);
        const text: string = at.reduce<any>((v, k) => v[k], example);
        const cut = rng.int(text.length + 1);
        req.json = replaceAt(example, at, text.slice(0, cut) + rng.pick(CONTROLS) + text.slice(cut));
      } else if (r < 0.6) {
        let body = example;
        const all = paths(example);
        for (let i = 0, n = 1 + rng.int(3); i < n; i++) body = replaceAt(body, rng.pick(all), junk(rng));
        req.json = body;
      } else if (r < 0.72) {
        req.json = { ...(example as object), [rng.pick(['__fuzz', 'a\u0000b', 'constructor', 'x'.repeat(1000)])]: junk(rng) };
      } else if (r < 0.85) {
        req.raw = { type: 'application/json', text: rng.pick(RAW_JSON) };
      } else if (r < 0.93) {
        req.json = junk(rng);
      } else {
        req.raw = { type: rng.pick(['text/plain', 'application/xml', 'application/json; charset=utf-7', 'multipart/form-data; boundary=x']), text: JSON.stringify(example) };
      }
    } else if (content['application/x-www-form-urlencoded']) {
      const params: Record<string, string> = { MessageSid: rng.pick(['SM' + '0'.repeat(32), junkParam(rng)]), MessageStatus: rng.pick(['delivered', 'failed', junkParam(rng)]) };
      if (rng.chance(0.5)) params[rng.pick(['ErrorCode', 'To', 'AccountSid', 'x\u0000'])] = junkParam(rng);
      let text = new URLSearchParams(params).toString();
      if (rng.chance(0.3)) text += `&MessageStatus=${encodeURIComponent(junkParam(rng))}`;
      // signed half the time: the signature covers what the parser will read
      const signed = rng.chance(0.5) && !text.includes('&MessageStatus=', text.indexOf('MessageStatus=') + 1);
      req.form = { text, signature: signed ? twilioSignature(TWILIO_TOKEN, `${h.baseUrl}/v1/webhooks/twilio/status`, params) : rng.pick(['', 'forged']) };
    } else if (method !== 'get' && rng.chance(0.5)) {
      req.json = junk(rng);
    }
    return req;
  }

  async function send(req: FuzzRequest): Promise<request.Response> {
    let test = (request(h.baseUrl) as any)[req.method](req.path + req.query).set('Authorization', `Bearer ${h.admin.key}`) as request.Test;
    if (req.form) test = test.type('form').set('X-Twilio-Signature', req.form.signature ?? '').send(req.form.text);
    else if (req.raw) test = test.set('Content-Type', req.raw.type).send(req.raw.text);
    else if (req.json !== undefined) test = test.set('Content-Type', 'application/json').send(JSON.stringify(req.json) ?? 'null');
    return test;
  }

  it(`answers every malformed request to every documented operation without a 5xx, and writes nothing when it refuses (seed ${SEED})`, async () => {
    const rng = prng(SEED);
    const failures: unknown[] = [];
    const counts: Record<string, { sent: number; accepted: number }> = {};
    for (const [template, item] of Object.entries<Record<string, OpenApiOperation>>(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${template}`;
        counts[name] = { sent: 0, accepted: 0 };
        const writes = method !== 'get';
        for (let i = 0; i < PER_OPERATION; i++) {
          const req = fuzzRequest(rng, template, method, op);
          const before = writes ? await fingerprint() : null;
          const res = await send(req);
          counts[name].sent++;
          const describe = () => ({ op: name, path: req.path.slice(0, 200), query: req.query.slice(0, 200), body: JSON.stringify(req.json ?? req.raw ?? req.form)?.slice(0, 300), status: res.status, answer: res.text.slice(0, 300) });
          // /health answers 503 when PostgreSQL or Redis is slow to answer: about them, not about the request
          if (res.status >= 500 && !(template === '/health' && res.status === 503)) failures.push(describe());
          if (res.status < 400) counts[name].accepted++;
          else if (writes && (await fingerprint()) !== before) failures.push({ ...describe(), problem: 'refused, yet the database changed' });
        }
      }
    }
    expect(failures).toEqual([]);
    const operations = Object.keys(counts);
    expect(operations.length).toBeGreaterThanOrEqual(20);
    // the input was malformed: most of it refused overall, and some of it by every operation that takes any
    const takesInput = (n: string) => {
      const [method, template] = n.split(' ');
      const op = doc.paths[template][method.toLowerCase()] as OpenApiOperation;
      return op.requestBody !== undefined || (op.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path');
    };
    expect(operations.filter((n) => takesInput(n) && counts[n].accepted === counts[n].sent)).toEqual([]);
    const sent = operations.reduce((sum, n) => sum + counts[n].sent, 0);
    const accepted = operations.reduce((sum, n) => sum + counts[n].accepted, 0);
    expect(accepted / sent).toBeLessThan(0.4);
  }, 120_000);
});
