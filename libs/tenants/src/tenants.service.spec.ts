import type { DataSource } from 'typeorm';
import type { AuditService } from '@app/audit';
import { TenantsService } from './tenants.service';

const row = (i: number, phone?: string) => ({
  externalId: `t-${i}`,
  name: `Tenant ${i}`,
  locale: 'en',
  country: 'DE',
  timezone: 'Europe/Berlin',
  contacts: [{ role: 'dpo', email: `dpo@t-${i}.example`, phone, priority: 1 }],
  exposures: [{ system: 'crm', dataCategories: ['email'], from: '2021-01-01', to: null, dataSubjects: 10, records: 10 }],
});

describe('TenantsService.validateRows', () => {
  // Validation touches neither the database nor the audit trail.
  const sut = new TenantsService({} as DataSource, {} as AuditService);

  it('lets other work run while it validates a large file', async () => {
    let turns = 0;
    let counting = true;
    const count = () => {
      if (!counting) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    const result = await sut.validateRows(Array.from({ length: 2000 }, (_, i) => row(i)));
    counting = false;
    expect(result.problems).toEqual([]);
    expect(result.tenants).toHaveLength(2000);
    expect(turns).toBeGreaterThanOrEqual(2000 / 250 - 1);
  });

  it('still names each bad row and the repeats, in order', async () => {
    const rows = [row(0), row(1, '+4915'), row(0)];
    const { problems } = await sut.validateRows(rows);
    expect(problems.map((p) => p.field)).toEqual(['tenants[1].contacts[0].phone', 'tenants[2].externalId']);
    expect(problems[1].message).toBe('externalId repeats row 0');
  });
});
