import request from 'supertest';
import { ConsoleClient } from './support/console-client';
import { Harness } from './support/harness';
import { ackTokenOf, mailTo, sampleIncident, sampleTenant } from './support/notice-fixtures';

/**
 * Every page and answer carries the same security headers, set in one place: no framing anywhere
 * (X-Frame-Options DENY and CSP frame-ancestors 'none'), a content security policy fit for each kind
 * of page (tenant's ack page, console, queue board, API docs, JSON API), and no MIME sniffing.
 */
type Headers = Record<string, string>;

/** The CSP as directive → sources. */
function csp(headers: Headers): Record<string, string[]> {
  const policy = headers['content-security-policy'] ?? '';
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...sources] = d.split(/\s+/);
        return [name, sources];
      }),
  );
}

function expectFramingRefused(surface: string, headers: Headers): void {
  expect({ surface, xfo: headers['x-frame-options'], ancestors: csp(headers)['frame-ancestors'], nosniff: headers['x-content-type-options'] }).toEqual({
    surface,
    xfo: 'DENY',
    ancestors: ["'none'"],
    nosniff: 'nosniff',
  });
}

/** Where a page's scripts and stylesheets come from. */
function resourcesOf(html: string): { scripts: string[]; inlineScripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const inlineScripts: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1])?.[1];
    if (src) scripts.push(src);
    else if (!/type="application\/json"/.test(m[1]) && m[2].trim()) inlineScripts.push(m[2].trim().slice(0, 80));
  }
  const styles = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/gi)].map((m) => /href="([^"]+)"/.exec(m[0])![1]);
  return { scripts, inlineScripts, styles };
}

