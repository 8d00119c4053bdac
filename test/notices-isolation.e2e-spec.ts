import { LOCALES } from '@app/templates';
import { formatNumber } from '@app/wording';
import { ReceivedMail } from '@app/testing';
import request from 'supertest';
import { Harness } from './support/harness';
import { ackTokenOf, mailTo, sampleIncident, sampleTenant } from './support/notice-fixtures';

/**
 * 500 tenants, one incident: every received email and SMS speaks of its own tenant only (name,
 * externalId, figures). Hostile tenant names and titles stay inert in body and headers.
 */
const COUNT = 500;
const pad = (i: number) => String(i).padStart(4, '0');
const code = (i: number) => `Q${pad(i)}X`;
const externalId = (i: number) => `iso-${pad(i)}`;
const subjects = (i: number) => 10_000 + i * 37;
const records = (i: number) => 1_000_000 + i * 7_919;
const NAMES: Record<(typeof LOCALES)[number], string> = { en: 'Clinic', pl: 'Gmina', nl: 'Stichting', fr: 'Mairie', es: 'Ayuntamiento', de: 'Stadtwerke' };

const HOSTILE = [
  { externalId: 'hostile-script', locale: 'pl' as const, name: '<script>alert("x")</script> Sp. z o.o.' },
  { externalId: 'hostile-hbs', locale: 'en' as const, name: '{{constructor}} {{#each this}}x{{/each}} Ltd' },
];
/** A tenant name is one line: CR/LF in it never gets as far as a notice (refused at the door, naming the field). */
const CRLF_TENANT = { externalId: 'hostile-crlf', locale: 'de' as const, name: 'Evil Corp\r\nBcc: attacker@evil.example\r\nX-Injected: yes' };
const HOSTILE_TITLE = 'Breach\r\nBcc: attacker@evil.example\r\nX-Injected: yes <img src=x onerror=alert(1)>';

