import { planningHorizon } from './fanout.service';

describe(planningHorizon.name, () => {
  const aware = '2023-04-19T14:00:00Z';
  const H = 3600_000;
  const bands = [
    { ms: 72 * H, last: 'f0000000-0000-4000-8000-000000000000' },
    { ms: 4 * H, last: '80000000-0000-4000-8000-000000000000' },
    { ms: 24 * H, last: 'c0000000-0000-4000-8000-000000000000' },
  ];

  it('holds planning at the soonest deadline a tenant not yet read could have', () => {
    expect(planningHorizon(aware, bands, '10000000-0000-4000-8000-000000000000')).toBe('2023-04-19T18:00:00.000Z');
  });

  it('moves on once the scan has passed the last tenant with that deadline', () => {
    expect(planningHorizon(aware, bands, '80000000-0000-4000-8000-000000000000')).toBe('2023-04-20T14:00:00.000Z');
    expect(planningHorizon(aware, bands, 'c0000000-0000-4000-8000-000000000001')).toBe('2023-04-22T14:00:00.000Z');
  });

  it('plans everything once no deadline is left past the cursor', () => {
    expect(planningHorizon(aware, bands, 'f0000000-0000-4000-8000-000000000000')).toBe('infinity');
    expect(planningHorizon(aware, [], '00000000-0000-4000-8000-000000000000')).toBe('infinity');
  });
});
