import { createLogMask, urlPasswords } from './log-mask';

describe(createLogMask.name, () => {
  const sut = createLogMask(['tw1l10-auth-token-0123456789abcdef', 'admin-key-from-env-xyz']);
  const line = (msg: unknown) => JSON.stringify({ level: 'info', msg });

  it('masks E.164 numbers in messages, also spaced or URL-encoded', () => {
    const out = sut(line('sms to +48612345678, call +48 61 234 56 78, GET /v1/sandbox/messages?to=%2B48612345678'));
    expect(out).not.toMatch(/48612345678|61 234 56 78/);
    expect(out).toContain('+48*******78');
    expect(out).toContain('%2B48*******78');
    expect(JSON.parse(out).msg).toContain('sms to +48');
  });

  it('masks the local part of email addresses but keeps the domain, and leaves our own ids readable', () => {
    const out = sut(line('mail to iod@poznan.example and soc%40city.example; bounce+2f1c7f0e-8a54-4bd5-9d0e-63b0b5b1a4a1@vendor.example'));
    expect(out).not.toMatch(/iod@|soc%40/);
    expect(out).toContain('i**@poznan.example');
    expect(out).toContain('s**%40city.example');
    expect(out).toContain('bounce+2f1c7f0e-8a54-4bd5-9d0e-63b0b5b1a4a1@vendor.example');
  });

  it('masks an address written only URL-encoded, and leaves a line without any address as it was', () => {
    expect(sut(line('GET /v1/sandbox/messages?to=soc%40city.example'))).toContain('to=s**%40city.example');
    const plain = line('notice 01a23bdb-d95e-77d2-bf94-059f123713d6 webhook to https://hooks.example.com/… sent in 12 ms');
    expect(sut(plain)).toBe(plain);
  });

  it.each([
    ['Polish', 'łukasz@przykład.pl', 'ł*****@przykład.pl', ['łukasz', 'ukasz@']],
    ['Chinese', '用户@例子.广告', '用**@例子.广告', ['用户@']],
    ['German', 'jürgen.müller@bücher.de', 'j************@bücher.de', ['jürgen', 'müller']],
    ['Greek', 'δοκιμή@παράδειγμα.δοκιμή', 'δ*****@παράδειγμα.δοκιμή', ['δοκιμή@']],
    ['Hindi (combining marks)', 'उपयोगकर्ता@उदाहरण.कॉम', 'उ*********@उदाहरण.कॉम', ['उपयोगकर्ता']],
    ['astral', '𠜎𠜱x@例子.广告', '𠜎**@例子.广告', ['𠜱']],
  ])('masks a %s address the way it masks an ASCII one', (_script, address, masked, gone) => {
    const out = sut(line(`mail to ${address} failed; retry <${address}>`));
    expect(JSON.parse(out).msg).toBe(`mail to ${masked} failed; retry <${masked}>`);
    for (const part of gone) expect(out).not.toContain(part);
  });

  it('masks a non-ASCII address written URL-encoded, as in a query string', () => {
    const encoded = encodeURIComponent('łukasz@przykład.pl');
    const out = sut(line(`GET /v1/sandbox/messages?to=${encoded}`));
    expect(out).not.toContain(encodeURIComponent('łukasz'));
    expect(out).toContain(`%40${encodeURIComponent('przykład.pl')}`);
  });

  it('redacts configured secrets, bearer credentials, issued API keys, URL passwords and ack tokens', () => {
    const out = sut(
      line(
        'token tw1l10-auth-token-0123456789abcdef key admin-key-from-env-xyz; Authorization: Bearer abc.def; ' +
          'key bc_Zm9vYmFyYmF6cXV4cXV1eA1234 smtp://user:s3cret@127.0.0.1:2525 GET /ack/AbCdEfGhIjKlMnOpQrStUv.json',
      ),
    );
    for (const secret of ['tw1l10-auth-token', 'admin-key-from-env', 'abc.def', 'bc_Zm9v', 's3cret', 'AbCdEfGhIjKlMnOpQrStUv']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('/ack/[token].json');
    expect(out).toContain('smtp://[credentials]@127.0.0.1:2525');
  });

  it('redacts webhook signing secrets', () => {
    const out = sut(line('rotated: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw/+a9Qx0bT2E= for city-north'));
    expect(out).not.toContain('MfKQ9r8GKYqr');
    expect(out).toContain('whsec_[redacted]');
  });

  it('keeps every line valid JSON and leaves times, ids and counts alone', () => {
    const input = JSON.stringify({ time: '2023-04-19T14:00:00+02:00', pid: 12345678, id: 'a1b2', n: 50000, msg: 'x +48612345678' });
    const out = JSON.parse(sut(input));
    expect(out).toMatchObject({ time: '2023-04-19T14:00:00+02:00', pid: 12345678, id: 'a1b2', n: 50000 });
  });
});

describe(urlPasswords.name, () => {
  it('collects decoded passwords from URLs and ignores the rest', () => {
    expect(urlPasswords('smtp://u:p%40ss@h:25', 'redis://127.0.0.1:6379', null, 'not a url')).toEqual(['p@ss']);
  });
});
