import { FanoutService } from '@app/dispatch';
import { Harness, scenario } from './support/harness';

const sms = scenario('sms-gateway-archive');

/** 23 tenants, every third one out of scope (its data sits in another system), one included by name. */
function tenants() {
  return Array.from({ length: 23 }, (_, i) => {
    const id = `pager-${String(i).padStart(2, '0')}`;
    return {
      externalId: id,
      name: `Pager ${i}`,
      locale: 'en',
      country: 'PL',
      timezone: 'Europe/Warsaw',
      contacts: [{ role: 'dpo', email: `dpo@${id}.example`, priority: 1 }],
      exposures: [
        {
          system: i % 3 === 2 ? 'crm' : 'sms-gateway',
          dataCategories: ['phone_number', 'message_content'],
          from: '2019-03-01',
          to: null,
          dataSubjects: 10 + i,
          records: 100 + i,
        },
      ],
    };
  });
}

describe('fan-out over many small pages', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
    // Pages far smaller than the tenant base: some pages hold no affected tenant at all.
    h.worker!.get(FanoutService).pageSize = 4;
  });

  afterAll(() => h?.close());

  it('notifies every affected tenant exactly once, and nobody else', async () => {
    await h.admin.post('/v1/tenants/import', { tenants: tenants() }).expect(200);
    const incident = {
      ...sms.incident,
      reference: 'INC-PAGES-1',
      channels: ['email'],
      scope: { ...(sms.incident.scope as object), includeTenants: ['pager-05'] },
    };
    const id = await h.fileAndDispatch(incident);
    const progress = await h.waitForCompletion(id);

    const expected = tenants()
      .map((t) => t.externalId)
      .filter((externalId, i) => i % 3 !== 2 || externalId === 'pager-05');
    const notices = await h.notices(id);
    expect(notices.map((n) => n.tenant).sort()).toEqual(expected);
    expect(notices.every((n) => n.channel === 'email' && n.status === 'sent')).toBe(true);
    expect(progress.affectedTenants).toBe(expected.length);
    expect(progress.plannedAt).not.toBeNull();
  });
});
