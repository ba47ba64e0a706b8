import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { checkTargetUrl, isForbiddenAddress, resolveTarget, safePost, TargetRefused } from './safe-http';

const strict = { allowHttp: false, allowPrivate: false };

function refusal(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof TargetRefused) return error.reason;
    throw error;
  }
  return undefined;
}

describe('safe-http target rules', () => {
  it.each([
    '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a00:1',
    // IPv4 inside other IPv6 forms: IPv4-compatible, IPv4-translated, local-use NAT64, 6to4, Teredo.
    '::127.0.0.1', '::7f00:1', '::ffff:0:7f00:1', '64:ff9b:1::a00:1', '2002:7f00:1::1', '2002:a9fe:a9fe::', '2001:0:4136:e378::1',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '2001:4860:4860::8888', '2a00:1450:4007::64'])('allows %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it('refuses http, credentials and private literals by default', () => {
    expect(refusal(() => checkTargetUrl('http://example.com/hook', strict))).toBe('SCHEME_NOT_ALLOWED');
    expect(refusal(() => checkTargetUrl('ftp://example.com/hook', { ...strict, allowHttp: true }))).toBe('SCHEME_NOT_ALLOWED');
    expect(refusal(() => checkTargetUrl('https://u:p@example.com/hook', strict))).toBe('CREDENTIALS_IN_URL');
    expect(refusal(() => checkTargetUrl('https://[::1]:8443/hook', strict))).toBe('ADDRESS_NOT_ALLOWED');
    expect(refusal(() => checkTargetUrl('https://10.0.0.8/hook', strict))).toBe('ADDRESS_NOT_ALLOWED');
    expect(refusal(() => checkTargetUrl('https://[::ffff:169.254.169.254]/', strict))).toBe('ADDRESS_NOT_ALLOWED');
    expect(refusal(() => checkTargetUrl('not a url', strict))).toBe('INVALID_URL');
    expect(checkTargetUrl('https://erp.example.com/hook', strict).hostname).toBe('erp.example.com');
  });

  it('refuses a name that resolves to loopback', async () => {
    await expect(resolveTarget(new URL('https://localhost/hook'), strict)).rejects.toMatchObject({ reason: 'ADDRESS_NOT_ALLOWED' });
  });

  describe('against a loopback server', () => {
    let port: number;
    const server = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/ok' }).end();
      } else if (req.url === '/big') {
        res.writeHead(200);
        res.write(Buffer.alloc(100_000, 'a'));
        // never ends: the reader stops at its bound
      } else if (req.url === '/slow') {
        setTimeout(() => res.writeHead(200).end('late'), 2_000);
      } else {
        res.writeHead(200).end('ok');
      }
    });
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const open = { allowHttp: true, allowPrivate: true, timeoutMs: 500, maxResponseBytes: 1024 };

    it('is refused before connecting by default', async () => {
      await expect(safePost(`http://127.0.0.1:${port}/ok`, '{}', {}, { ...open, allowPrivate: false })).rejects.toMatchObject({ reason: 'ADDRESS_NOT_ALLOWED' });
    });

    it('does not follow a redirect', async () => {
      await expect(safePost(`http://127.0.0.1:${port}/redirect`, '{}', {}, open)).resolves.toMatchObject({ statusCode: 302 });
    });

    it('reads at most the bound of the answer', async () => {
      const result = await safePost(`http://127.0.0.1:${port}/big`, '{}', {}, open);
      expect(result.body).toHaveLength(1024);
    });

    it('gives up at the deadline', async () => {
      await expect(safePost(`http://127.0.0.1:${port}/slow`, '{}', {}, open)).rejects.toThrow(/timed out/);
    });

    it('connects to the pinned address of a name', async () => {
      await expect(safePost(`http://localhost:${port}/ok`, '{}', {}, open)).resolves.toEqual({ statusCode: 200, body: 'ok' });
    });
  });
});
