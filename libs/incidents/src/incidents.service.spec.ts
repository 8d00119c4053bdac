import { ApiKeysService, Principal } from '@app/access';
import { AuditService } from '@app/audit';
import { loadConfig } from '@app/config';
import { ConflictError } from '@app/kernel';
import { QueueProducer } from '@app/queue';
import type { DataSource, EntityManager } from 'typeorm';
import { AffectedTenantsRepository } from '@app/scope';
import { IncidentRepository } from './incident.repository';
import { IncidentsService } from './incidents.service';

const INCIDENT_ID = '0b5f6a8e-3c1d-4e0f-9a7b-2d4c6e8f0a1b';

/** The draft as its repository holds it, and the approvals written. */
class FakeIncidents implements Pick<IncidentRepository, 'lockIncident' | 'findCurrentVersion' | 'approveVersion' | 'listVersions'> {
  body: Record<string, unknown> = {
    reference: 'INC-1',
    title: { en: 'Breach', pl: 'Wyciek' },
    description: 'Someone read the archive',
    awareAt: '2023-04-19T14:00:00Z',
    nature: ['confidentiality'],
    scope: { systems: ['sms-gateway'] },
    contact: { name: 'DPO', email: 'dpo@vendor.example' },
    channels: ['email'],
  };
  approved: { manager: EntityManager; versionId: string; by: string }[] = [];

  async lockIncident(id: string): Promise<boolean> {
    return id === INCIDENT_ID;
  }

  async findCurrentVersion(id: string): Promise<Record<string, unknown> | undefined> {
    const status = this.approved.length ? 'approved' : 'draft';
    return { id: 'version-1', incident_id: id, version: 1, status, body: this.body, change_summary: null, created_by: 'key-a', incident_closed_at: null };
  }

  async approveVersion(manager: EntityManager, versionId: string, by: string): Promise<void> {
    this.approved.push({ manager, versionId, by });
  }

  async listVersions(): Promise<Record<string, unknown>[]> {
    return [];
  }
}

describe(IncidentsService.name, () => {
  let sut: IncidentsService;
  let repository: FakeIncidents;
  let audited: Parameters<AuditService['append']>[1][];
  let readerQueries: (EntityManager | undefined)[];
  const manager = { name: 'the transaction' } as unknown as EntityManager;
  const approver = { id: 'key-b', name: 'approver', role: 'approver', owner: 'anna@vendor.example' } as Principal;

  beforeEach(() => {
    repository = new FakeIncidents();
    audited = [];
    readerQueries = [];
    const dataSource: Pick<DataSource, 'transaction'> = { transaction: ((work: (m: EntityManager) => Promise<unknown>) => work(manager)) as DataSource['transaction'] };
    const audit: Pick<AuditService, 'append'> = {
      append: async (_manager, entry) => {
        audited.push(entry);
        return {} as Awaited<ReturnType<AuditService['append']>>;
      },
    };
    const affected: Pick<AffectedTenantsRepository, 'readersByLocale'> = {
      readersByLocale: async (_scope, _channels, m) => {
        readerQueries.push(m);
        return [
          { locale: 'en', tenants: 4 },
          { locale: 'pl', tenants: 3 },
          { locale: 'de', tenants: 1 },
        ];
      },
    };
    const keys: Pick<ApiKeysService, 'ownerOf'> = { ownerOf: async () => 'bert@vendor.example' };
    sut = new IncidentsService(
      dataSource as DataSource,
      loadConfig({}),
      audit as AuditService,
      affected as AffectedTenantsRepository,
      {} as QueueProducer,
      repository as unknown as IncidentRepository,
      keys as ApiKeysService,
    );
  });

  const gaps = [
    { locale: 'pl', fields: ['description', 'contact.name'], tenants: 3 },
    { locale: 'de', fields: ['title', 'description', 'contact.name'], tenants: 1 },
  ];

  it('refuses a version with language gaps, listing them, and approves nothing', async () => {
    const refused = sut.approve(INCIDENT_ID, approver);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ fields: { languageGaps: gaps }, message: expect.stringContaining('pl (3 tenants): description, contact.name; de (1 tenant)') });
    expect(repository.approved).toEqual([]);
    expect(audited).toEqual([]);
    expect(readerQueries).toEqual([manager]);
  });

  it('approves with the gaps accepted, and records them in the audit entry', async () => {
    await sut.approve(INCIDENT_ID, approver, { acceptLanguageGaps: true });
    expect(repository.approved).toEqual([{ manager, versionId: 'version-1', by: 'key-b' }]);
    expect(audited).toEqual([
      {
        actor: 'key-b',
        action: 'incident.approved',
        subject: `incident:${INCIDENT_ID}`,
        details: { version: 1, creatorOwner: 'bert@vendor.example', approverOwner: 'anna@vendor.example', acceptedLanguageGaps: gaps },
      },
    ]);
  });

  it('approves a version every reader gets in their own language without reading the tenants', async () => {
    const all = (en: string) => ({ en, pl: `${en} (pl)`, nl: `${en} (nl)`, fr: `${en} (fr)`, es: `${en} (es)`, de: `${en} (de)` });
    repository.body = { ...repository.body, title: all('Breach'), description: all('Someone read the archive'), contact: { name: all('DPO'), email: 'dpo@vendor.example' } };
    await sut.approve(INCIDENT_ID, approver);
    expect(repository.approved).toHaveLength(1);
    expect(audited[0].details).toEqual({ version: 1, creatorOwner: 'bert@vendor.example', approverOwner: 'anna@vendor.example' });
    expect(readerQueries).toEqual([]);
  });

  it('keeps the four-eyes rule first: the same owner is refused for that, gaps or not', async () => {
    const sameOwner = { ...approver, owner: 'bert@vendor.example' } as Principal;
    await expect(sut.approve(INCIDENT_ID, sameOwner, { acceptLanguageGaps: true })).rejects.toThrow(/Four-eyes rule/);
    expect(repository.approved).toEqual([]);
  });

  it('lists every locale read, with an empty list where nothing is missing', async () => {
    const { version } = await sut.currentVersion(INCIDENT_ID);
    await expect(sut.languageGaps(version)).resolves.toEqual([{ locale: 'en', fields: [], tenants: 4 }, ...gaps]);
  });
});
