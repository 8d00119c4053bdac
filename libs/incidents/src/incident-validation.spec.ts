import { parameterProblems, textProblems, tooDeep, validateDto } from '@app/kernel';
import { TenantDto } from '@app/tenants';
import { CreateIncidentDto } from './incident.dto';

describe(textProblems.name, () => {
  it('keeps tabs and line breaks in multi-line text only, and refuses NUL, C1, bidi controls and unpaired surrogates by field', () => {
    const { problems } = validateDto(CreateIncidentDto, {
      description: { en: 'one\ttwo\r\nthree', pl: 'zle\u0000' },
      consequences: 'a\u0085b',
      title: 'fine title',
      source: { kind: 'internal', name: 'line\nbreak' },
      scope: { systems: ['ok', 'bidi\u202E'] },
      contact: { name: 'half \ud800', email: 'dpo@vendor.example' },
    });
    const text = problems.filter((p) => /control|Unicode/.test(p.message)).map((p) => p.field);
    expect(text.sort()).toEqual(['consequences', 'contact.name', 'description.pl', 'scope.systems[1]', 'source.name']);
  });

  it('checks property names and plain objects, all one-line', () => {
    expect(textProblems({ 'a\u0000': 'x', b: ['ok', 'tab\there'] }).map((p) => p.field)).toEqual(['a\u0000', 'b[1]']);
    expect(textProblems({ note: 'tab\there' }, { multiline: true })).toEqual([]);
    expect(textProblems({ name: 'Zoë 🙈 مرحبا' })).toEqual([]);
  });

  it('names a field whose text no validator can read (an unpaired surrogate in an email)', () => {
    const { problems } = validateDto(TenantDto, { externalId: 't', name: 'T', locale: 'pl', country: 'PL', timezone: 'Europe/Warsaw', contacts: [{ role: 'dpo', email: 'iod@poznan.\ud800example' }], exposures: [] });
    expect(problems).toEqual([{ field: 'contacts[0].email', message: expect.stringContaining('unpaired surrogate') }]);
  });

  it('names the tenant field', () => {
    const { problems } = validateDto(TenantDto, { name: 'City\u0007', locale: 'en', country: 'PL', timezone: 'Europe/Warsaw', contacts: [{ role: 'dpo', email: 'a@b.example' }] });
    expect(problems.map((p) => p.field)).toEqual(['name']);
  });
});

describe(parameterProblems.name, () => {
  it('refuses repeated, bracketed and object parameters and control characters, naming the parameter', () => {
    expect(parameterProblems({ limit: ['1', '2'], 'status[]': 'x', 'tenant[name]': 'y', q: { a: '1' }, search: 'a\u0000', ok: 'fine' }).map((p) => p.field)).toEqual([
      'limit',
      'status',
      'tenant',
      'q',
      'search',
    ]);
  });
});

describe(tooDeep.name, () => {
  it('allows 32 levels and names where the 33rd begins', () => {
    const nest = (levels: number): unknown => (levels === 1 ? {} : { a: nest(levels - 1) });
    expect(tooDeep(nest(32))).toBeNull();
    expect(tooDeep(nest(33))).toBe(Array(32).fill('a').join('.'));
    expect(tooDeep({ list: [[[]]] }, 3)).toBe('list[0][0]');
  });
});
