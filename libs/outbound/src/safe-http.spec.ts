import { checkedAddress, forbiddenAddress, Resolver, targetProblem, UnsafeTargetError, urlProblem } from './safe-http';

describe('forbiddenAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.254', 'private 172.16/12'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.10.1', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified IPv6'],
    ['::1', 'IPv6 loopback'],
    ['fc00::1', 'unique local'],
    ['fd00:ec2::254', 'AWS metadata over IPv6'],
    ['fe80::1', 'IPv6 link-local'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
    ['::ffff:10.0.0.5', 'IPv4-mapped private'],
  ])('refuses %s (%s)', (address) => {
    expect(forbiddenAddress(address)).not.toBeNull();
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::6810:84e5', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(forbiddenAddress(address)).toBeNull();
  });
});

describe('urlProblem', () => {
  it('takes https only, unless insecure', () => {
    expect(urlProblem('https://siem.example/hook', false)).toBeNull();
    expect(urlProblem('http://siem.example/hook', false)).toBe('must be an https URL');
    expect(urlProblem('http://siem.example/hook', true)).toBeNull();
    expect(urlProblem('ftp://siem.example/hook', true)).toBe('must be an https URL');
    expect(urlProblem('not a url', false)).toBe('must be an absolute https URL');
    expect(urlProblem('https://user:pass@siem.example/hook', false)).toBe('must not carry a user name or password');
  });
});

describe('checkedAddress', () => {
  const resolving =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('answers the resolved address it checked, so the connection goes there and nowhere else', async () => {
    await expect(checkedAddress(new URL('https://siem.example/x'), { allowInsecure: false, resolver: resolving('93.184.215.14') })).resolves.toEqual({ address: '93.184.215.14', family: 4 });
  });

  it('refuses a name when any of its addresses is private (one bad record among good ones)', async () => {
    const check = checkedAddress(new URL('https://rebind.example/x'), { allowInsecure: false, resolver: resolving('93.184.215.14', '10.0.0.7') });
    await expect(check).rejects.toThrow(UnsafeTargetError);
    await expect(check).rejects.toThrow('rebind.example resolves to 10.0.0.7');
  });

  it('checks an IP literal without a lookup, IPv6 in brackets too', async () => {
    const resolver = jest.fn();
    await expect(checkedAddress(new URL('https://169.254.169.254/latest/meta-data'), { allowInsecure: false, resolver })).rejects.toThrow('169.254.169.254');
    await expect(checkedAddress(new URL('https://[::1]:8443/x'), { allowInsecure: false, resolver })).rejects.toThrow('::1');
    expect(resolver).not.toHaveBeenCalled();
  });

  it('lets a private address through when insecure', async () => {
    await expect(checkedAddress(new URL('http://localhost/x'), { allowInsecure: true, resolver: resolving('127.0.0.1') })).resolves.toEqual({ address: '127.0.0.1', family: 4 });
  });

  it('says why at upsert: the scheme, or where the name points', async () => {
    await expect(targetProblem('https://intranet.example/x', { allowInsecure: false, resolver: resolving('192.168.0.10') })).resolves.toMatch(/^must point at a public address: .*192\.168\.0\.10/);
    await expect(targetProblem('http://intranet.example/x', { allowInsecure: false, resolver: resolving('93.184.215.14') })).resolves.toBe('must be an https URL');
    const nowhere: Resolver = async () => {
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    await expect(targetProblem('https://nowhere.invalid/x', { allowInsecure: false, resolver: nowhere })).resolves.toMatch(/does not resolve \(ENOTFOUND\)/);
    await expect(targetProblem('https://siem.example/x', { allowInsecure: false, resolver: resolving('93.184.215.14') })).resolves.toBeNull();
  });
});
