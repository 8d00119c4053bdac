import { natureWords, scopeSentences } from './scope-words';

describe(scopeSentences.name, () => {
  it('says each part of a full scope in words, systems by their readable names', () => {
    const sut = scopeSentences(
      {
        systems: ['sms-gateway', 'archive'],
        subProcessors: ['SerwerSMS'],
        dataCategories: ['phone_number', 'message_content'],
        exposedFrom: '2018-01-01',
        exposedTo: '2023-04-19',
        includeTenants: ['poznan-city'],
        excludeTenants: ['test-tenant', 'old-tenant'],
      },
      { 'sms-gateway': { en: 'SMS gateway', pl: 'Bramka SMS' } },
    );
    expect(sut).toEqual([
      'Data held in SMS gateway (sms-gateway) or archive.',
      'Only where the sub-processor is SerwerSMS.',
      'Concerning phone numbers or message content.',
      'Exposed at any time from 1 January 2018 to 19 April 2023 (both days included).',
      'Also notified, whatever their data: poznan-city.',
      'Never notified: test-tenant and old-tenant.',
    ]);
    expect(sut.join(' ')).not.toMatch(/[{}[\]"]/);
  });

  it('says that an empty part reaches everyone, and an open period end', () => {
    expect(scopeSentences({ exposedFrom: '2020-05-01T00:00:00Z' })).toEqual([
      'Data held in any system.',
      'Whoever holds it: the vendor or any sub-processor.',
      'Concerning any category of personal data.',
      'Exposed at any time from 1 May 2020 on.',
    ]);
    expect(scopeSentences({ exposedTo: '2021-02-03' })[3]).toBe('Exposed at any time up to 3 February 2021 (included).');
    expect(scopeSentences({})[3]).toBe('Exposed at any time.');
  });
});

describe(natureWords.name, () => {
  it('names each nature in words', () => {
    expect(natureWords(['confidentiality', 'availability'])).toMatch(/^confidentiality \(.*\) and availability \(.*\)$/);
    expect(natureWords([])).toBe('—');
  });
});
