import { bodyShapeProblem, prototypeKey } from './body';

describe(prototypeKey.name, () => {
  it('finds a prototype key at any depth and says where', () => {
    expect(prototypeKey(JSON.parse('{"scope": {"systems": [{"__proto__": {"x": 1}}]}}'))).toBe('scope.systems[0].__proto__');
    expect(prototypeKey(JSON.parse('{"tenants": [{}, {"contacts": [{"constructor": {"prototype": 1}}]}]}'))).toBe('tenants[1].contacts[0].constructor');
    expect(prototypeKey(JSON.parse('[{"prototype": true}]'))).toBe('[0].prototype');
  });

  it('passes ordinary bodies, values that merely mention such words, and non-objects', () => {
    expect(prototypeKey({ title: '__proto__', description: { en: 'constructor' }, list: ['prototype'] })).toBeNull();
    expect(prototypeKey(undefined)).toBeNull();
    expect(prototypeKey('text')).toBeNull();
  });
});

describe(bodyShapeProblem.name, () => {
  it('allows 32 levels and refuses the 33rd, naming where it begins', () => {
    const nest = (levels: number): unknown => (levels === 1 ? [] : [nest(levels - 1)]);
    expect(bodyShapeProblem({ a: nest(31) })).toBeNull();
    expect(bodyShapeProblem({ a: nest(32) })).toEqual({ field: `a${'[0]'.repeat(31)}`, message: expect.stringMatching(/32 levels/), kind: 'depth' });
  });
});
