import { startTestApp, TestApp } from '../../support/test-app';
import { uniqueEmail } from '../../factories/accounts';
import { expectProblem } from './helpers';

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

  it('counts each route separately, and leaves unthrottled routes alone', async () => {
    for (let i = 0; i < 3; i++) expect((await t.http.post('/api/v1/password-resets', { email: uniqueEmail() })).status).toBe(202);
    expectProblem(await t.http.post('/api/v1/password-resets', { email: uniqueEmail() }), 429, 'COMMON.TOO_MANY_REQUESTS');
    // Another sensitive route still has its own budget.
    expect((await t.http.post('/api/v1/accounts/activation-requests', { loginEmail: uniqueEmail() })).status).toBe(202);
    // The captcha route is not a sensitive one.
    for (let i = 0; i < 5; i++) expect((await t.http.get('/api/v1/captcha')).status).toBe(200);
  });
});