describe('notices at scale and with hostile data', () => {
  let h: Harness;
  let emails: ReceivedMail[];
  let hostile: Record<string, ReceivedMail>;
  /** Every tenant's formatted figures (in every locale) → its index, to recognise a figure that is not the reader's own. */
  const figureOwner = new Map<string, number>();

  beforeAll(async () => {
    h = await Harness.start();
    const tenants = Array.from({ length: COUNT }, (_, i) => {
      const locale = LOCALES[i % LOCALES.length];
      for (const l of LOCALES) for (const n of [subjects(i), records(i)]) figureOwner.set(formatNumber(n, l), i);
      return sampleTenant({
        externalId: externalId(i),
        name: `${NAMES[locale]} ${code(i)}`,
        locale,
        dataSubjects: subjects(i),
        records: records(i),
        contacts: [{ role: 'dpo', email: `dpo@${externalId(i)}.example`, phone: `+48501${String(i).padStart(6, '0')}`, priority: 1 }],
      });
    });
    const hostileTenants = HOSTILE.map((t) =>
      sampleTenant({ ...t, system: 'hostile-sys', contacts: [{ role: 'dpo', email: `dpo@${t.externalId}.example`, phone: '+48509999999', priority: 1 }] }),
    );
    await h.admin.post('/v1/tenants/import', { tenants: [...tenants, ...hostileTenants] }).expect(200);

    const id = await h.fileAndDispatch(sampleIncident({ reference: 'INC-ISO-500' }));
    // Generous: 1,000 notices through one in-process worker, on a CI machine busy with other suites.
    await h.waitForCompletion(id, 200_000);
    emails = await h.smtp.waitFor(COUNT);

    const hostileId = await h.fileAndDispatch(sampleIncident({ reference: 'INC-HOSTILE-1', title: HOSTILE_TITLE, scope: { systems: ['hostile-sys'] } }));
    await h.waitForCompletion(hostileId);
    const received = await h.smtp.waitFor({ count: HOSTILE.length, where: (m) => m.subject?.includes('INC-HOSTILE-1') ?? false });
    hostile = Object.fromEntries(HOSTILE.map((t) => [t.externalId, mailTo(received, `dpo@${t.externalId}.example`)]));
  }, 900_000);

  afterAll(() => h?.close());

  it('sends one email and one SMS to each of the 500 tenants', () => {
    expect(new Set(emails.flatMap((m) => m.envelope.to)).size).toBe(COUNT);
    expect(h.twilio.messages.filter((m) => m.body.startsWith('INC-ISO-500'))).toHaveLength(COUNT);
  });

  it("puts no other tenant's name, externalId or figures in any email", () => {
    const problems: string[] = [];
    for (const mail of emails) {
      const i = Number(/^dpo@iso-(\d{4})\.example$/.exec(mail.envelope.to[0])![1]);
      for (const part of [mail.subject ?? '', mail.text ?? '', mail.html ?? '']) {
        const names = new Set(part.match(/Q\d{4}X/g) ?? []);
        const ids = new Set(part.match(/iso-\d{4}/g) ?? []);
        if ([...names].some((n) => n !== code(i))) problems.push(`${externalId(i)} names ${[...names]}`);
        if ([...ids].some((x) => x !== externalId(i))) problems.push(`${externalId(i)} mentions ${[...ids]}`);
        for (const figure of part.match(/\d{1,3}(?:[\u00a0\u202f., ]\d{3})+/g) ?? []) {
          const owner = figureOwner.get(figure);
          if (owner !== undefined && owner !== i) problems.push(`${externalId(i)} shows ${figure} of ${externalId(owner)}`);
        }
      }
      const locale = LOCALES[i % LOCALES.length];
      if (!mail.text?.includes(`${NAMES[locale]} ${code(i)} (${externalId(i)})`)) problems.push(`${externalId(i)} lacks its own name`);
      if (!mail.text?.includes(formatNumber(subjects(i), locale)) || !mail.text?.includes(formatNumber(records(i), locale))) {
        problems.push(`${externalId(i)} lacks its own figures`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("sends SMS alerts that name no tenant, carry no figures and link to the tenant's own acknowledgement", () => {
    const emailToken = new Map(emails.map((m) => [Number(/^dpo@iso-(\d{4})\.example$/.exec(m.envelope.to[0])![1]), ackTokenOf(m.text)]));
    const problems: string[] = [];
    for (const sms of h.twilio.messages.filter((m) => m.body.startsWith('INC-ISO-500'))) {
      const i = Number(sms.to.slice(-6));
      if (/Q\d{4}X|iso-\d{4}|\d{1,3}(?:[\u00a0\u202f., ]\d{3})+/.test(sms.body)) problems.push(sms.body);
      if (sms.segments > 2) problems.push(`${sms.segments} segments: ${sms.body}`);
      if (ackTokenOf(sms.body) !== emailToken.get(i)) problems.push(`${externalId(i)}: SMS links to another acknowledgement than its email`);
    }
    expect(new Set(emailToken.values()).size).toBe(COUNT);
    expect(problems).toEqual([]);
  });

  it('keeps a <script> tenant name inert: escaped in HTML, literal in plain text', async () => {
    const mail = hostile['hostile-script'];
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Sp. z o.o.');
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.text).toContain('<script>alert("x")</script> Sp. z o.o.');
    const page = await request(h.baseUrl).get(`/ack/${ackTokenOf(mail.text)}`).expect(200);
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&lt;script&gt;');
  });

  it('never evaluates a {{constructor}} tenant name as a template', () => {
    const mail = hostile['hostile-hbs'];
    expect(mail.text).toContain('{{constructor}} {{#each this}}x{{/each}} Ltd');
    expect(mail.html).toContain('{{constructor}} {{#each this}}x{{/each}} Ltd');
  });

  it('refuses CR/LF in a tenant name at the door, naming the field', async () => {
    const tenant = sampleTenant({ ...CRLF_TENANT, system: 'hostile-sys', contacts: [{ role: 'dpo', email: 'dpo@hostile-crlf.example', priority: 1 }] });
    const res = await h.admin.post('/v1/tenants/import', { tenants: [tenant] }).expect(400);
    expect(JSON.stringify(res.body)).toContain('tenants[0].name');
    await h.admin.get('/v1/tenants/hostile-crlf').expect(404);
  });

  it('lets no CR/LF in a title inject a header', () => {
    for (const mail of Object.values(hostile)) {
      const headerBlock = mail.raw!.split(/\r?\n\r?\n/)[0];
      expect(headerBlock).not.toMatch(/^(Bcc|X-Injected):/im);
      expect(mail.headers.has('bcc')).toBe(false);
      expect(mail.headers.has('x-injected')).toBe(false);
      expect(mail.envelope.to).toHaveLength(1);
      expect(mail.subject).toContain('Breach Bcc: attacker@evil.example X-Injected: yes');
    }
    expect(h.smtp.attempts('attacker@evil.example')).toBe(0);
    expect(h.smtp.messagesTo('attacker@evil.example')).toHaveLength(0);
  });
});
