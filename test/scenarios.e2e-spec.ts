import { tenantFacts } from '@app/scope';
import { formatNumber } from '@app/wording';
import { Harness, scenarios } from './support/harness';

/**
 * Each demo scenario, end to end over real PostgreSQL, Redis, SMTP and the Twilio double:
 * exactly the expected tenants' primary contacts receive email and SMS, each with its own facts.
 */
describe('scenarios end to end', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
    const tenants = scenarios().flatMap(({ scenario }) => scenario.tenants);
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);
  });

  afterAll(() => h?.close());

  describe.each(scenarios().map(({ file, scenario }) => [file, scenario] as const))('%s', (_file, scenario) => {
    let incidentId: string;
    let progress: Record<string, any>;

    beforeAll(async () => {
      h.smtp.clear();
      h.twilio.clear();
      incidentId = await h.fileAndDispatch(scenario.incident);
      progress = await h.waitForCompletion(incidentId);
    });

    it('affects exactly the expected tenants', async () => {
      const notices = await h.notices(incidentId);
      expect([...new Set(notices.map((n) => n.tenant))].sort()).toEqual([...scenario.expected.affected].sort());
      expect(progress.affectedTenants).toBe(scenario.expected.affected.length);
    });

    it('sends one email per primary contact with an email address, on the incident channels only', async () => {
      const expected = scenario.tenants
        .filter((t) => scenario.expected.affected.includes(t.externalId))
        .flatMap((t) => {
          const lowest = Math.min(...t.contacts.map((c: any) => c.priority ?? 1));
          return t.contacts.filter((c: any) => (c.priority ?? 1) === lowest);
        });
      const emails = expected.filter((c) => c.email && scenario.incident.channels.includes('email')).map((c) => c.email.toLowerCase());
      const phones = expected.filter((c) => c.phone && scenario.incident.channels.includes('sms')).map((c) => c.phone);
      const received = await h.smtp.waitFor(emails.length);
      expect(received.flatMap((m) => m.envelope.to).sort()).toEqual(emails.sort());
      expect(h.twilio.messages.map((m) => m.to).sort()).toEqual(phones.sort());
      expect(progress.notices.total).toBe(emails.length + phones.length);
      expect(progress.notices.failed).toBe(0);
    });

    it("tells each tenant its own figures and nobody else's", async () => {
      const affected = scenario.tenants.filter((t) => scenario.expected.affected.includes(t.externalId));
      for (const tenant of affected) {
        const primary = tenant.contacts.find((c: any) => c.email);
        if (!primary) continue;
        const mail = h.smtp.messages.find((m) => m.envelope.to.includes(primary.email.toLowerCase()));
        expect(mail).toBeDefined();
        expect(mail!.subject).toContain(scenario.incident.reference);
        expect(mail!.text).toContain(tenant.name);
        const facts = tenantFacts(scenario.incident.scope, tenant.externalId, tenant.exposures.map((e: any) => ({ subProcessor: null, subjectCategories: [], ...e })))!;
        // Counted per group of people when the exposures hold different groups, else as one total.
        const groups = facts.dataSubjectsByGroup.filter((g) => g.subjectCategories.length > 0);
        for (const count of groups.length > 1 ? groups.map((g) => g.dataSubjects) : [facts.dataSubjects]) {
          expect(mail!.text).toContain(formatNumber(count, tenant.locale));
        }
        expect(mail!.text).toContain(formatNumber(facts.records, tenant.locale));
        for (const other of affected.filter((t) => t.externalId !== tenant.externalId)) {
          expect(mail!.text).not.toContain(other.name);
          // whole words: "shop-c" must not be found inside the system name "shop-config"
          expect(mail!.html).not.toMatch(new RegExp(`(^|[^\\w-])${other.externalId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`));
        }
      }
    });

    it("keeps with each tenant's facts whose data it is, counted per group of exposures with the same categories of data subjects", async () => {
      const rows: { external_id: string; facts: Record<string, unknown> }[] = await h.db.query(
        `SELECT t.external_id, a.facts FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id WHERE a.incident_id = $1 ORDER BY t.external_id`,
        [incidentId],
      );
      expect(rows.map((r) => r.external_id)).toEqual([...scenario.expected.affected].sort());
      for (const row of rows) {
        const tenant = scenario.tenants.find((t) => t.externalId === row.external_id)!;
        const facts = tenantFacts(scenario.incident.scope, tenant.externalId, tenant.exposures.map((e: any) => ({ subProcessor: null, subjectCategories: [], ...e })))!;
        expect(row.facts).toMatchObject({ subjectCategories: facts.subjectCategories, dataSubjectsByGroup: facts.dataSubjectsByGroup, dataSubjects: facts.dataSubjects });
      }
      expect(rows.some((r) => (r.facts.subjectCategories as string[]).length > 0)).toBe(true);
    });

    it('gives every email its own Message-ID and a VERP return path', async () => {
      const ids = h.smtp.messages.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const mail of h.smtp.messages) expect(mail.envelope.from).toMatch(/^bounce\+[0-9a-f-]{36}@vendor\.example$/);
    });

    it('sends SMS alerts carrying the reference and the acknowledgement link but no figures', () => {
      for (const sms of h.twilio.messages) {
        expect(sms.body).toContain(scenario.incident.reference);
        expect(sms.body).toMatch(new RegExp(`${h.baseUrl}/ack/[A-Za-z0-9_-]{22}`));
        expect(sms.body).not.toMatch(/\d{1,3}([ ,.\u00a0\u202f]\d{3})+/);
        expect(sms.statusCallback).toBe(`${h.baseUrl}/v1/webhooks/twilio/status`);
      }
    });
  });
});
