import { isAffected, IncidentScope, scopeCondition } from '@app/scope';
import { DATA_CATEGORIES } from '@app/templates';
import { parseTenantFile, TENANT_CSV_COLUMNS } from '@app/tenants';
import { Harness } from './support/harness';

const tenant = (externalId: string, over: Record<string, unknown> = {}) => ({
  externalId,
  name: `Tenant ${externalId}`,
  locale: 'pl',
  country: 'PL',
  timezone: 'Europe/Warsaw',
  contacts: [
    { role: 'dpo', name: 'Anna Nowak', email: `iod@${externalId}.example`, phone: '+48612345678', priority: 1 },
    { role: 'security', email: `soc@${externalId}.example`, priority: 2 },
  ],
  exposures: [{ system: 'sms-gateway', subProcessor: 'SerwerSMS', dataCategories: ['phone_number'], from: '2019-03-01', to: null, dataSubjects: 120000, records: 850000 }],
  ...over,
});

describe('tenants', () => {
  let h: Harness;
  beforeAll(async () => (h = await Harness.start({ worker: false })));
  afterAll(() => h?.close());

  const count = async () => Number((await h.db.query('SELECT count(*) FROM tenant'))[0].count);

  it('upserts one tenant with PUT and returns it with GET in the contract shape', async () => {
    const put = await h.admin.put('/v1/tenants/poznan-city', tenant('poznan-city')).expect(201);
    expect(put.body).toMatchObject({ externalId: 'poznan-city', locale: 'pl', contacts: [{ role: 'dpo', phone: '+48612345678', priority: 1 }, { role: 'security' }] });
    await h.admin.put('/v1/tenants/poznan-city', tenant('poznan-city', { name: 'City of Poznań' })).expect(200);
    const got = (await h.admin.get('/v1/tenants/poznan-city').expect(200)).body;
    expect(got).toMatchObject({ name: 'City of Poznań', exposures: [{ system: 'sms-gateway', subProcessor: 'SerwerSMS', from: '2019-03-01', to: null, dataSubjects: 120000, records: 850000 }] });
    await h.admin.get('/v1/tenants/nobody').expect(404);
  });

  it('stores whose data each exposure holds and returns it with GET; an exposure that says nothing has none', async () => {
    const exposures = [
      { system: 'portal', dataCategories: ['name', 'email'], subjectCategories: ['citizens', 'employees'], dataSubjects: 5000, records: 9000 },
      { system: 'sms-gateway', dataCategories: ['phone_number'], dataSubjects: 120000, records: 850000 },
    ];
    await h.admin.put('/v1/tenants/city-subjects', tenant('city-subjects', { exposures })).expect(201);
    const got = (await h.admin.get('/v1/tenants/city-subjects').expect(200)).body;
    expect(got.exposures.map((e: Record<string, unknown>) => [e.system, e.subjectCategories])).toEqual([
      ['portal', ['citizens', 'employees']],
      ['sms-gateway', []],
    ]);
    const replaced = [{ ...exposures[0], subjectCategories: ['citizens'] }];
    const put = await h.admin.put('/v1/tenants/city-subjects', tenant('city-subjects', { exposures: replaced })).expect(200);
    expect(put.body.exposures).toEqual([expect.objectContaining({ system: 'portal', subjectCategories: ['citizens'] })]);
  });

  it('imports subject categories from a CSV file, inside the exposures cell as in JSON', async () => {
    const cell = (value: unknown) => `"${JSON.stringify(value).replace(/"/g, '""')}"`;
    const contacts = [{ role: 'dpo', email: 'dpo@csv-shop.example' }];
    const exposures = [
      { system: 'shop-platform', dataCategories: ['email', 'order_history'], subjectCategories: ['customers'], dataSubjects: 800 },
      { system: 'shop-config', dataCategories: ['credentials'], subjectCategories: ['employees'], dataSubjects: 4 },
    ];
    const csv = [TENANT_CSV_COLUMNS.join(','), `csv-shop,CSV Shop,pl,PL,Europe/Warsaw,${cell(contacts)},${cell(exposures)}`].join('\r\n');
    const parsed = parseTenantFile(csv);
    expect(parsed.problems).toEqual([]);
    await h.admin.post('/v1/tenants/import', { tenants: parsed.tenants }).expect(200);
    const got = (await h.admin.get('/v1/tenants/csv-shop').expect(200)).body;
    expect(got.exposures).toEqual([
      expect.objectContaining({ system: 'shop-platform', subjectCategories: ['customers'], dataSubjects: 800 }),
      expect.objectContaining({ system: 'shop-config', subjectCategories: ['employees'], dataSubjects: 4 }),
    ]);
  });

  it("stores a tenant's regimes and notice deadline; without them, its regimes are its country's and the deadline the default", async () => {
    const put = await h.admin.put('/v1/tenants/bank-fr', tenant('bank-fr', { country: 'FR', regimes: ['dora', 'nis2', 'gdpr'], noticeDeadlineHours: 4 })).expect(201);
    expect(put.body).toMatchObject({ regimes: ['dora', 'nis2', 'gdpr'], noticeDeadlineHours: 4 });
    expect((await h.admin.get('/v1/tenants/bank-fr').expect(200)).body).toMatchObject({ regimes: ['dora', 'nis2', 'gdpr'], noticeDeadlineHours: 4 });
    await h.admin.put('/v1/tenants/bank-fr', tenant('bank-fr', { country: 'CH' })).expect(200);
    expect((await h.admin.get('/v1/tenants/bank-fr').expect(200)).body).toMatchObject({ regimes: ['ch_fadp'], noticeDeadlineHours: null });
    const [row] = await h.db.query(`SELECT regimes, notice_deadline_hours FROM tenant WHERE external_id = 'bank-fr'`);
    expect(row).toEqual({ regimes: null, notice_deadline_hours: null });

    const contacts = `"${JSON.stringify([{ role: 'dpo', email: 'dpo@us-bank.example' }]).replace(/"/g, '""')}"`;
    const csv = [TENANT_CSV_COLUMNS.join(','), `us-bank,US Bank,en,US,America/New_York,${contacts},,us_state|sec_reg_sp,120`, `us-shop,US Shop,en,US,America/Chicago,${contacts},,,`].join('\n');
    const parsed = parseTenantFile(csv);
    expect(parsed.problems).toEqual([]);
    await h.admin.post('/v1/tenants/import', { tenants: parsed.tenants }).expect(200);
    expect((await h.admin.get('/v1/tenants/us-bank').expect(200)).body).toMatchObject({ regimes: ['us_state', 'sec_reg_sp'], noticeDeadlineHours: 120 });
    const listed = (await h.admin.get('/v1/tenants?search=us-').expect(200)).body.items;
    expect(listed.map((t: Record<string, unknown>) => [t.externalId, t.regimes, t.noticeDeadlineHours])).toEqual([
      ['us-bank', ['us_state', 'sec_reg_sp'], 120],
      ['us-shop', ['us_state'], null],
    ]);
  });

  it('imports all rows or none, listing every bad row by index and field', async () => {
    const before = await count();
    const rows = [
      tenant('ok-1'),
      tenant('bad-phone', { contacts: [{ role: 'dpo', email: 'a@b.example', phone: '0612 345 678' }] }),
      tenant('ok-2'),
      tenant('bad-locale', { locale: 'xx', exposures: [{ system: 's', dataCategories: ['dna'] }] }),
    ];
    const res = await h.admin.post('/v1/tenants/import', { tenants: rows }).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: 'tenants[1].contacts[0].phone' }),
        expect.objectContaining({ index: 3, field: 'tenants[3].locale' }),
        expect.objectContaining({ index: 3, field: 'tenants[3].exposures[0].dataCategories' }),
      ]),
    );
    expect(res.body.errors.some((e: any) => e.index === 0 || e.index === 2)).toBe(false);
    expect(await count()).toBe(before);
    const ok = await h.admin.post('/v1/tenants/import', { tenants: [tenant('ok-1'), tenant('ok-2')] }).expect(200);
    expect(ok.body).toMatchObject({ imported: 2, created: 2, updated: 0 });
  });

  it('rejects a repeated externalId inside one import', async () => {
    const res = await h.admin.post('/v1/tenants/import', { tenants: [tenant('dup'), tenant('dup')] }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 1, field: 'tenants[1].externalId' })]);
  });

  it('selects with SQL exactly the tenants the scope rule selects', async () => {
    // Random tenants and scopes: the paging query and the rule in TypeScript must agree on every one.
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
    const day = () => `20${10 + Math.floor(rand() * 14)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    const systems = ['sms-gateway', 'newsletter', 'crm', 'shop'];
    const subs = ['SerwerSMS', 'MailRelay Inc', null];
    const rows = Array.from({ length: 120 }, (_, i) =>
      tenant(`r-${i}`, {
        exposures: Array.from({ length: Math.floor(rand() * 3) }, () => {
          const [a, b] = [day(), day()].sort();
          return {
            system: pick(systems),
            subProcessor: pick(subs),
            dataCategories: [pick(DATA_CATEGORIES), pick(DATA_CATEGORIES)].filter((c, j, all) => all.indexOf(c) === j),
            from: rand() < 0.1 ? null : a,
            to: rand() < 0.4 ? null : b,
          };
        }),
      }),
    );
    await h.admin.post('/v1/tenants/import', { tenants: rows }).expect(200);
    let nonEmpty = 0;
    for (let k = 0; k < 40; k++) {
      const [from, to] = [day(), day()].sort();
      const scope: IncidentScope = {
        systems: rand() < 0.5 ? [pick(systems)] : [],
        subProcessors: rand() < 0.3 ? [pick(subs) ?? 'SerwerSMS'] : [],
        dataCategories: rand() < 0.5 ? [pick(DATA_CATEGORIES), pick(DATA_CATEGORIES)] : [],
        exposedFrom: rand() < 0.8 ? from : null,
        exposedTo: rand() < 0.8 ? to : null,
        includeTenants: rand() < 0.3 ? ['r-1', 'r-2'] : [],
        excludeTenants: rand() < 0.3 ? ['r-2', 'r-3'] : [],
      };
      const expected = rows
        .filter((t) => isAffected(scope, t.externalId, (t.exposures as any[]).map((e) => ({ dataSubjects: 0, records: 0, ...e }))))
        .map((t) => t.externalId)
        .sort();
      const cond = scopeCondition(scope);
      const found: { external_id: string }[] = await h.db.query(`SELECT t.external_id FROM tenant t WHERE ${cond.sql}`, cond.params);
      const selected = found.map((r) => r.external_id).filter((id) => id.startsWith('r-')).sort();
      expect({ scope, selected }).toEqual({ scope, selected: expected });
      if (expected.length > 0 && expected.length < rows.length) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(10); // the draws must actually split the tenants
  });
});
