import { waitUntil } from '@app/testing';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { Harness, scenario } from './support/harness';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, 'artifacts', 'console');
const SCENARIO_FILE = join(__dirname, '..', 'demo', 'scenarios', 'sms-gateway-archive.json');

/**
 * A vendor admin in a real browser (Debian's chromium, on the sandbox): import tenants, file the
 * SMS-archive incident from the form, preview (scope in sentences, the full list as CSV, a test send),
 * hand over to a second key for approval, dispatch, watch the live progress reach done, see it in the
 * incident list, open one notice's events, filter the audit trail. Each page is saved as a screenshot.
 */
describe('console walk in chromium', () => {
  const sms = scenario('sms-gateway-archive');
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let incidentUrl: string;
  const browserErrors: string[] = [];

  const shot = (name: string, fullPage = true) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
  const flash = () => page.locator('.flash').first().textContent();

  async function signIn(key: string): Promise<void> {
    await page.fill('#key', key);
    await page.click('button:has-text("Sign in")');
  }

  async function signOut(): Promise<void> {
    await page.click('button:has-text("Sign out")');
    await page.waitForURL(/\/console\/login\?signedOut=1$/);
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: run scripts/ensure-chromium.sh (apt-get install -y chromium)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await Harness.start({ env: { SMTP_URL: '', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    // Only bounds a failure: a loaded machine can take a while to render a page.
    page.setDefaultTimeout(120_000);
    // A refused form answers 400 by design; anything else the browser reports (a CSP refusal, a script error) is a defect.
    page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && browserErrors.push(m.text()));
    page.on('pageerror', (e) => browserErrors.push(e.message));
    page.on('dialog', (d) => void d.accept());
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('signs the admin in with an API key', async () => {
    await page.goto(`${h.baseUrl}/console`);
    await page.waitForURL(/\/console\/login/);
    await shot('01-sign-in');
    await signIn(h.env.ADMIN_API_KEY!);
    await page.waitForURL(/\/console\/incidents$/);
    expect(await page.locator('.who').textContent()).toContain('admin');
  });

  it('shows a bad CSV import row by row, then imports the scenario’s JSON file', async () => {
    await page.click('nav >> text=Tenants');
    const csv = 'externalId,name,locale,country,timezone,contacts,exposures\nok-1,Fine Ltd,en,GB,Europe/London,"[{""role"":""dpo"",""email"":""dpo@fine.example""}]",\nbad-2,Bad Ltd,xx,GB,Europe/London,"[{""role"":""dpo"",""phone"":""123""}]",\n';
    await page.setInputFiles('#import-file', { name: 'tenants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await waitUntil(async () => (await page.inputValue('#import-content')).includes('bad-2'), { message: 'the CSV file to be read into the form' });
    await page.click('button:has-text("Import")');
    await page.waitForSelector('.error-summary');
    expect(await flash()).toContain('Nothing was imported: 1 of 2 rows are invalid');
    expect(await page.locator('.error-summary tbody tr').allTextContents()).toEqual([expect.stringMatching(/^2bad-2locale/), expect.stringMatching(/^2bad-2contacts\[0\]\.phone/)]);
    await shot('02-tenants-import-errors');

    await page.setInputFiles('#import-file', SCENARIO_FILE);
    await waitUntil(async () => (await page.inputValue('#import-content')).includes('"tenants"'), { message: 'the JSON file to be read into the form' });
    await page.click('button:has-text("Import")');
    await page.waitForURL(/imported=/);
    expect(await flash()).toContain(`Imported ${sms.tenants.length} tenants`);
    expect(await page.locator('tbody th[scope=row]').allTextContents()).toEqual(sms.tenants.map((t) => t.externalId).sort());
    await shot('03-tenants');
  });

  it('files the SMS-archive incident from the form, after fixing the field it flags', async () => {
    const incident = sms.incident;
    await page.click('nav >> text=Incidents');
    await page.click('text=New incident');
    await page.fill('#f-reference', incident.reference);
    await page.fill('#f-title-en', incident.title.en);
    await page.click('#f-title-en ~ details summary');
    await page.fill('#f-title-pl', incident.title.pl);
    await page.selectOption('#f-source-kind', incident.source.kind);
    await page.fill('#f-source-name', incident.source.name);
    await page.fill('#f-awareAt', incident.awareAt.slice(0, 16));
    await page.fill('#f-occurredFrom', incident.occurredFrom.slice(0, 16));
    await page.fill('#f-occurredTo', incident.occurredTo.slice(0, 16));
    await page.fill('#f-description-en', incident.description.en);
    await page.fill('#f-scope-systems', incident.scope.systems.join('\n'));
    for (const category of incident.scope.dataCategories as string[]) await page.check(`#f-scope-dataCategories-${category.replace(/_/g, '-')}`);
    await page.fill('#f-scope-exposedFrom', incident.scope.exposedFrom);
    await page.fill('#f-scope-exposedTo', incident.scope.exposedTo);
    await page.fill('#f-consequences-en', incident.consequences);
    await page.fill('#f-measuresTaken-en', incident.measuresTaken);
    await page.fill('#f-recommendedActions-en', incident.recommendedActions);
    await page.fill('#f-contact-name-en', incident.contact.name);
    await page.fill('#f-contact-email', 'dpo at sms-vendor');
    await page.fill('#f-contact-phone', incident.contact.phone);
    // The facts a DPO can act on: a name per language, findings, another notification, the DPO.
    await page.fill('#f-service-en', 'SMS gateway');
    await page.fill('#f-systemNames-en', 'sms-gateway = SMS gateway');
    await page.selectOption('#f-findings-accessed', 'yes');
    await page.selectOption('#f-encryption', 'none');
    await page.selectOption('#f-notifications-0-to', 'authority');
    await page.fill('#f-notifications-0-name', 'Prezes UODO');
    await page.fill('#f-notifications-0-at', '2023-04-19T15:30');
    await page.click('#f-contact-name-en ~ details summary');
    await page.fill('#f-contact-name-pl', 'Inspektor Ochrony Danych');
    await page.fill('#f-contact-dpo-email', 'iod@sms-vendor.example');
    await page.click('button:has-text("File as draft")');
    await page.waitForSelector('#error-summary');
    expect(await page.locator('#error-summary li').allTextContents()).toEqual([expect.stringContaining('Contact point email: email must be an email address')]);
    expect(await page.inputValue('#f-title-pl')).toBe(incident.title.pl);
    await shot('04-new-incident-errors');

    await page.click('#error-summary a');
    await page.fill('#f-contact-email', incident.contact.email);
    await page.click('button:has-text("File as draft")');
    await page.waitForURL(/\/console\/incidents\/[0-9a-f-]{36}\?done=filed$/);
    incidentUrl = page.url().split('?')[0];
    const filed = (await h.admin.get(`/v1/incidents/${incidentUrl.split('/').pop()}`).expect(200)).body;
    expect(filed).toMatchObject({
      service: 'SMS gateway',
      systemNames: { 'sms-gateway': 'SMS gateway' },
      findings: { accessed: 'yes' },
      encryption: 'none',
      notifications: [{ to: 'authority', name: 'Prezes UODO', at: '2023-04-19T15:30:00Z' }],
      contact: { name: { en: incident.contact.name, pl: 'Inspektor Ochrony Danych' }, dpo: { email: 'iod@sms-vendor.example' } },
    });
  });

  it('previews the affected tenants with their sample notices', async () => {
    const figures = await page.locator('.figures').textContent();
    expect(figures).toMatch(new RegExp(`${sms.expected.affected.length}\\s+affected tenants`));
    expect(await page.locator('.sample h3').allTextContents()).toEqual(sms.expected.affected.sort().map((id) => expect.stringContaining(`(${id},`)));
    const mail = page.frameLocator('iframe.mail').first();
    expect(await mail.locator('body').textContent()).toContain(sms.incident.reference);
    expect(await page.locator('pre.sms').first().textContent()).toContain(sms.incident.reference);
    expect(await page.locator('.actions-card').textContent()).toContain('Four-eyes rule');
    // Figures with thousands separators, data categories in words.
    const northFacts = await page.locator('.sample', { hasText: '(city-north,' }).locator('dl.facts').textContent();
    expect(northFacts).toContain('120,000 / 850,000');
    expect(northFacts).toContain('message content, phone numbers');
    // The scope reads as sentences, not JSON.
    expect(await page.locator('ul.scope li').allTextContents()).toEqual(expect.arrayContaining(['Data held in SMS gateway (sms-gateway).', expect.stringMatching(/^Concerning phone numbers/)]));
    await shot('05-incident-preview');
    // Frames below the fold are not painted in a full-page capture; the first sample is captured on its own.
    await page.locator('.sample').first().screenshot({ path: join(ARTIFACTS, '05b-preview-sample.png') });
  });

  it('downloads the full list of affected tenants as CSV from the preview', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=/Download all \\d+ affected tenants/')]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^tenant,name,locale,/);
    expect(csv.slice(1).map((row) => row.split(',')[0])).toEqual([...sms.expected.affected].sort());
  });

  it('sends a test of the Polish email to a typed address, after fixing the address it flags', async () => {
    await page.fill('#ts-tenant', 'city-north');
    await page.selectOption('#ts-channel', 'email');
    await page.fill('#ts-to', 'not an address');
    await page.click('button:has-text("Send test")');
    await page.waitForSelector('#ts-to-error');
    expect(await page.locator('#ts-to-error').textContent()).toContain('to must be a valid email address');
    expect(await page.inputValue('#ts-tenant')).toBe('city-north');
    await page.locator('#test-send').screenshot({ path: join(ARTIFACTS, '05c-test-send-error.png') });
    await page.fill('#ts-to', 'security-desk@vendor.example');
    await page.click('button:has-text("Send test")');
    await page.locator('.flash.ok', { hasText: 'Test sent to security-desk@vendor.example' }).waitFor();
    expect(await page.locator('.test-sent .subject').textContent()).toMatch(/^TEST: .*INC-2023-0419/);
    expect(await page.locator('.test-sent pre').textContent()).toContain('/ack/(redacted-tenant-link)');
    await page.locator('#test-send').screenshot({ path: join(ARTIFACTS, '05d-test-sent.png') });
    // Counted nowhere: still a draft with nothing planned.
    const progress = (await h.admin.get(`/v1/incidents/${incidentUrl.split('/').pop()}/progress`).expect(200)).body;
    expect(progress.notices.total).toBe(0);
    await signOut();
  });

  it('lets a second key, an approver, approve', async () => {
    await page.goto(incidentUrl);
    await page.waitForURL(/\/console\/login\?next=/);
    await signIn(h.approver.key!);
    await page.waitForURL(incidentUrl);
    expect(await page.locator('text=Dispatch notices').count()).toBe(0);
    // Filed with a Polish title only: Polish and German readers would get the other texts in English.
    expect(await page.locator('.languages tr[data-locale="pl"] td').first().textContent()).toBe('3');
    expect(await page.locator('.languages tr[data-locale="pl"] code').allTextContents()).toContain('description');
    expect(await page.locator('.languages tr[data-locale="de"] code').allTextContents()).toContain('title');
    await page.click('button:has-text("Approve version 1 with these language gaps")');
    await page.waitForURL(/done=approved$/);
    expect(await page.locator('.status.big').textContent()).toBe('approved');
    await shot('06-approved', false);
    await signOut();
  });

  it('dispatches as the admin and follows the live progress until done', async () => {
    await signIn(h.env.ADMIN_API_KEY!);
    await page.goto(incidentUrl);
    await page.click('button:has-text("Dispatch notices")');
    await page.waitForURL(/done=dispatched$/);
    await page.locator('[data-field="state"] strong', { hasText: 'Done' }).waitFor();
    const total = Number(await page.locator('#progress-bar').getAttribute('max'));
    expect(total).toBeGreaterThan(0);
    expect(await page.locator('[data-field="summary"]').textContent()).toBe(`${total} of ${total} settled (100%)`);
    expect(Number(await page.locator('[data-cell="sent-sms"]').textContent())).toBeGreaterThan(0);
    await shot('07-progress-done');
    await page.locator('#progress').screenshot({ path: join(ARTIFACTS, '07b-progress-bar.png') });
  });

  it('opens the delivery log and one notice’s event history', async () => {
    await page.click('text=Delivery log for this incident');
    await page.waitForSelector('tbody tr');
    const rows = await page.locator('tbody tr').count();
    expect(rows).toBe((await h.notices(incidentUrl.split('/').pop()!)).length);
    await shot('08-deliveries');
    await page.locator('tbody tr', { hasText: 'email' }).first().locator('a').click();
    await page.waitForURL(/\/console\/deliveries\/[0-9a-f-]{36}$/);
    const events = await page.locator('.timeline li strong').allTextContents();
    expect(events).toEqual(expect.arrayContaining(['sent']));
    await shot('09-notice-events');
  });

  it('shows the audit trail verified, and the sandbox mailbox with the captured notices', async () => {
    const notices = (await h.notices(incidentUrl.split('/').pop()!)).length;
    await page.click('nav >> text=Incidents');
    const row = page.locator('tbody tr').first();
    expect(await row.textContent()).toMatch(/INC-2023-0419[\s\S]*dispatched/);
    // Each dispatched incident shows its progress: delivered of all notices, with a bar of delivered, sent and failed.
    expect(await row.locator('[data-progress]').textContent()).toMatch(new RegExp(`^\\d+ / ${notices} delivered$`));
    expect(await row.locator('.list-progress').textContent()).toContain(`${notices} settled`);
    const widths = await row.locator('.stack.mini .seg').evaluateAll((segs) => segs.map((s) => parseFloat((s as unknown as { style: { width: string } }).style.width)));
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    await shot('13-incidents');
    await page.click('nav >> text=Audit');
    expect(await flash()).toContain('Chain intact');
    expect(await page.locator('tbody td').allTextContents()).toEqual(expect.arrayContaining(['incident.created', 'incident.approved', 'incident.dispatched', 'notice.test_sent']));
    // Keys by name and owner, not by id.
    expect(await page.locator('tbody td.actor').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('approverapprover@vendor.example')]));
    await shot('10-audit');
    await page.selectOption('#a-actor', { label: 'approver — approver@vendor.example (approver)' });
    await page.selectOption('#a-incident', { label: 'INC-2023-0419' });
    await page.click('button:has-text("Filter")');
    await page.waitForURL(/\/console\/audit\?.*actor=/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr td').nth(2).textContent()).toBe('incident.approved');
    await shot('10b-audit-filtered');
    await page.fill('#a-action', 'notice.test_sent');
    await page.selectOption('#a-actor', '');
    await page.fill('#a-from', '2000-01-01T00:00');
    await page.click('button:has-text("Filter")');
    await page.waitForURL(/action=notice\.test_sent/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr td.actor').textContent()).toContain('bootstrap');
    await shot('10c-audit-test-send');
    await page.click('nav >> text=Sandbox mailbox');
    // The notices, and the one test send, marked as such.
    expect(await page.locator('tbody tr').count()).toBe(notices + 1);
    expect(await page.locator('tbody tr', { hasText: 'TEST: ' }).count()).toBe(1);
    await shot('11-sandbox-mailbox');
    await page.locator('tbody tr', { hasText: 'iod@city-north.example' }).locator('a').click();
    expect(await page.frameLocator('iframe.mail').locator('body').textContent()).toContain(sms.incident.reference);
    await shot('12-sandbox-email');
    expect(browserErrors).toEqual([]);
  });

  it('opens the queue board from the console, signed in by the same session', async () => {
    await page.goto(incidentUrl);
    await page.click('nav >> text=Queues');
    await page.getByText('email', { exact: true }).first().waitFor();
    expect(await page.title()).toContain('breachcast queues');
    // The sidebar lists every queue; the main pane links them again once their counts load.
    for (const queue of ['fanout', 'email', 'sms', 'maintenance']) await page.locator('#bull-board-sidebar').getByRole('link', { name: queue, exact: true }).waitFor();
    await shot('14-queues');
    // Bull Board's page links a Google web font, which this machine cannot resolve; everything else is ours.
    expect(browserErrors.filter((e) => !e.includes('net::ERR_NAME_NOT_RESOLVED'))).toEqual([]);
  });
});
