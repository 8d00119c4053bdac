import { parseTenantFile } from './tenant-file.parser';

describe(parseTenantFile.name, () => {
  const header = 'externalId,name,locale,country,timezone,contacts,exposures';

  it('reads {"tenants": [...]} and a bare array alike', () => {
    const tenant = { externalId: 'a', name: 'A' };
    expect(parseTenantFile(JSON.stringify({ tenants: [tenant] }))).toEqual({ format: 'json', tenants: [tenant], problems: [] });
    expect(parseTenantFile(`\uFEFF ${JSON.stringify([tenant])}`)).toEqual({ format: 'json', tenants: [tenant], problems: [] });
  });

  it('names a JSON file that is broken or holds no tenant list', () => {
    expect(parseTenantFile('{"tenants": [').problems[0].field).toBe('(file)');
    expect(parseTenantFile('{"rows": []}').problems).toEqual([{ field: 'tenants', message: expect.stringContaining('{"tenants": [...]}') }]);
  });

  it('reads one tenant per CSV row with quoted JSON cells, commas and line breaks', () => {
    const csv = [
      header,
      'city-north,"City North, Poland",pl,PL,Europe/Warsaw,"[{""role"":""dpo"",""email"":""iod@city.example""}]","[]"',
      '"shop-1","Shop ""One""\r\nLtd",en,GB,Europe/London,"[{""role"":""owner"",""phone"":""+447700900123""}]",',
      '',
    ].join('\r\n');
    const parsed = parseTenantFile(csv);
    expect(parsed.problems).toEqual([]);
    expect(parsed.tenants).toEqual([
      { externalId: 'city-north', name: 'City North, Poland', locale: 'pl', country: 'PL', timezone: 'Europe/Warsaw', contacts: [{ role: 'dpo', email: 'iod@city.example' }], exposures: [] },
      { externalId: 'shop-1', name: 'Shop "One"\r\nLtd', locale: 'en', country: 'GB', timezone: 'Europe/London', contacts: [{ role: 'owner', phone: '+447700900123' }] },
    ]);
  });

  it("reads an exposure's data and subject categories from the exposures cell, as JSON holds them", () => {
    const exposures = [{ system: 'shop', dataCategories: ['email', 'order_history'], subjectCategories: ['customers', 'subscribers'], dataSubjects: 900 }];
    const cell = `"${JSON.stringify(exposures).replace(/"/g, '""')}"`;
    const csv = `${header}\nshop-1,Shop 1,en,GB,Europe/London,"[{""role"":""dpo"",""email"":""dpo@shop.example""}]",${cell}\n`;
    const parsed = parseTenantFile(csv);
    expect(parsed.problems).toEqual([]);
    expect(parsed.tenants).toEqual([expect.objectContaining({ externalId: 'shop-1', exposures })]);
    expect(parseTenantFile(JSON.stringify([{ externalId: 'shop-1', exposures }])).tenants).toEqual([{ externalId: 'shop-1', exposures }]);
  });

  it('reads regimes separated by ; or | (or as a JSON array) and the notice deadline as a number; empty cells leave them out', () => {
    const contacts = '"[{""role"":""dpo"",""email"":""dpo@bank.example""}]"';
    const csv = [
      `${header},regimes,noticeDeadlineHours`,
      `bank-1,Bank 1,de,DE,Europe/Berlin,${contacts},,dora; nis2,4`,
      `bank-2,Bank 2,en,US,America/New_York,${contacts},,us_state|sec_reg_sp,`,
      `bank-3,Bank 3,en,GB,Europe/London,${contacts},,"[""uk_gdpr""]",48`,
      `shop-4,Shop 4,en,GB,Europe/London,${contacts},,,four`,
    ].join('\n');
    const parsed = parseTenantFile(csv);
    expect(parsed.problems).toEqual([]);
    expect(parsed.tenants.map((t) => [(t as Record<string, unknown>).regimes, (t as Record<string, unknown>).noticeDeadlineHours])).toEqual([
      [['dora', 'nis2'], 4],
      [['us_state', 'sec_reg_sp'], undefined],
      [['uk_gdpr'], 48],
      [undefined, 'four'],
    ]);
  });

  it('takes a row that stops before the trailing optional columns', () => {
    const csv = `${header},regimes,noticeDeadlineHours\nshop-1,Shop 1,en,GB,Europe/London,"[{""role"":""dpo"",""email"":""dpo@shop.example""}]"\n`;
    expect(parseTenantFile(csv)).toMatchObject({ problems: [], tenants: [{ externalId: 'shop-1', contacts: [{ role: 'dpo', email: 'dpo@shop.example' }] }] });
  });

  it('reports bad JSON cells and short rows by row index, as the import does', () => {
    const csv = `${header}\na,A,en,GB,Europe/London,"[]",[]\nb,B,en,GB,Europe/London,[{oops},[]\nc,C,en\n`;
    expect(parseTenantFile(csv).problems).toEqual([
      { index: 1, field: 'tenants[1].contacts', message: 'contacts must be a JSON array' },
      { index: 2, field: 'tenants[2]', message: 'row has 3 cells, the header 7' },
    ]);
  });

  it('refuses a header with unknown or missing columns, and an unclosed quote', () => {
    expect(parseTenantFile('externalId,name,phone\n').problems[0]).toEqual({
      field: '(header)',
      message: expect.stringMatching(/unknown column\(s\) phone; missing column\(s\) locale, country, timezone, contacts/),
    });
    expect(parseTenantFile(`${header}\n"a,b`).problems[0].message).toMatch(/quoted field is not closed/);
  });
});
