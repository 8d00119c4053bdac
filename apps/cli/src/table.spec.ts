import { count, counted, table, text, when } from './table';

describe(table.name, () => {
  it('pads text columns to the widest cell and aligns numbers right, leaving the last column unpadded', () => {
    const sut = table(
      [
        ['tenant', 'notices', 'state'],
        ['city-north', count(1234567), 'late'],
        ['b', count(3), 'ok'],
      ],
      [1],
    );
    expect(sut).toBe('tenant        notices  state\ncity-north  1,234,567  late\nb                   3  ok\n');
  });

  it('formats counts, times and localized text as the tables show them', () => {
    expect([count(0), count(null), counted(1, 'tenant'), counted(12000, 'tenant')]).toEqual(['0', '-', '1 tenant', '12,000 tenants']);
    expect([when('2024-05-02T08:00:00.000Z'), when(null)]).toEqual(['2024-05-02 08:00:00Z', '-']);
    expect([text('plain'), text({ pl: 'Tytuł', en: 'Title' }), text({ pl: 'Tytuł' }), text(null)]).toEqual(['plain', 'Title', 'Tytuł', '']);
  });
});
