import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { Api } from './support/api-client';
import { ConsoleClient, formValues, incidentForm } from './support/console-client';
import { Harness, REDIS_URL, scenario } from './support/harness';

/**
 * The console over HTTP as a browser uses it: cookie session, CSRF tokens, roles, forms with
 * errors by field, the tenant import, live progress, the delivery log and the audit page.
 */
describe('console', () => {
  let h: Harness;
  let admin: ConsoleClient;
  const sms = scenario('sms-gateway-archive');
  /** The markup of one form field: its label, hint and errors come before the control with this id. */
  const fieldBlock = (html: string, id: string) => html.slice(html.lastIndexOf('<div class="field', html.indexOf(`id="${id}"`)), html.indexOf(`id="${id}"`));
  const count = async (sql: string, params: unknown[] = []) => Number((await h.db.query(sql, params))[0].n);

  beforeAll(async () => {
    h = await Harness.start();
    admin = await ConsoleClient.signIn(h.baseUrl, h.env.ADMIN_API_KEY!);
  });

  afterAll(() => h?.close());

  describe('sign-in', () => {
    it('sends a visitor without a session to the sign-in page, and back after signing in', async () => {
      const visitor = new ConsoleClient(h.baseUrl);
      const res = await visitor.agent.get('/console/deliveries?channel=sms').expect(303);
      expect(res.headers.location).toBe('/console/login?next=%2Fconsole%2Fdeliveries%3Fchannel%3Dsms');
      const signedIn = await visitor.login(h.auditor.key!, '/console/deliveries?channel=sms');
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.location).toBe('/console/deliveries?channel=sms');
    });

    it('keeps a random session id in an httpOnly SameSite=Strict cookie, and only its hash in the database', async () => {
      const visitor = new ConsoleClient(h.baseUrl);
      const res = await visitor.login(h.approver.key!);
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('bc_console='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/console/);
      const sessionId = /^bc_console=([^;]+)/.exec(cookie)![1];
      expect(sessionId).not.toContain(h.approver.key);
      const hash = createHash('sha256').update(sessionId).digest('hex');
      expect(await count('SELECT count(*) AS n FROM console_session WHERE id_hash = $1', [hash])).toBe(1);
      expect(await count('SELECT count(*) AS n FROM console_session WHERE id_hash = $1 OR csrf_token = $2', [sessionId, h.approver.key])).toBe(0);
    });

    it('refuses a wrong key with a message and no session', async () => {
      const visitor = new ConsoleClient(h.baseUrl);
      const res = await visitor.login('bc_not-a-key-at-all-000000');
      expect(res.status).toBe(401);
      expect(res.text).toContain('That API key is not valid');
      await visitor.agent.get('/console/incidents').expect(303);
    });

    it('stops an address after 10 failed sign-ins for 15 minutes, with Retry-After, and only that address', async () => {
      const guesser = new ConsoleClient(h.baseUrl);
      guesser.agent.set('X-Forwarded-For', '203.0.113.7');
      const firstTry = Date.now();
      for (let i = 0; i < 10; i++) expect((await guesser.login(`bc_guess-${i}-0000000000000000`)).status).toBe(401);
      const blocked = await guesser.login(h.env.ADMIN_API_KEY!);
      expect(blocked.status).toBe(429);
      // 15 minutes from the first failure, less the time these sign-ins took (long on a busy machine)
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(15 * 60 - Math.ceil((Date.now() - firstTry) / 1000));
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect(blocked.text).toContain('Too many failed sign-ins from this address; try again in 15 minutes');
      await guesser.agent.get('/console/incidents').expect(303);

      const neighbour = new ConsoleClient(h.baseUrl);
      neighbour.agent.set('X-Forwarded-For', '203.0.113.8');
      expect((await neighbour.login(h.env.ADMIN_API_KEY!)).status).toBe(303);
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${h.env.QUEUE_PREFIX}:console-sign-in:*`);
      redis.disconnect();
      // Counted per address, which is kept hashed.
      expect(keys).toContain(`${h.env.QUEUE_PREFIX}:console-sign-in:${createHash('sha256').update('203.0.113.7').digest('hex').slice(0, 32)}`);
      expect(keys.join(' ')).not.toContain('203.0.113');
    });

    it('refuses a login form that was not issued to this browser', async () => {
      const visitor = new ConsoleClient(h.baseUrl);
      const res = await visitor.agent.post('/console/login').type('form').send({ _csrf: 'forged', key: h.env.ADMIN_API_KEY });
      expect(res.status).toBe(403);
      await visitor.agent.get('/console/incidents').expect(303);
    });

    it('signs out: the session ends on the server, not only in the browser', async () => {
      const user = await ConsoleClient.signIn(h.baseUrl, h.auditor.key!);
      const before = await count('SELECT count(*) AS n FROM console_session');
      await user.post('/console/logout', {}).expect(303);
      expect(await count('SELECT count(*) AS n FROM console_session')).toBe(before - 1);
      await user.agent.get('/console/incidents').expect(303);
    });

    it('ends the session of a key that is revoked', async () => {
      const created = (await h.admin.post('/v1/api-keys', { name: 'short-lived', role: 'auditor', owner: 'short-lived@vendor.example' }).expect(201)).body;
      const user = await ConsoleClient.signIn(h.baseUrl, created.key);
      await user.page('/console/audit');
      await h.db.query('UPDATE api_key SET revoked_at = now() WHERE id = $1', [created.id]);
      await user.agent.get('/console/audit').expect(303);
    });
  });

  describe('forms', () => {
    it('rejects a form without the session’s CSRF token and writes nothing', async () => {
      const other = await ConsoleClient.signIn(h.baseUrl, h.env.ADMIN_API_KEY!);
      const form = incidentForm({ ...sms.incident, reference: 'CSRF-1' });
      expect((await admin.post('/console/incidents', form, null)).status).toBe(403);
      expect((await admin.post('/console/incidents', form, other.csrf)).status).toBe(403);
      expect(await count(`SELECT count(*) AS n FROM incident WHERE reference = 'CSRF-1'`)).toBe(0);
    });

    it('shows the domain’s problems beside the fields they name, keeps what was typed, writes nothing', async () => {
      const form = { ...incidentForm(sms.incident), reference: 'BAD-1', 'title.en': '', 'title.pl': '', 'title.de': '', 'contact.email': 'not-an-email', 'scope.exposedTo': '2017-01-01', channels: [] };
      const res = await admin.post('/console/incidents', form).expect(400);
      expect(fieldBlock(res.text, 'f-contact-email')).toContain('email must be an email address');
      expect(fieldBlock(res.text, 'f-title-en')).toContain('title is required');
      expect(res.text).toMatch(/id="f-channels"[\s\S]{0,400}channels must contain at least 1 elements/);
      expect(res.text).toMatch(/href="#f-contact-email"/);
      expect(res.text).toContain('value="not-an-email"');
      expect(await count(`SELECT count(*) AS n FROM incident WHERE reference = 'BAD-1'`)).toBe(0);
    });

    it('puts a reference already in use on the reference field', async () => {
      await admin.post('/console/incidents', incidentForm({ ...sms.incident, reference: 'DUP-1' })).expect(303);
      const res = await admin.post('/console/incidents', incidentForm({ ...sms.incident, reference: 'DUP-1' })).expect(409);
      expect(fieldBlock(res.text, 'f-reference')).toContain('An incident with reference DUP-1 already exists');
    });
  });

  describe('tenant import', () => {
    const header = 'externalId,name,locale,country,timezone,contacts,exposures';
    const row = (id: string, phone = '+48501234001') =>
      `${id},Tenant ${id},pl,PL,Europe/Warsaw,"[{""role"":""dpo"",""email"":""dpo@${id}.example"",""phone"":""${phone}""}]","[{""system"":""crm"",""dataCategories"":[""email""]}]"`;

    it('lists every bad CSV row with its field, and imports nothing', async () => {
      const csv = [header, row('csv-a'), row('csv-b', '12345'), 'csv-c,C,xx,PL,Europe/Warsaw,"[]",'].join('\n');
      const res = await admin.post('/console/tenants/import', { content: csv }).expect(400);
      expect(res.text).toContain('Nothing was imported: 2 of 3 rows are invalid');
      expect(res.text).toMatch(/<th scope="row">2<\/th><td>csv-b<\/td><td><code>contacts\[0\]\.phone<\/code><\/td>/);
      expect(res.text).toMatch(/<th scope="row">3<\/th><td>csv-c<\/td><td><code>locale<\/code><\/td>/);
      expect(await count(`SELECT count(*) AS n FROM tenant WHERE external_id LIKE 'csv-%'`)).toBe(0);
    });

    it('imports a valid CSV and a JSON file, then finds them by search', async () => {
      await admin.post('/console/tenants/import', { content: [header, row('csv-a'), row('csv-b')].join('\r\n') }).expect(303);
      const json = await admin.post('/console/tenants/import', { content: JSON.stringify({ tenants: sms.tenants }) }).expect(303);
      expect((await admin.page(json.headers.location)).text).toContain(`Imported ${sms.tenants.length} tenants (${sms.tenants.length} new, 0 updated)`);
      const found = await admin.page('/console/tenants?search=csv-');
      expect(found.text).toContain('Tenant csv-a');
      expect(found.text).toContain('Tenant csv-b');
      expect(found.text).not.toContain('<th scope="row">city-north</th>');
    });
  });

  describe('roles', () => {
    it('shows an auditor read-only pages and refuses its writes', async () => {
      const auditor = await ConsoleClient.signIn(h.baseUrl, h.auditor.key!);
      const list = await auditor.page('/console/incidents');
      expect(list.text).not.toContain('New incident');
      expect((await auditor.page('/console/tenants')).text).not.toContain('Import tenants');
      const res = await auditor.post('/console/incidents', incidentForm({ ...sms.incident, reference: 'AUD-1' })).expect(403);
      expect(res.text).toContain('auditor');
      expect(await count(`SELECT count(*) AS n FROM incident WHERE reference = 'AUD-1'`)).toBe(0);
    });
  });

  describe('keys', () => {
    const keyCount = () => count('SELECT count(*) AS n FROM api_key');

    it('is a page for admins only', async () => {
      expect((await admin.page('/console/incidents')).text).toContain('href="/console/keys"');
      const approver = await ConsoleClient.signIn(h.baseUrl, h.approver.key!);
      expect((await approver.page('/console/incidents')).text).not.toContain('href="/console/keys"');
      await approver.agent.get('/console/keys').expect(403);
      expect((await approver.post('/console/keys', { name: 'sneaky', role: 'admin', owner: 'me' })).status).toBe(403);
    });

    it('lists the keys with their owners and never a key; creates one for its owner and shows it once', async () => {
      const page = await admin.page('/console/keys');
      expect(page.text).toMatch(/<td>approver<\/td><td>approver<\/td><td>approver@vendor\.example<\/td>/);
      expect(page.text).toContain('<td>bootstrap</td>');
      expect(page.text).not.toContain(h.approver.key);
      const created = await admin.post('/console/keys', { name: 'made in console', role: 'approver', owner: 'eve@vendor.example' }).expect(201);
      const key = /<code id="new-key">(bc_[^<]+)<\/code>/.exec(created.text)?.[1];
      expect(key).toBeDefined();
      expect(created.text).toContain('eve@vendor.example');
      await new Api(h.baseUrl, key!).get('/v1/incidents').expect(200);
      expect((await admin.page('/console/keys')).text).not.toContain(key);
      const listed = (await h.admin.get('/v1/api-keys').expect(200)).body.items;
      expect(listed.find((k: { name: string }) => k.name === 'made in console')).toMatchObject({ role: 'approver', owner: 'eve@vendor.example' });
    });

    it('shows each bad field of the create form beside it, and creates nothing', async () => {
      const before = await keyCount();
      const res = await admin.post('/console/keys', { name: '', role: 'root', owner: '' }).expect(400);
      for (const id of ['f-key-name', 'f-key-role', 'f-key-owner']) expect(fieldBlock(res.text, id)).toContain('class="error-text"');
      expect(fieldBlock(res.text, 'f-key-owner')).toContain('owner');
      expect(await keyCount()).toBe(before);
    });

    it('refuses a create or revoke form without the session’s CSRF token', async () => {
      const before = await keyCount();
      expect((await admin.post('/console/keys', { name: 'forged', role: 'admin', owner: 'mallory' }, null)).status).toBe(403);
      expect(await keyCount()).toBe(before);
      const { id } = await h.admin.createKey({ name: 'target', role: 'auditor', owner: 'target@vendor.example' });
      expect((await admin.post(`/console/keys/${id}/revoke`, {}, 'forged')).status).toBe(403);
      expect(await count('SELECT count(*) AS n FROM api_key WHERE id = $1 AND revoked_at IS NULL', [id])).toBe(1);
    });

    it('revokes a key from its row: the key is refused at once and its console sessions end', async () => {
      const { id, key } = await h.admin.createKey({ name: 'to revoke', role: 'admin', owner: 'gone@vendor.example' });
      const user = await ConsoleClient.signIn(h.baseUrl, key);
      expect((await admin.page('/console/keys')).text).toContain(`action="/console/keys/${id}/revoke"`);
      const res = await admin.post(`/console/keys/${id}/revoke`, {}).expect(303);
      expect((await admin.page(res.headers.location)).text).toContain('Revoked the key “to revoke” of gone@vendor.example');
      await new Api(h.baseUrl, key).get('/v1/incidents').expect(401);
      await user.agent.get('/console/incidents').expect(303);
      const [entry] = (await h.admin.get(`/v1/audit?action=api_key.revoked&subject=api_key:${id}`).expect(200)).body.items;
      expect(entry.details).toMatchObject({ id, name: 'to revoke', owner: 'gone@vendor.example' });
      expect((await admin.page('/console/keys')).text).not.toContain(`action="/console/keys/${id}/revoke"`);
    });
  });

  describe('the facts a DPO can act on, from the form', () => {
    let id: string;
    const facts = {
      language: 'en',
      'service.en': 'SMS gateway',
      'service.pl': 'bramka SMS',
      'systemNames.en': 'sms-gateway = SMS gateway',
      'systemNames.pl': 'sms-gateway = bramka SMS',
      containedAt: '2023-04-19T10:15',
      'findings.accessed': 'yes',
      'findings.exfiltrated': 'unknown',
      'findings.published': 'no',
      'findings.misused': '',
      encryption: 'none',
      'notAffected.en': 'Payment data is held in another system and was not affected.',
      ruledOutCategories: ['payment_data'],
      'notifications.0.to': '',
      'notifications.0.name': '',
      'notifications.0.at': '',
      'notifications.0.reference': '',
      'notifications.1.to': 'authority',
      'notifications.1.name': 'Prezes UODO',
      'notifications.1.at': '2023-04-19T15:30',
      'notifications.1.reference': 'DKN.5130.1234.2023',
      'notifications.2.to': '',
      'notifications.2.name': '',
      'delayReason.en': 'Our sub-processor told us only on 19 April.',
      'contact.name.pl': 'Inspektor Ochrony Danych',
      'contact.availability.en': '24/7',
      'contact.dpo.name': 'Maria Kowalska',
      'contact.dpo.email': 'maria.kowalska@sms-vendor.example',
      'contact.dpo.phone': '',
    };
    const expected = {
      language: 'en',
      service: { en: 'SMS gateway', pl: 'bramka SMS' },
      systemNames: { 'sms-gateway': { en: 'SMS gateway', pl: 'bramka SMS' } },
      containedAt: '2023-04-19T10:15:00Z',
      contained: true,
      findings: { accessed: 'yes', exfiltrated: 'unknown', published: 'no' },
      encryption: 'none',
      notAffected: 'Payment data is held in another system and was not affected.',
      ruledOutCategories: ['payment_data'],
      notifications: [{ to: 'authority', name: 'Prezes UODO', at: '2023-04-19T15:30:00Z', reference: 'DKN.5130.1234.2023' }],
      delayReason: 'Our sub-processor told us only on 19 April.',
      contact: {
        name: { en: sms.incident.contact.name, pl: 'Inspektor Ochrony Danych' },
        email: sms.incident.contact.email,
        phone: sms.incident.contact.phone,
        availability: '24/7',
        dpo: { name: 'Maria Kowalska', email: 'maria.kowalska@sms-vendor.example' },
      },
    };

    it('files them as the form says them, blank rows left out', async () => {
      const res = await admin.post('/console/incidents', { ...incidentForm({ ...sms.incident, reference: 'FACTS-1' }), ...facts }).expect(303);
      id = /\/console\/incidents\/([0-9a-f-]{36})\?done=filed/.exec(res.headers.location)![1];
      const filed = (await h.admin.get(`/v1/incidents/${id}`).expect(200)).body;
      expect(filed).toMatchObject(expected);
      expect(filed.findings).not.toHaveProperty('misused');
      expect(filed.notifications).toHaveLength(1);
    });

    it('shows a bad notification row and a bad DPO email beside their fields, keeping what was typed', async () => {
      const form = { ...incidentForm({ ...sms.incident, reference: 'FACTS-BAD' }), ...facts, 'notifications.1.to': '', 'contact.dpo.email': 'maria at vendor' };
      const res = await admin.post('/console/incidents', form).expect(400);
      expect(fieldBlock(res.text, 'f-notifications-1-to')).toContain('to must be one of the following values');
      expect(fieldBlock(res.text, 'f-contact-dpo-email')).toContain('email must be an email address (the DPO needs an email or a phone)');
      expect(res.text).toMatch(/href="#f-notifications-1-to"/);
      expect(formValues(res.text)).toMatchObject({ 'notifications.1.name': 'Prezes UODO', 'contact.dpo.email': 'maria at vendor', 'contact.name.pl': 'Inspektor Ochrony Danych' });
      expect(await count(`SELECT count(*) AS n FROM incident WHERE reference = 'FACTS-BAD'`)).toBe(0);
    });

    it('prefills the update form with them, and an update sends only the fact that changed', async () => {
      await h.approver.post(`/v1/incidents/${id}/approve`, { acceptLanguageGaps: true }).expect(200);
      await h.admin.post(`/v1/incidents/${id}/dispatch`).expect(202);
      const page = await admin.page(`/console/incidents/${id}/update`);
      expect(page.text).not.toContain('[object Object]');
      const prefilled = formValues(page.text);
      expect(prefilled).toMatchObject({
        language: 'en',
        'service.pl': 'bramka SMS',
        'systemNames.pl': 'sms-gateway = bramka SMS',
        containedAt: '2023-04-19T10:15',
        'findings.accessed': 'yes',
        'findings.misused': '',
        encryption: 'none',
        ruledOutCategories: 'payment_data',
        'notifications.0.to': 'authority',
        'notifications.0.at': '2023-04-19T15:30',
        'notifications.1.name': '',
        'contact.name.en': sms.incident.contact.name,
        'contact.name.pl': 'Inspektor Ochrony Danych',
        'contact.availability.en': '24/7',
        'contact.dpo.name': 'Maria Kowalska',
      });
      await admin.post(`/console/incidents/${id}/updates`, { ...prefilled, 'changeSummary.en': 'The archive was copied out.', 'findings.exfiltrated': 'yes' }).expect(303);
      const v2 = (await h.admin.get(`/v1/incidents/${id}`).expect(200)).body;
      expect(v2).toMatchObject({ ...expected, version: 2, findings: { accessed: 'yes', exfiltrated: 'yes', published: 'no' } });
      const [entry] = await h.db.query(`SELECT details FROM audit_entry WHERE action = 'incident.updated' AND subject = $1`, [`incident:${id}`]);
      expect(entry.details.changed).toEqual(['findings']);
    });
  });

  describe('an incident from the form to done', () => {
    let id: string;

    beforeAll(async () => {
      const res = await admin.post('/console/incidents', incidentForm(sms.incident)).expect(303);
      id = /\/console\/incidents\/([0-9a-f-]{36})\?done=filed/.exec(res.headers.location)![1];
    });

    it('files exactly what the form said', async () => {
      const filed = (await h.admin.get(`/v1/incidents/${id}`).expect(200)).body;
      expect(filed).toMatchObject({ ...sms.incident, awareAt: '2023-04-19T14:00:00Z', occurredFrom: '2023-04-19T06:00:00Z', occurredTo: '2023-04-19T09:30:00Z' });
    });

    it('previews the affected tenants with sample notices: email in a sandboxed frame, SMS as text', async () => {
      const page = await admin.page(`/console/incidents/${id}`);
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.text).toMatch(new RegExp(`<strong>${sms.expected.affected.length}</strong> affected tenants`));
      expect(page.text).toMatch(/<iframe class="mail" sandbox="" title="Email to iod@city-north\.example[^"]*" srcdoc="&lt;!doctype html/i);
      expect(page.text).toMatch(/<pre class="sms">[^<]*INC-2023-0419/);
      expect(page.text).toContain('Four-eyes rule');
      expect(page.text).not.toContain('/approve"');
    });

    it('shows the language gaps beside the preview, per locale with its tenants, and offers approval with them', async () => {
      const approver = await ConsoleClient.signIn(h.baseUrl, h.approver.key!);
      const page = await approver.page(`/console/incidents/${id}`);
      const row = (locale: string) => new RegExp(`<tr data-locale="${locale}">[\\s\\S]*?</tr>`).exec(page.text)?.[0] ?? '';
      // The demo translates title and description into Polish and German; the other texts are in English only.
      expect(row('pl')).toMatch(/Polish \(pl\)<\/th><td>3<\/td>/);
      expect(row('pl')).toContain('<code>consequences</code>');
      expect(row('pl')).toContain('<code>contact.name</code>');
      expect(row('pl')).not.toContain('<code>title</code>');
      expect(row('de')).toMatch(/German \(de\)<\/th><td>1<\/td>/);
      expect(page.text).not.toContain('<tr data-locale="en">');
      expect(page.text).toContain('name="acceptLanguageGaps" value="true"');
      expect(page.text).toContain('Approve version 1 with these language gaps');
      const refused = await approver.post(`/console/incidents/${id}/approve`, {});
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('pl (3 tenants): consequences');
      expect((await h.admin.get(`/v1/incidents/${id}`).expect(200)).body.status).toBe('draft');
    });

    it('lets the approver approve, and the admin dispatch', async () => {
      const approver = await ConsoleClient.signIn(h.baseUrl, h.approver.key!);
      await approver.page(`/console/incidents/${id}`);
      expect((await approver.post(`/console/incidents/${id}/dispatch`, {})).status).toBe(403);
      const approved = await approver.post(`/console/incidents/${id}/approve`, { acceptLanguageGaps: 'true' }).expect(303);
      expect(approved.headers.location).toBe(`/console/incidents/${id}?done=approved`);
      expect((await admin.post(`/console/incidents/${id}/approve`, {})).status).toBe(409);
      await admin.post(`/console/incidents/${id}/dispatch`, {}).expect(303);
      expect((await h.admin.get(`/v1/incidents/${id}`).expect(200)).body.approvedBy).toBeTruthy();
    });

    it('streams progress as server-sent events until every notice has settled', async () => {
      const res = await admin.agent
        .get(`/console/incidents/${id}/progress/stream`)
        .set('Accept', 'text/event-stream')
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => done(null, text));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      const events = (res.body as string).split('\n\n').filter((e) => e.startsWith('event:'));
      expect(events[events.length - 1]).toBe('event: done\ndata: {}');
      const last = JSON.parse(events[events.length - 2].split('\ndata: ')[1]);
      expect(last).toMatchObject({ done: true, affectedTenants: sms.expected.affected.length });
      expect(last.settled).toBe(last.total);
      expect(last.rows.find((r: { status: string }) => r.status === 'sent').sms).toBeGreaterThan(0);
    });

    it('finds the notices in the delivery log by channel, exports them, and shows one notice’s events', async () => {
      const log = await admin.page(`/console/deliveries?incidentId=${id}&channel=sms`);
      const links = [...log.text.matchAll(/href="\/console\/deliveries\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
      const notices = (await h.admin.get(`/v1/notices?incidentId=${id}&channel=sms`).expect(200)).body.items;
      expect(links.sort()).toEqual(notices.map((n: { id: string }) => n.id).sort());
      expect((await admin.page(`/console/deliveries?incidentId=${id}&from=2000-01-01T00:00&to=2000-01-02T00:00`)).text).toContain('No notices match');
      const csv = await admin.agent.get(`/console/deliveries/export?incidentId=${id}`).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text.trim().split('\r\n')).toHaveLength(1 + (await h.notices(id)).length);
      const detail = await admin.page(`/console/deliveries/${links[0]}`);
      expect(detail.text).toMatch(/<ol class="timeline">[\s\S]*<strong>(queued|sent)<\/strong>/);
    });

    it('files an update from the prefilled form, sending only the fields that changed', async () => {
      const form = await admin.page(`/console/incidents/${id}/update`);
      expect(form.text).toContain(`>${sms.incident.measuresTaken}</textarea>`);
      const update = { ...formValues(form.text), 'changeSummary.en': 'The attacker’s access path is now known.', 'measuresTaken.en': 'Keys rotated; the archive moved behind the VPN.' };
      await admin.post(`/console/incidents/${id}/updates`, update).expect(303);
      const v2 = (await h.admin.get(`/v1/incidents/${id}`).expect(200)).body;
      expect(v2).toMatchObject({ version: 2, status: 'draft', measuresTaken: 'Keys rotated; the archive moved behind the VPN.', title: sms.incident.title, awareAt: sms.incident.awareAt });
      const [entry] = await h.db.query(`SELECT details FROM audit_entry WHERE action = 'incident.updated' AND subject = $1`, [`incident:${id}`]);
      expect(entry.details.changed).toEqual(['measuresTaken']);
    });

    it('shows the audit trail with its verified chain, then the break once an entry is altered', async () => {
      const ok = await admin.page('/console/audit');
      expect(ok.text).toContain('Chain intact');
      expect(ok.text).toContain('incident.approved');
      await h.db.query(`UPDATE audit_entry SET details = '{"forged": true}' WHERE seq = 2`);
      const broken = await admin.page('/console/audit');
      expect(broken.text).toContain('Chain broken</strong> at entry 2');
    });
  });
});
