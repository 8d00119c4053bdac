import { ReceivedMail } from '@app/testing';
import request from 'supertest';
import { LABELS, phaseLabel } from '@app/wording';
import { SAMPLE_TEXTS } from '@app/testing';
import { ACCEPT_LANGUAGE_GAPS, Harness } from './support/harness';
import { ackTokenOf, mailTo, sampleIncident, sampleTenant, VENDOR_ENV } from './support/notice-fixtures';
import { countersAndFullCount } from './support/progress-counters';

/**
 * An update is version n+1: tenants still in scope get "update n" with what changed, threaded onto their
 * first email; tenants newly in scope get a full initial notice; tenants no longer in scope a short withdrawal.
 */
describe('incident updates', () => {
  let h: Harness;
  let incidentId: string;
  let created: Record<string, any>;
  let progressDraft: Record<string, any>;
  let progress: Record<string, any>;
  let first: { stays: ReceivedMail; leaves: ReceivedMail };
  let second: { stays: ReceivedMail; leaves: ReceivedMail; joins: ReceivedMail };

  const joins = sampleTenant({ externalId: 'upd-joins', name: 'Archives de Nantes', locale: 'fr', system: 'sms-archive', dataSubjects: 2500, records: 17000 });
  const tenants = [
    sampleTenant({ externalId: 'upd-stays', name: 'Urząd Gminy Stare Pole', locale: 'pl', dataSubjects: 31000, records: 402000 }),
    sampleTenant({ externalId: 'upd-leaves', name: 'Gemeente Leeuwarden', locale: 'nl', dataSubjects: 9100, records: 12000 }),
    joins,
  ];
  const changeSummary = {
    en: 'The cause has been identified. The breach also reached the SMS archive system.',
    pl: 'Ustaliliśmy przyczynę. Naruszenie objęło także system archiwum SMS.',
    nl: 'De oorzaak is vastgesteld. Het datalek raakte ook het sms-archief.',
    fr: 'La cause a été identifiée. La violation a également touché le système d’archives SMS.',
  };

  beforeAll(async () => {
    h = await Harness.start({ env: { ...VENDOR_ENV } });
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);
    incidentId = await h.fileAndDispatch(sampleIncident({ reference: 'INC-UPD-1', cause: null, scope: { systems: ['sms-gateway'], subProcessors: ['SerwerSMS'] } }));
    await h.waitForCompletion(incidentId);
    const v1 = await h.smtp.waitFor(2);
    first = { stays: mailTo(v1, 'dpo@upd-stays.example'), leaves: mailTo(v1, 'dpo@upd-leaves.example') };
    h.smtp.clear();
    h.twilio.clear();

    created = (
      await h.admin
        .post(`/v1/incidents/${incidentId}/updates`, {
          changeSummary,
          cause: { en: 'Stolen credentials of a support engineer.', pl: 'Wykradzione dane logowania inżyniera wsparcia.' },
          scope: { systems: ['sms-gateway', 'sms-archive'], subProcessors: ['SerwerSMS'], excludeTenants: ['upd-leaves'] },
        })
        .expect(201)
    ).body;
    progressDraft = (await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body;
    await h.approver.post(`/v1/incidents/${incidentId}/approve`, ACCEPT_LANGUAGE_GAPS).expect(200);
    await h.admin.post(`/v1/incidents/${incidentId}/dispatch`).expect(202);
    progress = await h.waitForCompletion(incidentId);
    const v2 = await h.smtp.waitFor(3);
    second = { stays: mailTo(v2, 'dpo@upd-stays.example'), leaves: mailTo(v2, 'dpo@upd-leaves.example'), joins: mailTo(v2, 'dpo@upd-joins.example') };
  });

  afterAll(() => h?.close());

  it('creates version 2 as a draft with its change summary, and progress follows the current version', () => {
    expect(created).toMatchObject({ id: incidentId, version: 2, status: 'draft', changeSummary });
    expect(created.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(progressDraft).toMatchObject({ version: 2, status: 'draft' });
    expect(progress).toMatchObject({ version: 2, status: 'dispatched', affectedTenants: 2, withdrawnTenants: 1 });
    expect(progress.notices.total).toBe(5);
  });

  it('counts version 2 exactly: both tenants told after their due time (in 2023) are late, the withdrawn one is not counted', async () => {
    const { counters, full } = await countersAndFullCount(h.db, incidentId, 2);
    expect(counters).toEqual(full);
    expect(full).toMatchObject({ 'tenant:affected': 2, 'tenant:withdrawn': 1, 'tenant:told_late': 2 });
    expect(progress.lateTenants).toBe(2);
  });

  it('tells a tenant still in scope "update 1" and what changed, in its language', () => {
    const mail = second.stays;
    const phase = phaseLabel({ kind: 'update', updateNumber: 1, final: false }, 'pl');
    expect(mail.subject).toBe(`[INC-UPD-1] ${SAMPLE_TEXTS.pl.title} — naruszenie ochrony danych osobowych, ${phase}`);
    expect(mail.text).toContain(`${changeSummary.pl}\n`);
    expect(mail.text).toContain(phase);
    expect(mail.text).toContain('Wykradzione dane logowania inżyniera wsparcia.');
    expect(mail.text).toContain('31\u00a0000');
    expect(first.stays.text).toContain(`- ${LABELS.pl.fields.cause}\n`);
    expect(second.stays.text).not.toContain(`- ${LABELS.pl.fields.cause}\n`);
    const sms = h.twilio.messagesTo('+48612345678').map((m) => m.body);
    expect(sms.some((body) => body.startsWith('INC-UPD-1') && body.includes('aktualizacja nr 1'))).toBe(true);
  });

  it('threads each update email onto the first email that contact received', () => {
    expect(first.stays.messageId).toMatch(/^<.+@.+>$/);
    expect(first.stays.inReplyTo).toBeUndefined();
    expect(second.stays.messageId).not.toBe(first.stays.messageId);
    expect(second.stays.inReplyTo).toBe(first.stays.messageId);
    expect(second.stays.references).toEqual([first.stays.messageId]);
    expect(second.leaves.inReplyTo).toBe(first.leaves.messageId);
    expect(second.leaves.references).toEqual([first.leaves.messageId]);
    expect(second.stays.raw).toMatch(new RegExp(`^In-Reply-To: ${escape(first.stays.messageId!)}\\r?$`, 'm'));
  });

  it('gives a tenant newly in scope the full initial notice, not an update', () => {
    const mail = second.joins;
    expect(mail.subject).toContain(phaseLabel({ kind: 'initial', updateNumber: 0, final: false }, 'fr'));
    expect(mail.text).not.toContain(phaseLabel({ kind: 'update', updateNumber: 1, final: false }, 'fr'));
    expect(mail.text).toContain('2\u202f500');
    expect(mail.text).toContain('17\u202f000');
    expect(mail.text).not.toContain('sms-archive');
    expect(mail.text).toContain(LABELS.fr.fields.systems);
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.references).toEqual([]);
  });

  it('tells a tenant no longer in scope, briefly, that it is not affected any more', () => {
    const mail = second.leaves;
    expect(mail.subject).toContain(phaseLabel({ kind: 'withdrawn', updateNumber: 1, final: false }, 'nl'));
    expect(mail.text).toContain('Gemeente Leeuwarden');
    expect(mail.text).not.toContain('9.100');
    expect(mail.text).not.toContain('12.000');
    expect(mail.text!.length).toBeLessThan(first.leaves.text!.length / 2);
    expect(h.twilio.messages.filter((m) => m.body.includes('INC-UPD-1')).length).toBe(2);
  });

  it('shows the withdrawal behind its link, without the facts that no longer apply', async () => {
    const page = await request(h.baseUrl).get(`/ack/${ackTokenOf(second.leaves.text)}`).expect(200);
    expect(page.text).toContain('<html lang="nl">');
    expect(page.text).toContain('Gemeente Leeuwarden');
    expect(page.text).toContain('Ontvangst bevestigen');
    expect(page.text).not.toContain('9.100');
    expect(page.text).not.toContain('artikel 33, lid 3 AVG');
  });

  it('scopes acknowledgement tokens to the version: version 2 has its own', async () => {
    const v1Token = ackTokenOf(first.stays.text);
    const v2Token = ackTokenOf(second.stays.text);
    expect(v2Token).not.toBe(v1Token);
    expect((await request(h.baseUrl).get(`/ack/${v1Token}.json`).expect(200)).body.version).toBe(1);
    expect((await request(h.baseUrl).get(`/ack/${v2Token}.json`).expect(200)).body).toMatchObject({ version: 2, kind: 'update' });

    await request(h.baseUrl).post(`/ack/${v1Token}`).expect(200);
    expect((await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body.acknowledgedTenants).toBe(0);
    await request(h.baseUrl).post(`/ack/${v2Token}`).expect(200);
    expect((await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body.acknowledgedTenants).toBe(1);
  });

  it('refuses an update while the current version is still a draft, and a bad update naming the field', async () => {
    await h.admin.post(`/v1/incidents/${incidentId}/updates`, { changeSummary: 'Next.' }).expect(201);
    const draft = await h.admin.post(`/v1/incidents/${incidentId}/updates`, { changeSummary: 'Again.' }).expect(409);
    expect(draft.body.message).toMatch(/not been dispatched/);
    const bad = await h.admin.post(`/v1/incidents/${incidentId}/updates`, { cause: 'x' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('changeSummary');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
