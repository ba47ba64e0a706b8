import { startTestApp, TestApp } from '../../support/test-app';
import { uniqueEmail } from '../../factories/accounts';
import { expectProblem } from './helpers';

/** One login attempt from a given socket address, with an optional X-Forwarded-For. */
async function loginFrom(t: TestApp, remoteAddress: string, forwardedFor?: string): Promise<{ status: number; body: any }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress,
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    payload: JSON.stringify({ email: uniqueEmail(), password: 'Wrong-Pass-123' }),
  });
  return { status: res.statusCode, body: res.json() };
}

/** THROTTLE_SENSITIVE_PER_MINUTE=3: per client and route, the 4th request within a minute is refused. */
describe('throttling of sensitive routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ THROTTLE_SENSITIVE_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses the 4th login attempt within a minute with 429 COMMON.TOO_MANY_REQUESTS', async () => {
    const body = { email: uniqueEmail(), password: 'Wrong-Pass-123' };
    for (let i = 0; i < 3; i++) expectProblem(await t.http.post('/api/v1/auth/login', body), 401, 'ACCOUNTS.INVALID_CREDENTIALS');
    const fourth = await t.http.post('/api/v1/auth/login', { ...body, email: uniqueEmail() });
    expectProblem(fourth, 429, 'COMMON.TOO_MANY_REQUESTS');
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    expect(fourth.body.params.retryAfter).toEqual(expect.any(Number));
  });

  it('tells the quota with RateLimit-* fields (draft -06), and a Retry-After on the 429 that matches its reset', async () => {
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.http.post('/api/v1/accounts/reactivation-requests', { loginEmail: uniqueEmail() });
      expect(res.status).toBe(202);
      expect(res.headers['ratelimit-limit']).toBe('3');
      expect(res.headers['ratelimit-policy']).toBe('3;w=60');
      const reset = Number(res.headers['ratelimit-reset']);
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(60);
      remaining.push(Number(res.headers['ratelimit-remaining']));
    }
    expect(remaining).toEqual([2, 1, 0]);
    const refused = await t.http.post('/api/v1/accounts/reactivation-requests', { loginEmail: uniqueEmail() });
    expectProblem(refused, 429, 'COMMON.TOO_MANY_REQUESTS');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['ratelimit-reset'])).toBe(retryAfter);
    expect(refused.body.params.retryAfter).toBe(retryAfter);
    // No leftover of the library's own X-RateLimit-*-<name> fields.
    expect(Object.keys(refused.headers).filter((h) => h.startsWith('x-ratelimit') || h.startsWith('retry-after-'))).toEqual([]);
    // Unthrottled routes carry no quota fields.
    expect((await t.http.get('/api/v1/error-codes')).headers['ratelimit-limit']).toBeUndefined();
  });

  it('counts each route separately, and leaves unthrottled routes alone', async () => {
    for (let i = 0; i < 3; i++) expect((await t.http.post('/api/v1/password-resets', { email: uniqueEmail() })).status).toBe(202);
    expectProblem(await t.http.post('/api/v1/password-resets', { email: uniqueEmail() }), 429, 'COMMON.TOO_MANY_REQUESTS');
    // Another sensitive route still has its own budget.
    expect((await t.http.post('/api/v1/accounts/activation-requests', { loginEmail: uniqueEmail() })).status).toBe(202);
    // An authenticated, ordinary route is not throttled here.
    for (let i = 0; i < 5; i++) expect((await t.http.get('/api/v1/error-codes')).status).toBe(200);
  });

  it('throttles the captcha: every challenge is a row and an image drawn for an anonymous caller', async () => {
    for (let i = 0; i < 3; i++) expect((await t.http.get('/api/v1/captcha')).status).toBe(200);
    const fourth = await t.http.get('/api/v1/captcha');
    expectProblem(fourth, 429, 'COMMON.TOO_MANY_REQUESTS');
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('gives a client rotating X-Forwarded-For no new quota when no proxy is trusted (the default)', async () => {
    const from = '203.0.113.10';
    for (let i = 0; i < 3; i++) expect((await loginFrom(t, from, `198.51.100.${i + 1}`)).status).toBe(401);
    for (let i = 3; i < 6; i++) {
      const res = await loginFrom(t, from, `198.51.100.${i + 1}, 192.0.2.${i}`);
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('COMMON.TOO_MANY_REQUESTS');
    }
    // Another real client keeps its own budget.
    expect((await loginFrom(t, '203.0.113.11')).status).toBe(401);
  });

  // Checked and found sound (@nestjs/throttler keys IPv6 clients by their /64), kept as a regression.
  it('counts an IPv6 client by its /64: changing the interface identifier gives no new quota', async () => {
    for (let i = 0; i < 3; i++) expect((await loginFrom(t, `2001:db8:7:1::${i + 1}`)).status).toBe(401);
    for (const other of ['2001:db8:7:1::99', '2001:db8:7:1:ffff:ffff:ffff:ffff', '2001:0db8:0007:0001:0:0:0:abc']) {
      expect(await loginFrom(t, other)).toMatchObject({ status: 429, body: { code: 'COMMON.TOO_MANY_REQUESTS' } });
    }
    // The next /64 is another client; an IPv4-mapped address is its IPv4 client.
    expect((await loginFrom(t, '2001:db8:7:2::1')).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await loginFrom(t, '203.0.113.50')).status).toBe(401);
    expect(await loginFrom(t, '::ffff:203.0.113.50')).toMatchObject({ status: 429, body: { code: 'COMMON.TOO_MANY_REQUESTS' } });
  });
});

/** TRUSTED_PROXIES=127.0.0.1: behind that proxy, the forwarded address is the client's. */
describe('throttling behind a trusted reverse proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ THROTTLE_SENSITIVE_PER_MINUTE: '3', TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keys the limit on the forwarded client address when the socket is a trusted proxy', async () => {
    for (let i = 0; i < 3; i++) expect((await loginFrom(t, '127.0.0.1', '198.51.100.20')).status).toBe(401);
    expect((await loginFrom(t, '127.0.0.1', '198.51.100.20')).status).toBe(429);
    // Another client behind the same proxy (or a proxy of the trusted range) is another budget.
    expect((await loginFrom(t, '127.0.0.1', '198.51.100.21')).status).toBe(401);
    expect((await loginFrom(t, '10.1.2.3', '198.51.100.22')).status).toBe(401);
    // A chain of trusted proxies: the first untrusted hop from the right is the client.
    for (let i = 0; i < 2; i++) expect((await loginFrom(t, '127.0.0.1', `192.0.2.${i}, 198.51.100.21, 10.9.9.9`)).status).toBe(401);
    expect((await loginFrom(t, '127.0.0.1', '192.0.2.99, 198.51.100.21')).status).toBe(429);
  });

  it('ignores X-Forwarded-For from a socket that is not a trusted proxy', async () => {
    const from = '203.0.113.30';
    for (let i = 0; i < 3; i++) expect((await loginFrom(t, from, `198.51.100.${40 + i}`)).status).toBe(401);
    expect((await loginFrom(t, from, '198.51.100.99')).status).toBe(429);
  });
});
