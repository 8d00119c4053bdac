import { EscalationService } from '@app/escalation';
import { waitUntil } from '@app/testing';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { ACCEPT_LANGUAGE_GAPS, Harness } from './support/harness';
import { ackTokenOf, sampleIncident, sampleTenant } from './support/notice-fixtures';

/**
 * Silence escalates: ESCALATE_AFTER (1 h here) after a tenant's first notice of a version, with no
 * acknowledgement, its next contacts (next-lowest priority number) are told, by email and SMS.
 * The hour passes when the test says so (it moves the tenants' send and escalation times back), so
 * each acknowledgement lands between the steps it is meant to, however slow the machine.
 */
describe('escalation of unacknowledged notices', () => {
  let h: Harness;
  let incidentId: string;
  let updatedId: string;
  const warnings: string[] = [];
  let afterFirstStep: { escalated: number; exhausted: number; ladderPriority: number; toldCeo: number };
  let afterLastStep: { escalated: number; exhausted: number };

  const contact = (role: string, email: string | null, priority: number, phone?: string) => ({
    role,
    name: null,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    priority,
  });
  const tenants = [
    // p1, then the two p2 contacts, then (were it not acknowledged by then) the p3 one.
    sampleTenant({
      externalId: 'esc-chain',
      name: 'Chain Retail Ltd',
      locale: 'en',
      contacts: [
        contact('dpo', 'dpo@esc-chain.example', 1, '+48501000001'),
        contact('security', 'soc@esc-chain.example', 2, '+48501000002'),
        contact('it', 'it@esc-chain.example', 2),
        contact('ciso', 'ciso@esc-chain.example', 3, '+48501000003'),
      ],
    }),
    sampleTenant({
      externalId: 'esc-acked',
      name: 'Szybka Poczta sp. z o.o.',
      locale: 'pl',
      contacts: [contact('dpo', 'iod@esc-acked.example', 1), contact('security', 'backup@esc-acked.example', 2, '+48501000012')],
    }),
    sampleTenant({ externalId: 'esc-alone', name: 'Alleen BV', locale: 'nl', contacts: [contact('dpo', 'fg@esc-alone.example', 1)] }),
    // The p2 contact shares the p1 mailbox: only its own phone is new.
    sampleTenant({
      externalId: 'esc-shared',
      name: 'Boîte Partagée SAS',
      locale: 'fr',
      contacts: [contact('dpo', 'dpo@esc-shared.example', 1, '+48501000041'), contact('security', 'DPO@esc-shared.example', 2, '+48501000042')],
    }),
    // Priority numbers with gaps: 1, then 5, then 9.
    // Told in version 1 and again in version 2 of another incident: only the current version escalates.
    sampleTenant({
      externalId: 'esc-updated',
      name: 'Updated Ventures Ltd',
      locale: 'en',
      system: 'crm',
      contacts: [contact('dpo', 'dpo@esc-updated.example', 1), contact('security', 'soc@esc-updated.example', 2)],
    }),
    sampleTenant({
      externalId: 'esc-ladder',
      name: 'Ladder Logistics GmbH',
      locale: 'de',
      contacts: [contact('dpo', 'dsb@esc-ladder.example', 1), contact('it', 'it@esc-ladder.example', 5), contact('ceo', 'ceo@esc-ladder.example', 9)],
    }),
  ];

  const emailsTo = (address: string) => h.smtp.messagesTo(address);
  const smsTo = (phone: string) => h.twilio.messagesTo(phone);
  const affected = async (externalId: string) =>
    (
      await h.db.query(
        `SELECT a.* FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id WHERE t.external_id = $1 AND a.incident_id = $2`,
        [externalId, incidentId],
      )
    )[0];

  /** ESCALATE_AFTER passes for every notice sent and every escalation made so far. */
  const anHourPasses = () =>
    h.db.query(
      `UPDATE affected_tenant SET first_sent_at = first_sent_at - interval '1 hour', escalated_at = escalated_at - interval '1 hour'
        WHERE incident_id = ANY($1::uuid[])`,
      [[incidentId, updatedId]],
    );
  const count = async (sql: string, params: unknown[]) => (await h.db.query(sql, params))[0].n as number;
  const escalations = () =>
    count(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'tenant.escalated' AND subject = ANY($1::text[])`, [[`incident:${incidentId}`, `incident:${updatedId}`]]);
  const exhausted = (...externalIds: string[]) =>
    count(
      `SELECT count(*)::int AS n FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id
        WHERE a.escalation_exhausted AND a.incident_id = ANY($1::uuid[]) AND t.external_id = ANY($2::text[])`,
      [[incidentId, updatedId], externalIds],
    );
  const pass = () => h.worker!.get(EscalationService).escalateDue();

  beforeAll(async () => {
    const original = Logger.prototype.warn;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(function (this: Logger, message: unknown, ...rest: unknown[]) {
      warnings.push(String(message));
      return original.call(this, message, ...(rest as []));
    });
    h = await Harness.start({ env: { ESCALATE_AFTER: '1h', SWEEP_INTERVAL: '500ms' } });
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);
    incidentId = await h.fileAndDispatch(sampleIncident({ reference: 'INC-ESC-1' }));
    updatedId = await h.fileAndDispatch(sampleIncident({ reference: 'INC-ESC-2', scope: { systems: ['crm'] } }));
    await h.admin.post(`/v1/incidents/${updatedId}/updates`, { changeSummary: 'The cause is known.', cause: 'A leaked token.' }).expect(201);
    await h.approver.post(`/v1/incidents/${updatedId}/approve`, ACCEPT_LANGUAGE_GAPS).expect(200);
    await h.admin.post(`/v1/incidents/${updatedId}/dispatch`).expect(202);

    // esc-acked confirms as soon as its notice arrives; esc-chain only after its first escalation.
    const [first] = await h.smtp.waitFor((m) => m.envelope.to.includes('iod@esc-acked.example'));
    await request(h.baseUrl).post(`/ack/${ackTokenOf(first.text)}`).expect(200);
    await h.waitForCompletion(incidentId);
    await h.waitForCompletion(updatedId);

    // First step: esc-chain, esc-ladder, esc-shared and esc-updated are escalated; esc-alone has no one further.
    await anHourPasses();
    const [escalated] = await h.smtp.waitFor((m) => m.envelope.to.includes('soc@esc-chain.example'));
    await request(h.baseUrl).post(`/ack/${ackTokenOf(escalated.text)}`).expect(200);
    await waitUntil(async () => (await escalations()) === 4 && (await exhausted('esc-alone')) === 1, { message: 'the first escalation step' });
    await h.waitForCompletion(incidentId);
    // The next step counts from this escalation, not from the first notice: nothing is due yet.
    afterFirstStep = { ...(await pass()), ladderPriority: (await affected('esc-ladder')).notified_priority, toldCeo: emailsTo('ceo@esc-ladder.example').length };

    // Second step: esc-ladder's priority 9; esc-shared and esc-updated run out. Third: esc-ladder runs out.
    await anHourPasses();
    await waitUntil(async () => (await escalations()) === 5 && (await exhausted('esc-shared', 'esc-updated')) === 2, { message: 'the second escalation step' });
    await h.waitForCompletion(incidentId);
    await anHourPasses();
    await waitUntil(async () => (await exhausted('esc-ladder', 'esc-shared', 'esc-updated')) === 3, {
      message: 'esc-ladder, esc-shared and esc-updated to run out of contacts',
    });
    // One more period: nothing further may follow.
    await anHourPasses();
    afterLastStep = await pass();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  it('tells the next-lowest priority contacts by email and, where they have a phone, by SMS', () => {
    expect(emailsTo('soc@esc-chain.example')).toHaveLength(1);
    expect(emailsTo('it@esc-chain.example')).toHaveLength(1);
    expect(smsTo('+48501000002')).toHaveLength(1);
    expect(emailsTo('it@esc-ladder.example')).toHaveLength(1);
    expect(emailsTo('ceo@esc-ladder.example')).toHaveLength(1);
  });

  it('waits ESCALATE_AFTER from the last escalation before the next, and stops when no one is left', () => {
    expect(afterFirstStep).toEqual({ escalated: 0, exhausted: 0, ladderPriority: 5, toldCeo: 0 });
    expect(afterLastStep).toEqual({ escalated: 0, exhausted: 0 });
  });

  it('says in the escalated notices that the primary contact has not confirmed', () => {
    const escalated = emailsTo('soc@esc-chain.example')[0];
    expect(escalated.subject).toContain('INC-ESC-1');
    expect(escalated.text).toContain('because the primary contact of Chain Retail Ltd has not yet confirmed receipt of our earlier notice');
    expect(escalated.html).toContain('border-left: 4px solid #b91c1c');
    expect(emailsTo('ceo@esc-ladder.example')[0].text).toContain('Hauptkontaktperson Ihrer Organisation (Ladder Logistics GmbH)');
    expect(emailsTo('dpo@esc-chain.example')[0].text).not.toContain('has not yet confirmed receipt');
  });

  it('never tells a contact or an address twice for the same version', async () => {
    expect(emailsTo('dpo@esc-chain.example')).toHaveLength(1);
    expect(smsTo('+48501000001')).toHaveLength(1);
    expect(emailsTo('dpo@esc-shared.example')).toHaveLength(1);
    expect(smsTo('+48501000041')).toHaveLength(1);
    expect(smsTo('+48501000042')).toHaveLength(1);
    const [{ duplicates }] = await h.db.query(
      `SELECT count(*)::int AS duplicates FROM (SELECT 1 FROM notice WHERE incident_id = $1 GROUP BY version, channel, lower("to") HAVING count(*) > 1) d`,
      [incidentId],
    );
    expect(duplicates).toBe(0);
  });

  it('stops once the tenant acknowledges', async () => {
    expect(emailsTo('backup@esc-acked.example')).toHaveLength(0);
    expect(smsTo('+48501000012')).toHaveLength(0);
    expect((await affected('esc-acked')).escalated_at).toBeNull();
    expect(emailsTo('ciso@esc-chain.example')).toHaveLength(0);
    expect(smsTo('+48501000003')).toHaveLength(0);
    expect((await affected('esc-chain')).notified_priority).toBe(2);
  });

  it('sends nothing more when no further contacts exist, and logs and audits it', async () => {
    for (const externalId of ['esc-alone', 'esc-shared', 'esc-ladder']) {
      expect((await affected(externalId)).escalation_exhausted).toBe(true);
      expect(warnings.some((w) => w.includes(`tenant ${externalId} `) && w.includes('no further contacts'))).toBe(true);
    }
    const exhausted = await h.db.query(`SELECT details FROM audit_entry WHERE action = 'tenant.escalation_exhausted' AND subject = $1`, [`incident:${incidentId}`]);
    const tenants = exhausted.map((a: { details: { tenant: string } }) => a.details.tenant);
    expect(tenants).toEqual(expect.arrayContaining(['esc-alone', 'esc-shared', 'esc-ladder']));
    expect(tenants).not.toContain('esc-chain');
    expect(emailsTo('fg@esc-alone.example')).toHaveLength(1);
    expect(warnings.some((w) => w.includes('esc-chain') && w.includes('no further contacts'))).toBe(false);
  });

  it('records each escalation as a notice marked escalated and in the audit trail', async () => {
    const notices = await h.notices(incidentId);
    const escalated = await h.db.query(`SELECT "to", channel FROM notice WHERE incident_id = $1 AND escalated ORDER BY "to"`, [incidentId]);
    expect(escalated.map((n: { to: string }) => n.to).sort()).toEqual(
      ['+48501000002', '+48501000042', 'ceo@esc-ladder.example', 'it@esc-chain.example', 'it@esc-ladder.example', 'soc@esc-chain.example'].sort(),
    );
    expect(notices.every((n) => n.status === 'sent' || n.status === 'delivered')).toBe(true);
    const audit = await h.db.query(`SELECT details FROM audit_entry WHERE action = 'tenant.escalated' AND subject = $1 ORDER BY seq`, [`incident:${incidentId}`]);
    expect(audit.map((a: { details: { tenant: string } }) => a.details.tenant).sort()).toEqual(['esc-chain', 'esc-ladder', 'esc-ladder', 'esc-shared']);
  });

  it('escalates only the current version of an updated incident', async () => {
    const escalated = emailsTo('soc@esc-updated.example');
    expect(escalated).toHaveLength(1);
    expect(escalated[0].subject).toContain('update 1');
    expect(escalated[0].text).toContain('has not yet confirmed receipt of our earlier notice');
    const rows = await h.db.query(`SELECT version, escalated_at FROM affected_tenant WHERE incident_id = $1 ORDER BY version`, [updatedId]);
    expect(rows.map((r: { version: number; escalated_at: Date | null }) => [r.version, r.escalated_at !== null])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('tells every contact told before, escalation contacts included, when the tenant is withdrawn', async () => {
    await h.admin.post(`/v1/incidents/${updatedId}/updates`, { changeSummary: 'Not affected after all.', scope: { systems: ['crm'], excludeTenants: ['esc-updated'] } }).expect(201);
    await h.approver.post(`/v1/incidents/${updatedId}/approve`, ACCEPT_LANGUAGE_GAPS).expect(200);
    await h.admin.post(`/v1/incidents/${updatedId}/dispatch`).expect(202);
    await h.waitForCompletion(updatedId);
    const withdrawn = await h.smtp.waitFor({ count: 2, where: (m) => (m.subject?.startsWith('[INC-ESC-2]') && m.subject.includes('withdrawal')) === true });
    expect(withdrawn.flatMap((m) => m.envelope.to).sort()).toEqual(['dpo@esc-updated.example', 'soc@esc-updated.example']);
    const soc = withdrawn.find((m) => m.envelope.to.includes('soc@esc-updated.example'))!;
    expect(soc.inReplyTo).toBe(emailsTo('soc@esc-updated.example')[0].messageId);
  });

  it('reopens a completed version while its escalation notices are open, and completes it again once they settle', async () => {
    const progress = (await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body;
    const [lastEscalation] = await h.db.query(`SELECT max(created_at) AS at FROM notice WHERE incident_id = $1 AND escalated`, [incidentId]);
    expect(progress.completedAt).not.toBeNull();
    expect(new Date(progress.completedAt).getTime()).toBeGreaterThan(new Date(lastEscalation.at).getTime());
    const completions = await h.db.query(`SELECT details FROM audit_entry WHERE action = 'dispatch.completed' AND subject = $1 ORDER BY seq`, [`incident:${incidentId}`]);
    // First when the primary notices settled, again after each round of escalations.
    expect(completions.length).toBeGreaterThan(1);
    expect(completions.at(-1).details.total).toBe((await h.notices(incidentId)).length);
  });

  it('counts acknowledged tenants in progress', async () => {
    const progress = (await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body;
    expect(progress.version).toBe(1);
    expect(progress.acknowledgedTenants).toBe(2);
    expect(progress.affectedTenants).toBe(5);
  });
});
