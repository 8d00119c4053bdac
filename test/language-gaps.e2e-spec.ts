import { Harness } from './support/harness';

/**
 * Language gaps: text a reader would see in another language than their own. The preview lists them
 * for every language the affected tenants read; approval refuses a version with gaps unless they are
 * accepted, and the audit entry of that approval records them.
 */
describe('language gaps', () => {
  let h: Harness;
  const SYSTEM = 'lang-archive';
  const exposure = (system = SYSTEM) => [{ system, dataCategories: ['email'], from: '2021-01-01', to: null, dataSubjects: 10, records: 100 }];
  const tenant = (externalId: string, locale: string, contacts: Record<string, unknown>[], system = SYSTEM) => ({
    externalId,
    name: `Tenant ${externalId}`,
    locale,
    country: 'DE',
    timezone: 'Europe/Berlin',
    contacts: contacts.map((c, i) => ({ role: i === 0 ? 'dpo' : 'security', priority: 1, ...c })),
    exposures: exposure(system),
  });
  const TENANTS = [
    tenant('lg-en', 'en', [{ email: 'dpo@lg-en.example' }]),
    tenant('lg-pl', 'pl', [{ email: 'dpo@lg-pl.example' }]),
    // An English tenant whose first notice also goes to a contact reading Polish: it counts for both.
    tenant('lg-mixed', 'en', [{ email: 'dpo@lg-mixed.example', locale: 'pl' }, { email: 'it@lg-mixed.example' }]),
    // Only an escalation contact reads German: the first notice has no German reader.
    tenant('lg-escalation', 'en', [{ email: 'dpo@lg-escalation.example' }, { email: 'ceo@lg-escalation.example', locale: 'de', priority: 2 }]),
    // Reads French, but is not affected.
    tenant('lg-outside', 'fr', [{ email: 'dpo@lg-outside.example' }], 'other-system'),
    // Reads Dutch, but has no address on the incident's one channel (email).
    tenant('lg-sms-only', 'nl', [{ phone: '+31612345678' }]),
  ];
  const incident = (reference: string, overrides: Record<string, unknown> = {}) => ({
    reference,
    title: 'Archive readable without authentication',
    awareAt: '2024-05-02T08:00:00Z',
    nature: ['confidentiality'],
    scope: { systems: [SYSTEM] },
    description: 'The archive of sent messages could be read without a password.',
    contact: { name: 'Security Team', email: 'security@vendor.example' },
    channels: ['email'],
    ...overrides,
  });
  const file = async (body: Record<string, unknown>) => (await h.admin.post('/v1/incidents', body).expect(201)).body.id as string;
  const preview = async (id: string) => (await h.admin.get(`/v1/incidents/${id}/preview`).expect(200)).body;
  const approvals = async (id: string) => (await h.admin.get(`/v1/audit?action=incident.approved&subject=incident:${id}`).expect(200)).body.items as { details: Record<string, unknown> }[];
  const status = async (id: string) => (await h.admin.get(`/v1/incidents/${id}`).expect(200)).body.status as string;

  const PL_GAP = { locale: 'pl', fields: ['title', 'description', 'contact.name'], tenants: 2 };

  beforeAll(async () => {
    h = await Harness.start({ worker: false });
    await h.admin.post('/v1/tenants/import', { tenants: TENANTS }).expect(200);
  });

  afterAll(() => h?.close());

  describe('a version in English only, read in English and Polish', () => {
    let id: string;

    beforeAll(async () => {
      id = await file(incident('LANG-1'));
    });

    it('lists every language the first notices are read in, with the fields shown in another language and the tenants reading it', async () => {
      const { languageGaps, affectedTenants } = await preview(id);
      expect(affectedTenants).toBe(5);
      expect(languageGaps).toEqual([{ locale: 'en', fields: [], tenants: 3 }, PL_GAP]);
    });

    it('refuses approval with 409 listing the gaps, and leaves the version a draft', async () => {
      const refused = await h.approver.post(`/v1/incidents/${id}/approve`).expect(409);
      expect(refused.body).toEqual({ statusCode: 409, error: 'Conflict', message: expect.stringContaining('pl (2 tenants): title, description, contact.name'), languageGaps: [PL_GAP] });
      await h.approver.post(`/v1/incidents/${id}/approve`, {}).expect(409);
      await h.approver.post(`/v1/incidents/${id}/approve`, { acceptLanguageGaps: false }).expect(409);
      expect(await status(id)).toBe('draft');
      expect(await approvals(id)).toEqual([]);
    });

    it('keeps the four-eyes rule first', async () => {
      const own = await h.admin.post(`/v1/incidents/${id}/approve`, { acceptLanguageGaps: true }).expect(409);
      expect(own.body.message).toContain('Four-eyes rule');
      expect(own.body.languageGaps).toBeUndefined();
    });

    it('answers 400 naming the field for any other body', async () => {
      const notBoolean = await h.approver.post(`/v1/incidents/${id}/approve`, { acceptLanguageGaps: 'yes' }).expect(400);
      expect(notBoolean.body.errors).toEqual([{ field: 'acceptLanguageGaps', message: 'acceptLanguageGaps must be true or false' }]);
      const unknown = await h.approver.post(`/v1/incidents/${id}/approve`, { acceptLanguageGaps: true, force: true }).expect(400);
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['force']);
      await h.approver.post(`/v1/incidents/${id}/approve`, [true]).expect(400);
      expect(await status(id)).toBe('draft');
    });

    it('approves with {"acceptLanguageGaps": true}, and the audit entry records the gaps accepted', async () => {
      const approved = await h.approver.post(`/v1/incidents/${id}/approve`, { acceptLanguageGaps: true }).expect(200);
      expect(approved.body.status).toBe('approved');
      const [entry] = await approvals(id);
      expect(entry.details).toEqual({ version: 1, creatorOwner: 'bootstrap', approverOwner: 'approver@vendor.example', acceptedLanguageGaps: [PL_GAP] });
    });
  });

  describe('a version every reader gets in their own language', () => {
    it('approves without the flag, and the audit entry accepts nothing', async () => {
      const id = await file(
        incident('LANG-2', {
          title: { en: 'Archive readable without authentication', pl: 'Archiwum dostępne bez uwierzytelnienia' },
          description: { en: 'The archive could be read without a password.', pl: 'Archiwum można było odczytać bez hasła.' },
          service: { en: 'SMS gateway', pl: 'Bramka SMS' },
          systemNames: { [SYSTEM]: { en: 'Message archive', pl: 'Archiwum wiadomości' } },
          contact: { name: { en: 'Security Team', pl: 'Zespół bezpieczeństwa' }, email: 'security@vendor.example', availability: { en: '24/7', pl: 'całą dobę' } },
        }),
      );
      expect((await preview(id)).languageGaps).toEqual([
        { locale: 'en', fields: [], tenants: 3 },
        { locale: 'pl', fields: [], tenants: 2 },
      ]);
      await h.approver.post(`/v1/incidents/${id}/approve`).expect(200);
      const [entry] = await approvals(id);
      expect(entry.details).toEqual({ version: 1, creatorOwner: 'bootstrap', approverOwner: 'approver@vendor.example' });
    });

    it('takes plain text as written in the incident’s language: a gap for the readers of every other one', async () => {
      const id = await file(
        incident('LANG-5', {
          language: 'pl',
          title: 'Archiwum dostępne bez uwierzytelnienia',
          description: { pl: 'Archiwum można było odczytać bez hasła.', en: 'The archive could be read without a password.' },
          service: 'Bramka SMS',
          systemNames: { [SYSTEM]: 'Archiwum wiadomości' },
          contact: { name: { en: 'Security Team', pl: 'Zespół bezpieczeństwa' }, email: 'security@vendor.example', availability: 'całą dobę' },
        }),
      );
      expect((await preview(id)).languageGaps).toEqual([
        { locale: 'en', fields: ['title', 'service', 'contact.availability', `systemNames.${SYSTEM}`], tenants: 3 },
        { locale: 'pl', fields: [], tenants: 2 },
      ]);
    });

    it('finds a map without the reader’s language a gap, and lists no language nobody affected reads', async () => {
      const id = await file(incident('LANG-3', { title: { pl: 'Archiwum dostępne bez uwierzytelnienia' }, scope: { systems: [SYSTEM], includeTenants: ['lg-outside'] } }));
      const { languageGaps } = await preview(id);
      expect(languageGaps).toEqual([
        { locale: 'en', fields: ['title'], tenants: 3 },
        { locale: 'pl', fields: ['description', 'contact.name'], tenants: 2 },
        { locale: 'fr', fields: ['title', 'description', 'contact.name'], tenants: 1 },
      ]);
    });

    it('checks the change summary of an update, which may reach readers of other languages', async () => {
      const translated = {
        title: { en: 'Archive readable without authentication', pl: 'Archiwum dostępne bez uwierzytelnienia' },
        description: { en: 'The archive could be read without a password.', pl: 'Archiwum można było odczytać bez hasła.' },
      };
      const id = await file(incident('LANG-4', { ...translated, scope: { systems: [SYSTEM], excludeTenants: ['lg-pl', 'lg-mixed'] } }));
      await h.approver.post(`/v1/incidents/${id}/approve`).expect(200);
      await h.admin.post(`/v1/incidents/${id}/dispatch`).expect(202);
      await h.admin.post(`/v1/incidents/${id}/updates`, { changeSummary: 'Two more tenants are affected.', scope: { systems: [SYSTEM] } }).expect(201);
      const gap = { locale: 'pl', fields: ['changeSummary', 'contact.name'], tenants: 2 };
      expect((await preview(id)).languageGaps).toEqual([{ locale: 'en', fields: [], tenants: 3 }, gap]);
      expect((await h.approver.post(`/v1/incidents/${id}/approve`).expect(409)).body.languageGaps).toEqual([gap]);
    });
  });
});
