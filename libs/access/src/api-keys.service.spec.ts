import type { AuditService } from '@app/audit';
import { loadConfig } from '@app/config';
import { InvalidInputError, NotFoundError } from '@app/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import type { ApiKeyRepository, ApiKeyRow, KeyCheck } from './api-key.repository';
import { ApiKeysService, hashKey, Principal } from './api-keys.service';
import type { ConsoleSessionRepository } from './console-session.repository';

const KEY_ID = '0190f0e6-0000-7000-8000-0000000000a1';
const ADMIN_KEY = 'bc_admin_0123456789abcdef';

describe(ApiKeysService.name, () => {
  const manager = { name: 'the transaction' } as unknown as EntityManager;
  const actor: Principal = { id: 'key-admin', name: 'admin', role: 'admin', owner: 'admin@vendor.example' };
  let keys: Map<string, ApiKeyRow>;
  let repository: Pick<
    ApiKeyRepository,
    'insertBootstrap' | 'findStateByHash' | 'revokeOtherBootstrapKeys' | 'findByHash' | 'touch' | 'insert' | 'lock' | 'markRevoked'
  >;
  let sessions: Pick<ConsoleSessionRepository, 'deleteForKey'>;
  let audit: Pick<AuditService, 'append'>;
  let dataSource: Pick<DataSource, 'transaction'>;

  const service = (env: Record<string, string> = {}) =>
    new ApiKeysService(
      dataSource as DataSource,
      loadConfig(env),
      audit as AuditService,
      repository as ApiKeyRepository,
      sessions as ConsoleSessionRepository,
    );

  beforeEach(() => {
    keys = new Map([[KEY_ID, { id: KEY_ID, name: 'ops', owner: 'ops@vendor.example', role: 'approver', revoked_at: null }]]);
    dataSource = { transaction: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(manager)) as unknown as DataSource['transaction'] };
    repository = {
      insertBootstrap: jest.fn(async () => 'key-new'),
      findStateByHash: jest.fn(async () => ({ id: 'key-new', revoked_at: null })),
      revokeOtherBootstrapKeys: jest.fn(async () => []),
      findByHash: jest.fn(async () => null),
      touch: jest.fn(async () => undefined),
      insert: jest.fn(async () => 'key-created'),
      lock: jest.fn(async (_m: EntityManager, id: string) => keys.get(id)),
      markRevoked: jest.fn(async (_m: EntityManager, id: string) => {
        keys.get(id)!.revoked_at = new Date();
      }),
    };
    sessions = { deleteForKey: jest.fn(async () => undefined) };
    audit = { append: jest.fn(async () => ({}) as Awaited<ReturnType<AuditService['append']>>) };
  });

  describe('create', () => {
    it('stores the hash of a new key, never the key, and audits it in the same transaction', async () => {
      const sut = service();

      const created = await sut.create({ name: '  deploy bot ', role: 'approver', owner: ' jan@vendor.example ' }, actor);

      expect(created).toEqual({ id: 'key-created', key: expect.stringMatching(/^bc_[A-Za-z0-9_-]{32}$/), name: 'deploy bot', role: 'approver', owner: 'jan@vendor.example' });
      expect(repository.insert).toHaveBeenCalledWith(manager, {
        name: 'deploy bot',
        role: 'approver',
        keyHash: hashKey(created.key),
        keyPrefix: created.key.slice(0, 6),
        createdBy: 'key-admin',
        owner: 'jan@vendor.example',
      });
      expect(audit.append).toHaveBeenCalledWith(manager, {
        actor: 'key-admin',
        action: 'api_key.created',
        subject: 'api_key:key-created',
        details: { name: 'deploy bot', role: 'approver', owner: 'jan@vendor.example' },
      });
    });

    it('names every bad field and writes nothing', async () => {
      const sut = service();

      const error = await sut.create({ name: ' ', role: 'root', owner: 'a\u0007b' }, actor).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).problems.map((p) => p.field).sort()).toEqual(['name', 'owner', 'role']);
      expect(dataSource.transaction).not.toHaveBeenCalled();
      expect(repository.insert).not.toHaveBeenCalled();
      expect(audit.append).not.toHaveBeenCalled();
    });
  });

  describe('revoke', () => {
    it('revokes the key, ends its console sessions and audits it, once however often it is asked', async () => {
      const sut = service();

      await expect(sut.revoke(KEY_ID, actor)).resolves.toEqual({ id: KEY_ID, revoked: true });
      await expect(sut.revoke(KEY_ID, actor)).resolves.toEqual({ id: KEY_ID, revoked: false });

      expect(repository.markRevoked).toHaveBeenCalledTimes(1);
      expect(sessions.deleteForKey).toHaveBeenCalledTimes(1);
      expect(sessions.deleteForKey).toHaveBeenCalledWith(manager, KEY_ID);
      expect(audit.append).toHaveBeenCalledTimes(1);
      expect(audit.append).toHaveBeenCalledWith(manager, {
        actor: 'key-admin',
        action: 'api_key.revoked',
        subject: `api_key:${KEY_ID}`,
        details: { id: KEY_ID, name: 'ops', owner: 'ops@vendor.example', role: 'approver' },
      });
    });

    it('is a NotFoundError for an unknown key and an InvalidInputError for an id that is not a UUID', async () => {
      const sut = service();

      await expect(sut.revoke('0190f0e6-0000-7000-8000-0000000000ff', actor)).rejects.toBeInstanceOf(NotFoundError);
      await expect(sut.revoke('not-a-uuid', actor)).rejects.toBeInstanceOf(InvalidInputError);
      expect(repository.markRevoked).not.toHaveBeenCalled();
      expect(sessions.deleteForKey).not.toHaveBeenCalled();
      expect(audit.append).not.toHaveBeenCalled();
    });
  });

  describe('onApplicationBootstrap', () => {
    it('registers ADMIN_API_KEY and, when its value changed, revokes the old bootstrap key and ends its sessions', async () => {
      jest.mocked(repository.revokeOtherBootstrapKeys).mockResolvedValue([{ id: 'key-old', name: 'bootstrap admin (ADMIN_API_KEY)', owner: 'bootstrap' }]);
      const sut = service({ ADMIN_API_KEY: ADMIN_KEY });

      await sut.onApplicationBootstrap();

      expect(repository.insertBootstrap).toHaveBeenCalledWith(manager, 'bootstrap admin (ADMIN_API_KEY)', hashKey(ADMIN_KEY), 'bc_adm', 'bootstrap');
      expect(repository.revokeOtherBootstrapKeys).toHaveBeenCalledWith(manager, 'key-new');
      expect(sessions.deleteForKey).toHaveBeenCalledWith(manager, 'key-old');
      expect(jest.mocked(audit.append).mock.calls.map(([, entry]) => [entry.action, entry.subject, entry.details])).toEqual([
        ['api_key.created', 'api_key:key-new', { name: 'bootstrap admin (ADMIN_API_KEY)', role: 'admin', owner: 'bootstrap' }],
        ['api_key.revoked', 'api_key:key-old', { id: 'key-old', name: 'bootstrap admin (ADMIN_API_KEY)', owner: 'bootstrap', reason: 'rotation' }],
      ]);
    });

    it('refuses an ADMIN_API_KEY that was revoked: the live bootstrap key stays', async () => {
      jest.mocked(repository.insertBootstrap).mockResolvedValue(null);
      jest.mocked(repository.findStateByHash).mockResolvedValue({ id: 'key-old', revoked_at: new Date() });
      const sut = service({ ADMIN_API_KEY: ADMIN_KEY });

      await sut.onApplicationBootstrap();

      expect(repository.revokeOtherBootstrapKeys).not.toHaveBeenCalled();
      expect(audit.append).not.toHaveBeenCalled();
    });

    it('does nothing without ADMIN_API_KEY', async () => {
      await service().onApplicationBootstrap();

      expect(dataSource.transaction).not.toHaveBeenCalled();
    });
  });

  describe('authenticate', () => {
    const stored = (over: Partial<KeyCheck>): KeyCheck => ({ id: KEY_ID, name: 'ops', role: 'approver', owner: 'ops@vendor.example', revokedAt: null, lastUsedAt: null, ...over });

    it.each([
      { used: 'never used', lastUsedAt: null, touched: true },
      { used: 'used two minutes ago', lastUsedAt: new Date(Date.now() - 120_000), touched: true },
      { used: 'used ten seconds ago', lastUsedAt: new Date(Date.now() - 10_000), touched: false },
    ])('returns the principal of a key $used and records the use at most once a minute (touched: $touched)', async ({ lastUsedAt, touched }) => {
      jest.mocked(repository.findByHash).mockResolvedValue(stored({ lastUsedAt }));
      const sut = service();

      await expect(sut.authenticate('bc_secret')).resolves.toEqual({ id: KEY_ID, name: 'ops', role: 'approver', owner: 'ops@vendor.example' });

      expect(repository.findByHash).toHaveBeenCalledWith(hashKey('bc_secret'));
      expect(jest.mocked(repository.touch).mock.calls).toEqual(touched ? [[KEY_ID]] : []);
    });

    it('refuses a revoked key, an unknown key and an overlong one without recording a use', async () => {
      jest.mocked(repository.findByHash).mockResolvedValueOnce(stored({ revokedAt: new Date() }));
      const sut = service();

      await expect(sut.authenticate('bc_revoked')).resolves.toBeNull();
      await expect(sut.authenticate('bc_unknown')).resolves.toBeNull();
      await expect(sut.authenticate('x'.repeat(201))).resolves.toBeNull();

      expect(repository.findByHash).toHaveBeenCalledTimes(2);
      expect(repository.touch).not.toHaveBeenCalled();
    });
  });
});
