import { prototypeKey } from './body';

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
