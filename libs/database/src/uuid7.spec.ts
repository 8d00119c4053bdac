import { uuid7 } from './uuid7';

describe('uuid7', () => {
  it('is a valid version 7, variant 1 UUID carrying the time in its first 48 bits', () => {
    const at = Date.UTC(2026, 10, 22, 12, 0, 0, 123);
    const id = uuid7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by creation time and does not repeat', () => {
    const earlier = Array.from({ length: 5000 }, () => uuid7(1_700_000_000_000));
    const later = Array.from({ length: 5000 }, () => uuid7(1_700_000_000_001));
    expect(new Set([...earlier, ...later]).size).toBe(10_000);
    expect([...earlier].sort().at(-1)! < [...later].sort()[0]).toBe(true);
  });
});
