import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '@app/audit';
import { InvalidInputError } from '@app/kernel';
import type { TenantRepository } from './tenant.repository';
import { TenantsService } from './tenants.service';

const row = (i: number, phone?: string, subjectCategories?: unknown) => ({
  externalId: `t-${i}`,
  name: `Tenant ${i}`,
  locale: 'en',
  country: 'DE',
  timezone: 'Europe/Berlin',
  contacts: [{ role: 'dpo', email: `dpo@t-${i}.example`, phone, priority: 1 }],
  exposures: [{ system: 'crm', dataCategories: ['email'], from: '2021-01-01', to: null, dataSubjects: 10, records: 10, ...(subjectCategories ? { subjectCategories } : {}) }],
});

describe(TenantsService.name, () => {
  const manager = { name: 'the transaction' } as unknown as EntityManager;
  const actor = { id: 'key-1', name: 'importer' };
  let sut: TenantsService;
  let repository: Pick<TenantRepository, 'upsertTenants' | 'deleteContactsAndExposures' | 'insertContacts' | 'insertExposures'>;
  let audit: Pick<AuditService, 'append'>;

  beforeEach(() => {
    const dataSource: Pick<DataSource, 'transaction'> = { transaction: ((work: (m: EntityManager) => Promise<unknown>) => work(manager)) as DataSource['transaction'] };
    repository = {
      upsertTenants: jest.fn(async (_m: EntityManager, rows: unknown[][]) => rows.map((r, i) => ({ id: `id-${r[0]}`, external_id: r[0] as string, created: i === 0 }))),
      deleteContactsAndExposures: jest.fn(async () => undefined),
      insertContacts: jest.fn(async () => undefined),
      insertExposures: jest.fn(async () => undefined),
    };
    audit = { append: jest.fn(async () => ({}) as Awaited<ReturnType<AuditService['append']>>) };
    sut = new TenantsService(dataSource as DataSource, audit as AuditService, repository as TenantRepository);
  });

  describe('import', () => {
    it('replaces each tenant with its contacts and exposures and audits it, all in one transaction', async () => {
      await expect(sut.import([row(0), row(1, '+4915112345678', ['customers', 'employees'])], actor)).resolves.toEqual({ imported: 2, created: 1, updated: 1 });
      expect(repository.upsertTenants).toHaveBeenCalledWith(manager, [
        ['t-0', 'Tenant 0', 'en', 'DE', 'Europe/Berlin', null, null],
        ['t-1', 'Tenant 1', 'en', 'DE', 'Europe/Berlin', null, null],
      ]);
      expect(repository.deleteContactsAndExposures).toHaveBeenCalledWith(manager, ['id-t-0', 'id-t-1']);
      expect(repository.insertContacts).toHaveBeenCalledWith(manager, [
        [expect.any(String), 'id-t-0', 0, 'dpo', null, 'dpo@t-0.example', null, null, 1, null],
        [expect.any(String), 'id-t-1', 0, 'dpo', null, 'dpo@t-1.example', '+4915112345678', null, 1, null],
      ]);
      expect(repository.insertExposures).toHaveBeenCalledWith(manager, [
        ['id-t-0', 0, 'crm', null, ['email'], '2021-01-01', null, 10, 10, []],
        ['id-t-1', 0, 'crm', null, ['email'], '2021-01-01', null, 10, 10, ['customers', 'employees']],
      ]);
      expect(audit.append).toHaveBeenCalledWith(manager, {
        actor: 'key-1',
        action: 'tenants.imported',
        subject: 'tenants',
        details: { imported: 2, created: 1, updated: 1, by: 'importer' },
      });
    });

    it("stores a tenant's own regimes and notice deadline as given", async () => {
      await sut.import([{ ...row(0), regimes: ['dora', 'nis2'], noticeDeadlineHours: 4 }], actor);
      expect(repository.upsertTenants).toHaveBeenCalledWith(manager, [['t-0', 'Tenant 0', 'en', 'DE', 'Europe/Berlin', ['dora', 'nis2'], 4]]);
    });

    it('gives a contact the same id on every import', async () => {
      await sut.import([row(0)], actor);
      await sut.import([row(0)], actor);
      const [first, second] = jest.mocked(repository.insertContacts).mock.calls.map(([, rows]) => rows[0][0]);
      expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(second).toBe(first);
    });

    it('writes nothing when a row is invalid', async () => {
      await expect(sut.import([row(0), row(1, '+4915')], actor)).rejects.toBeInstanceOf(InvalidInputError);
      expect(repository.upsertTenants).not.toHaveBeenCalled();
      expect(audit.append).not.toHaveBeenCalled();
    });
  });

  describe('validateRows', () => {
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

    it('names unknown, repeated or empty regimes and a notice deadline outside 1-720 whole hours', async () => {
      const { problems } = await sut.validateRows([
        { ...row(0), regimes: ['gdpr', 'sox'] },
        { ...row(1), regimes: ['gdpr', 'gdpr'] },
        { ...row(2), regimes: [] },
        { ...row(3), regimes: 'gdpr' },
        { ...row(4), noticeDeadlineHours: 0 },
        { ...row(5), noticeDeadlineHours: 721 },
        { ...row(6), noticeDeadlineHours: 2.5 },
        { ...row(7), noticeDeadlineHours: '24' },
        { ...row(8), regimes: null, noticeDeadlineHours: null },
      ]);
      expect([...new Set(problems.map((p) => p.field))]).toEqual([
        'tenants[0].regimes',
        'tenants[1].regimes',
        'tenants[2].regimes',
        'tenants[3].regimes',
        'tenants[4].noticeDeadlineHours',
        'tenants[5].noticeDeadlineHours',
        'tenants[6].noticeDeadlineHours',
        'tenants[7].noticeDeadlineHours',
      ]);
    });

    it('names an exposure whose categories of data subjects are unknown, repeated or not a list', async () => {
      const { problems } = await sut.validateRows([row(0, undefined, ['customers', 'aliens']), row(1, undefined, ['members', 'members']), row(2, undefined, 'citizens'), row(3, undefined, ['citizens'])]);
      expect([...new Set(problems.map((p) => p.field))]).toEqual([
        'tenants[0].exposures[0].subjectCategories',
        'tenants[1].exposures[0].subjectCategories',
        'tenants[2].exposures[0].subjectCategories',
      ]);
    });
  });
});
