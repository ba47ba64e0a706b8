import { startTestApp, TestApp } from '../support/test-app';
import { logInWithEmailCode, signUpAndActivate, uniqueEmail } from '../factories/accounts';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs up, activates and logs in', async () => {
    const email = uniqueEmail();
    await signUpAndActivate(t, email);
    // Notices inherit their constructor from NoticeHandler: proves its dependencies are injected.
    await t.mail.waitForTemplate(email, 'accounts.activated');
    const tokens = await logInWithEmailCode(t, email);
    const me = await t.http.get('/api/v1/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.loginEmail).toBe(email);
  });

  it('sends the security headers and the request id on every answer, errors included', async () => {
    for (const res of [await t.http.get('/health/live'), await t.http.get('/api/v1/me'), await t.http.get('/nowhere')]) {
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
    }
    const traced = await t.http.get('/api/v1/me', { headers: { 'x-request-id': 'trace-0123456789' } });
    expect(traced.status).toBe(401);
    expect(traced.headers['x-request-id']).toBe('trace-0123456789');
    expect(traced.body.requestId).toBe('trace-0123456789');
  });
});
