import { ExposureFacts, exposureMatches, IncidentScope, isAffected, tenantFacts } from './scope';

const exposure = (over: Partial<ExposureFacts> = {}): ExposureFacts => ({
  system: 'sms-gateway',
  subProcessor: null,
  dataCategories: ['phone_number', 'message_content'],
  from: '2019-03-01',
  to: null,
  dataSubjects: 100,
  records: 1000,
  subjectCategories: [],
  ...over,
});

describe(exposureMatches.name, () => {
  const scope: IncidentScope = { systems: ['sms-gateway'], dataCategories: ['message_content'], exposedFrom: '2018-01-01', exposedTo: '2023-04-19' };

  it('matches an open-ended exposure that started inside the window', () => {
    expect(exposureMatches(scope, exposure())).toBe(true);
  });

  it('treats every empty part of the scope as no restriction', () => {
    expect(exposureMatches({}, exposure({ system: 'anything', dataCategories: ['name'], from: null }))).toBe(true);
    expect(exposureMatches({ systems: [], subProcessors: [], dataCategories: [] }, exposure({ system: 'x' }))).toBe(true);
  });

  it('requires the system to be listed', () => {
    expect(exposureMatches(scope, exposure({ system: 'newsletter' }))).toBe(false);
  });

  it('requires the sub-processor to be listed, and no sub-processor never matches a listed one', () => {
    const sub: IncidentScope = { subProcessors: ['MailRelay Inc'] };
    expect(exposureMatches(sub, exposure({ subProcessor: 'MailRelay Inc' }))).toBe(true);
    expect(exposureMatches(sub, exposure({ subProcessor: 'OtherMail' }))).toBe(false);
    expect(exposureMatches(sub, exposure({ subProcessor: null }))).toBe(false);
  });

  it('needs at least one category in common', () => {
    expect(exposureMatches(scope, exposure({ dataCategories: ['phone_number', 'message_content'] }))).toBe(true);
    expect(exposureMatches(scope, exposure({ dataCategories: ['phone_number'] }))).toBe(false);
  });

  it.each([
    // [exposure from, exposure to, matches]
    ['2023-04-19', null, true], // starts on the last day of the window
    ['2023-04-20', null, false], // starts the day after
    ['2010-01-01', '2018-01-01', true], // ends on the first day of the window
    ['2010-01-01', '2017-12-31', false], // ends the day before
    ['2010-01-01', null, true], // open end spans the window
    [null, null, true], // no period at all: always overlaps
    [null, '2017-12-31', false],
    ['2018-06-01', '2018-06-02', true], // fully inside
  ])('period %s..%s overlaps 2018-01-01..2023-04-19 → %s', (from, to, expected) => {
    expect(exposureMatches(scope, exposure({ from, to }))).toBe(expected);
  });

  it('compares whole days even when the scope carries times', () => {
    expect(exposureMatches({ exposedFrom: '2023-04-19T23:59:59Z', exposedTo: '2023-04-19T00:00:00Z' }, exposure({ from: '2023-04-19', to: '2023-04-19' }))).toBe(
      true,
    );
  });

  it('leaves a window open at a missing end', () => {
    expect(exposureMatches({ exposedFrom: '2020-01-01' }, exposure({ from: '2030-01-01', to: null }))).toBe(true);
    expect(exposureMatches({ exposedTo: '2020-01-01' }, exposure({ from: '1999-01-01', to: '1999-02-01' }))).toBe(true);
    expect(exposureMatches({ exposedTo: '2020-01-01' }, exposure({ from: '2020-01-02' }))).toBe(false);
  });
});

describe(isAffected.name, () => {
  const scope: IncidentScope = { systems: ['none'], includeTenants: ['a', 'b'], excludeTenants: ['b', 'c'] };

  it('adds included tenants even without a matching exposure', () => {
    expect(isAffected(scope, 'a', [exposure()])).toBe(true);
  });

  it('lets exclude win over include and over a match', () => {
    expect(isAffected(scope, 'b', [exposure()])).toBe(false);
    expect(isAffected({ excludeTenants: ['c'] }, 'c', [exposure()])).toBe(false);
  });

  it('leaves out a tenant with no exposures and no include', () => {
    expect(isAffected({}, 'z', [])).toBe(false);
  });
});