describe('security headers', () => {
  let h: Harness;
  let token: string;
  /** The ack page before anyone acknowledged: it still shows the form. */
  let unacknowledged: request.Response;

  beforeAll(async () => {
    h = await Harness.start();
    const tenant = sampleTenant({ externalId: 'headers-co', locale: 'en', contacts: [{ role: 'dpo', email: 'dpo@headers-co.example', priority: 1 }] });
    await h.admin.post('/v1/tenants/import', { tenants: [tenant] }).expect(200);
    const id = await h.fileAndDispatch(sampleIncident({ reference: 'INC-HEADERS-1', channels: ['email'] }));
    await h.waitForCompletion(id);
    token = ackTokenOf(mailTo(await h.smtp.waitFor(1), 'dpo@headers-co.example').text);
    unacknowledged = await request(h.baseUrl).get(`/ack/${token}`).expect(200);
  });

  afterAll(() => h?.close());

  describe('acknowledgement pages', () => {
    it('refuse framing and allow no script, on the page, the JSON, the POST result and a 404', async () => {
      const answers: [string, request.Response][] = [
        ['GET page', await request(h.baseUrl).get(`/ack/${token}`).expect(200)],
        ['GET json', await request(h.baseUrl).get(`/ack/${token}.json`).expect(200)],
        ['POST page', await request(h.baseUrl).post(`/ack/${token}`).type('form').set('Accept', 'text/html').expect(200)],
        ['POST json', await request(h.baseUrl).post(`/ack/${token}`).set('Accept', 'application/json').expect(200)],
        ['unknown token', await request(h.baseUrl).get(`/ack/${'x'.repeat(22)}`).expect(404)],
      ];
      for (const [surface, res] of answers) {
        expectFramingRefused(surface, res.headers);
        const policy = csp(res.headers);
        expect({ surface, defaultSrc: policy['default-src'], scriptSrc: policy['script-src'] ?? policy['default-src'] }).toEqual({
          surface,
          defaultSrc: ["'none'"],
          scriptSrc: ["'none'"],
        });
        expect({ surface, referrer: res.headers['referrer-policy'] }).toEqual({ surface, referrer: 'no-referrer' });
      }
    });

    it('let the page show its own styles and post its own form, nowhere else', () => {
      const res = unacknowledged;
      const policy = csp(res.headers);
      expect(res.text).toContain('<style>');
      expect(policy['style-src']).toEqual(["'unsafe-inline'"]);
      expect(policy['form-action']).toEqual(["'self'"]);
      expect(policy['base-uri']).toEqual(["'none'"]);
      expect(res.text).toContain(`<form method="post" action="/ack/${token}">`);
      expect(resourcesOf(res.text)).toEqual({ scripts: [], inlineScripts: [], styles: [] });
    });
  });

  describe('console', () => {
    it('keeps its policy on every page, signed in or not, and on its assets and redirects', async () => {
      const admin = await ConsoleClient.signIn(h.baseUrl, h.env.ADMIN_API_KEY!);
      const answers: [string, request.Response][] = [
        ['login', await request(h.baseUrl).get('/console/login').expect(200)],
        ['redirect to login', await request(h.baseUrl).get('/console/incidents').expect(303)],
        ['incidents', await admin.page('/console/incidents')],
        ['asset', await request(h.baseUrl).get('/console/assets/console.js').expect(200)],
      ];
      for (const [surface, res] of answers) {
        expectFramingRefused(surface, res.headers);
        const policy = csp(res.headers);
        expect({ surface, defaultSrc: policy['default-src'], scriptSrc: policy['script-src'], frameSrc: policy['frame-src'] }).toEqual({
          surface,
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          frameSrc: ["'self'"],
        });
      }
      const page = answers[2][1];
      expect(page.headers['cache-control']).toBe('no-store');
      expect(resourcesOf(page.text)).toEqual({ scripts: ['/console/assets/console.js'], inlineScripts: [], styles: ['/console/assets/console.css'] });
    });
  });

  describe('queue board', () => {
    it('refuses framing and runs only its own scripts', async () => {
      const page = await h.admin.get('/console/queues').set('Accept', 'text/html').expect(200);
      expectFramingRefused('board', page.headers);
      const policy = csp(page.headers);
      expect(policy['default-src']).toEqual(["'none'"]);
      expect(policy['script-src']).toEqual(["'self'"]);
      expect(policy['base-uri']).toEqual(["'self'"]);
      const refused = await request(h.baseUrl).get('/console/queues').expect(401);
      expectFramingRefused('board, signed out', refused.headers);
    });

    it('still renders: its HTML names scripts and styles the policy allows, and each of them loads', async () => {
      const page = await h.admin.get('/console/queues').set('Accept', 'text/html').expect(200);
      expect(page.text).toContain('breachcast queues');
      const base = /<base href="([^"]+)"/.exec(page.text)![1];
      const { scripts, inlineScripts, styles } = resourcesOf(page.text);
      expect(inlineScripts).toEqual([]);
      expect(scripts.length).toBeGreaterThan(0);
      const policy = csp(page.headers);
      const own = (href: string) => !/^https?:/.test(href);
      for (const href of styles.filter((s) => !own(s))) expect(policy['style-src']).toContain(new URL(href).origin);
      for (const href of [...scripts, ...styles.filter(own)]) {
        const res = await h.admin.get(new URL(href, `${h.baseUrl}${base}`).pathname).expect(200);
        expect(res.headers['content-type']).toMatch(href.endsWith('.js') ? /javascript/ : /css/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      // Its data comes from its own API, which the policy lets it call.
      expect(policy['connect-src']).toEqual(["'self'"]);
      await h.admin.get('/console/queues/api/queues').expect(200);
    });
  });

  describe('API', () => {
    it('answers JSON with framing refused and nothing allowed to load, errors included', async () => {
      const answers: [string, request.Response][] = [
        ['health', await request(h.baseUrl).get('/health').expect(200)],
        ['incidents', await h.admin.get('/v1/incidents').expect(200)],
        ['401', await request(h.baseUrl).get('/v1/incidents').expect(401)],
        ['404', await h.admin.get('/v1/nothing-here').expect(404)],
        ['415', await h.admin.post('/v1/incidents').set('Content-Type', 'text/plain').send('x').expect(415)],
        ['openapi json', await request(h.baseUrl).get('/docs-json').expect(200)],
      ];
      for (const [surface, res] of answers) {
        expectFramingRefused(surface, res.headers);
        expect({ surface, defaultSrc: csp(res.headers)['default-src'] }).toEqual({ surface, defaultSrc: ["'none'"] });
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('serves the OpenAPI UI with its own scripts and styles allowed, and each of them loads', async () => {
      const page = await request(h.baseUrl).get('/docs/').expect(200);
      expectFramingRefused('docs', page.headers);
      const policy = csp(page.headers);
      expect(policy['script-src']).toEqual(["'self'"]);
      const { scripts, inlineScripts, styles } = resourcesOf(page.text);
      expect(inlineScripts).toEqual([]);
      for (const href of [...scripts, ...styles]) await request(h.baseUrl).get(new URL(href, `${h.baseUrl}/docs/`).pathname).expect(200);
    });
  });
});
