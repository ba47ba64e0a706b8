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
});
