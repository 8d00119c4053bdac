import { QueueProducer } from '@app/queue';
import { waitUntil } from '@app/testing';
import { incident, tenant } from './support/delivery-fixtures';
import { Harness } from './support/harness';

/**
 * Fallback: a tenant none of whose emails got through is escalated to its next contacts at once,
 * not after ESCALATE_AFTER (24 h here); a tenant that still has one working address is not.
 */
describe('fallback when no email reaches a tenant', () => {
  let h: Harness;
  let incidentId: string;

  beforeAll(async () => {
    h = await Harness.start({ env: { ESCALATE_AFTER: '24h' } });
    h.smtp.script('dead@fallback.example', [550]);
    h.smtp.script('dead-too@fallback.example', [550]);
    await h.admin
      .post('/v1/tenants/import', {
        tenants: [
          tenant('unreachable', [
            { email: 'dead@fallback.example', phone: '+4915101000101' },
            { email: 'deputy@fallback.example', phone: '+4915101000102', priority: 2 },
          ]),
          tenant('half', [{ email: 'dead-too@fallback.example' }, { email: 'alive@fallback.example' }, { email: 'half-deputy@fallback.example', priority: 2 }]),
        ],
      })
      .expect(200);
    incidentId = await h.fileAndDispatch(incident('INC-FALLBACK-1'));
  });

  afterAll(() => h?.close());

  it('tells the priority-2 contact by email and SMS as soon as the only email fails with 550', async () => {
    const [mail] = await h.smtp.waitFor((m) => m.envelope.to.includes('deputy@fallback.example'));
    expect(mail.subject).toContain('INC-FALLBACK-1');
    await h.twilio.waitFor((m) => m.to === '+4915101000102');
    const notices = await h.notices(incidentId);
    const deputy = notices.filter((n) => n.tenant === 'unreachable' && n.contactRole === 'security');
    expect(deputy.map((n) => n.channel).sort()).toEqual(['email', 'sms']);
    for (const n of deputy) expect(n.escalated).toBe(true);
    expect(notices.find((n) => n.to === 'dead@fallback.example')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('leaves a tenant alone while one of its emails got through', async () => {
    await waitUntil(async () => (await h.notices(incidentId)).filter((n) => n.tenant === 'half' && ['sent', 'failed'].includes(n.status)).length === 2);
    // The escalation check runs in the send job right after the failure commits: wait until every send job has finished.
    await waitUntil(async () => {
      const { email, sms } = await h.api.get(QueueProducer, { strict: false }).depths();
      return [email, sms].every((q) => q.waiting + q.active + q.delayed === 0);
    });
    const half = (await h.notices(incidentId)).filter((n) => n.tenant === 'half');
    expect(half.map((n) => [n.to, n.status]).sort()).toEqual([
      ['alive@fallback.example', 'sent'],
      ['dead-too@fallback.example', 'failed'],
    ]);
    expect(h.smtp.messagesTo('half-deputy@fallback.example')).toHaveLength(0);
  });
});
