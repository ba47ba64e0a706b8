import { parseTrustedProxies } from './trusted-proxies';

describe('parseTrustedProxies', () => {
  it('trusts nobody by default', () => {
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies('')).toEqual([]);
    expect(parseTrustedProxies(' , ')).toEqual([]);
  });

  it('accepts addresses, CIDR ranges and the named ranges', () => {
    expect(parseTrustedProxies('127.0.0.1, 10.0.0.0/8,fd00::/8 ,::1,loopback,uniquelocal')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
      '::1',
      'loopback',
      'uniquelocal',
    ]);
  });

  it.each(['*', 'true', 'localhost', '10.0.0.0/33', '::1/129', '10.0.0.1/8/2', '10.0.0.0/', '300.1.1.1', '10.0.0.0/-1'])(
    'refuses %p',
    (entry) => {
      expect(() => parseTrustedProxies(`127.0.0.1,${entry}`)).toThrow(entry);
    },
  );
});