describe(tenantFacts.name, () => {
  const scope: IncidentScope = {
    systems: ['newsletter', 'crm'],
    dataCategories: ['name', 'email'],
    exposedFrom: '2010-12-01',
    exposedTo: '2010-12-31',
  };

  it('sums only the matching exposures, meets their categories with the incident and clips the period', () => {
    const sut = tenantFacts(scope, 't', [
      exposure({ system: 'newsletter', dataCategories: ['email', 'ip_address'], from: '2009-05-01', to: null, dataSubjects: 4000, records: 5000 }),
      exposure({ system: 'crm', dataCategories: ['name', 'postal_address'], from: '2010-12-10', to: '2011-05-01', dataSubjects: 10, records: 20 }),
      exposure({ system: 'shop', dataCategories: ['name'], dataSubjects: 999, records: 999 }),
      exposure({ system: 'crm', dataCategories: ['health_data'], dataSubjects: 777, records: 777 }),
    ]);
    expect(sut).toEqual({
      systems: ['crm', 'newsletter'],
      subProcessors: [],
      dataCategories: ['email', 'name'],
      dataSubjects: 4010,
      subjectCategories: [],
      dataSubjectsByGroup: [{ subjectCategories: [], dataSubjects: 4010 }],
      records: 5020,
      periodFrom: '2010-12-01',
      periodTo: '2010-12-31',
      matchedBy: 'scope',
    });
  });

  it('keeps an open end open when the scope has none', () => {
    const sut = tenantFacts({ systems: ['sms-gateway'] }, 't', [exposure({ from: '2019-03-01', to: null })]);
    expect(sut).toMatchObject({ periodFrom: '2019-03-01', periodTo: null });
  });

  it('tells an include-only tenant about all its exposures, categories met with the incident when listed', () => {
    const sut = tenantFacts({ systems: ['none'], dataCategories: ['credentials', 'email'], includeTenants: ['shop-a'] }, 'shop-a', [
      exposure({ system: 'shop-platform', dataCategories: ['name', 'email'], dataSubjects: 1000, records: 5000 }),
      exposure({ system: 'shop-config', dataCategories: ['credentials'], dataSubjects: 1, records: 1 }),
    ]);
    expect(sut).toMatchObject({
      systems: ['shop-config', 'shop-platform'],
      dataCategories: ['credentials', 'email'],
      dataSubjects: 1001,
      records: 5001,
      matchedBy: 'include',
    });
  });

  it('gives all categories to an include-only tenant when the incident lists none', () => {
    const sut = tenantFacts({ systems: ['none'], includeTenants: ['x'] }, 'x', [exposure({ dataCategories: ['name', 'health_data'] })]);
    expect(sut?.dataCategories).toEqual(['health_data', 'name']);
  });

  it('returns null for an excluded or unmatched tenant', () => {
    expect(tenantFacts({ ...scope, excludeTenants: ['t'] }, 't', [exposure({ system: 'newsletter', dataCategories: ['email'], from: '2010-01-01' })])).toBeNull();
    expect(tenantFacts(scope, 't', [exposure()])).toBeNull();
  });

  it('lists sub-processors of the matching exposures', () => {
    const sut = tenantFacts({ subProcessors: ['MailRelay Inc'] }, 't', [
      exposure({ subProcessor: 'MailRelay Inc' }),
      exposure({ subProcessor: 'OtherMail', dataSubjects: 5 }),
    ]);
    expect(sut).toMatchObject({ subProcessors: ['MailRelay Inc'], dataSubjects: 100 });
  });

  describe('categories of data subjects', () => {
    it('lists the categories of the exposures used, once each and in the order of the vocabulary', () => {
      const sut = tenantFacts({ systems: ['crm', 'shop'] }, 't', [
        exposure({ system: 'shop', subjectCategories: ['subscribers', 'customers'] }),
        exposure({ system: 'crm', subjectCategories: ['employees', 'customers'] }),
        exposure({ system: 'payroll', subjectCategories: ['applicants'] }),
      ]);
      expect(sut?.subjectCategories).toEqual(['customers', 'employees', 'subscribers']);
    });

    it('adds up data subjects only across exposures with the same set of categories, whatever order they are written in', () => {
      const sut = tenantFacts({}, 't', [
        exposure({ system: 'portal', subjectCategories: ['citizens'], dataSubjects: 120000 }),
        exposure({ system: 'hr', subjectCategories: ['employees'], dataSubjects: 800 }),
        exposure({ system: 'sms', subjectCategories: ['citizens'], dataSubjects: 5000 }),
        exposure({ system: 'school', subjectCategories: ['students', 'children'], dataSubjects: 300 }),
        exposure({ system: 'school-sms', subjectCategories: ['children', 'students'], dataSubjects: 40 }),
      ]);
      expect(sut?.dataSubjectsByGroup).toEqual([
        { subjectCategories: ['employees'], dataSubjects: 800 },
        { subjectCategories: ['children', 'students'], dataSubjects: 340 },
        { subjectCategories: ['citizens'], dataSubjects: 125000 },
      ]);
      expect(sut?.dataSubjects).toBe(126140);
    });

    it('keeps exposures that name no category apart, after the named groups, in the same order whatever the order of the exposures', () => {
      const exposures = [
        exposure({ system: 'a', subjectCategories: [], dataSubjects: 7 }),
        exposure({ system: 'b', subjectCategories: ['customers', 'employees'], dataSubjects: 20 }),
        exposure({ system: 'c', subjectCategories: ['customers'], dataSubjects: 10 }),
        exposure({ system: 'd', subjectCategories: ['other'], dataSubjects: 1 }),
      ];
      const expected = [
        { subjectCategories: ['customers'], dataSubjects: 10 },
        { subjectCategories: ['customers', 'employees'], dataSubjects: 20 },
        { subjectCategories: ['other'], dataSubjects: 1 },
        { subjectCategories: [], dataSubjects: 7 },
      ];
      expect(tenantFacts({}, 't', exposures)?.dataSubjectsByGroup).toEqual(expected);
      expect(tenantFacts({}, 't', [...exposures].reverse())?.dataSubjectsByGroup).toEqual(expected);
    });

    it('counts only the matching exposures in the groups', () => {
      const sut = tenantFacts({ systems: ['shop'] }, 't', [
        exposure({ system: 'shop', subjectCategories: ['customers'], dataSubjects: 50 }),
        exposure({ system: 'hr', subjectCategories: ['employees'], dataSubjects: 9 }),
      ]);
      expect(sut).toMatchObject({ subjectCategories: ['customers'], dataSubjectsByGroup: [{ subjectCategories: ['customers'], dataSubjects: 50 }], dataSubjects: 50 });
    });
  });
});
