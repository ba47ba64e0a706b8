import { codeFromMail, tokenFromMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { PASSWORD, uniqueEmail } from '../../factories/accounts';
import { activate, expectProblem, login, signUp, totpCode, waitForNth } from './helpers';

/** The newcomer's whole path, one step after the other, as a browser would call the API. */
describe('accounts journey: sign-up → activation → e-mail code → TOTP → refresh → logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('goes from sign-up to a TOTP-protected session with rotating refresh tokens', async () => {
    const email = uniqueEmail('journey');

    // Sign-up: 202 and an activation e-mail with a link to the login address.
    const created = await signUp(t, email, { phone: '+33 1 23 45 67 89', surveyConsent: true });
    expect(created.status).toBe(202);
    expect(created.body.message).toEqual(expect.any(String));
    const activationMail = await t.mail.waitForTemplate(email, 'accounts.activation');
    expect(activationMail.text).toContain('http://liasse.test/activation?token=');

    // Not usable before activation.
    expectProblem(await login(t, email), 401, 'ACCOUNTS.INVALID_CREDENTIALS');

    // Activation.
    const activated = await activate(t, tokenFromMail(activationMail));
    expect(activated.status).toBe(204);
    await t.mail.waitForTemplate(email, 'accounts.activated');

    // Login, step 1 (password) → an e-mailed code.
    const step1 = await login(t, email);
    expect(step1.status).toBe(200);
    expect(step1.body).toEqual({ mfaRequired: true, challengeId: expect.any(String), method: 'EMAIL' });
    const code = codeFromMail(await waitForNth(t, email, 'accounts.mfa-code', 1));

    // Login, step 2 (code) → a token pair.
    const emailSession = await t.http.post('/api/v1/auth/mfa', { challengeId: step1.body.challengeId, code });
    expect(emailSession.status).toBe(200);
    expect(emailSession.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    const token = emailSession.body.accessToken as string;

    const me = await t.http.get('/api/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ loginEmail: email, contactEmail: email, status: 'ACTIVE', mfaMethod: 'EMAIL', phone: '+33 1 23 45 67 89', surveyConsent: true });

    // The e-mailed code was for one challenge only.
    expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId: step1.body.challengeId, code }), 401, 'ACCOUNTS.MFA_CHALLENGE_INVALID');

    // TOTP enrolment: confirmed with the password, a secret, then a first code confirms it.
    const enrol = await t.http.post('/api/v1/me/mfa/totp', { currentPassword: PASSWORD }, { token });
    expect(enrol.status).toBe(200);
    expect(enrol.body.secret).toMatch(/^[A-Z2-7]+$/);
    expect(enrol.body.otpauthUrl).toContain(`secret=${enrol.body.secret}`);
    const secret = enrol.body.secret as string;
    // A wrong code does not confirm.
    const wrong = totpCode(t, secret) === '000000' ? '111111' : '000000';
    expectProblem(await t.http.post('/api/v1/me/mfa/totp/confirmation', { code: wrong }, { token }), 401, 'ACCOUNTS.MFA_CODE_INVALID', 'code');
    const confirmed = await t.http.post('/api/v1/me/mfa/totp/confirmation', { code: totpCode(t, secret) }, { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ mfaMethod: 'TOTP' });
    expect((await t.http.get('/api/v1/me', { token })).body.mfaMethod).toBe('TOTP');

    // Logout: the access token stops working at once.
    expect((await t.http.post('/api/v1/auth/logout', undefined, { token })).status).toBe(204);
    expectProblem(await t.http.get('/api/v1/me', { token }), 401, 'COMMON.UNAUTHENTICATED');

    // Login now asks for the authenticator, and no code is e-mailed.
    const mfaMailsBefore = t.mail.count((m) => m.to.includes(email) && m.template === 'accounts.mfa-code');
    const totpStep1 = await login(t, email);
    expect(totpStep1.status).toBe(200);
    expect(totpStep1.body.method).toBe('TOTP');

    // The code used for the confirmation is spent: same 30-second step → refused.
    const replay = await t.http.post('/api/v1/auth/mfa', { challengeId: totpStep1.body.challengeId, code: totpCode(t, secret) });
    expectProblem(replay, 401, 'ACCOUNTS.MFA_CODE_INVALID');
    t.clock.advance(30_000);
    const totpSession = await t.http.post('/api/v1/auth/mfa', { challengeId: totpStep1.body.challengeId, code: totpCode(t, secret) });
    expect(totpSession.status).toBe(200);
    expect(t.mail.count((m) => m.to.includes(email) && m.template === 'accounts.mfa-code')).toBe(mfaMailsBefore);

    // Refresh: a new pair; the access token of the new pair works.
    const first = totpSession.body as { accessToken: string; refreshToken: string };
    const refreshed = await t.http.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(first.refreshToken);
    expect(refreshed.body.refreshToken.split('.')[0]).toBe(first.refreshToken.split('.')[0]);
    expect((await t.http.get('/api/v1/me', { token: refreshed.body.accessToken })).status).toBe(200);

    // Refresh again: rotation goes on.
    const second = await t.http.post('/api/v1/auth/refresh', { refreshToken: refreshed.body.refreshToken });
    expect(second.status).toBe(200);

    // The first refresh token presented again: theft suspected → 401 and the session is revoked…
    expectProblem(await t.http.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken }), 401, 'ACCOUNTS.REFRESH_TOKEN_INVALID');
    // … so the newest refresh token fails too, and so does the newest access token.
    expectProblem(await t.http.post('/api/v1/auth/refresh', { refreshToken: second.body.refreshToken }), 401, 'ACCOUNTS.REFRESH_TOKEN_INVALID');
    expectProblem(await t.http.get('/api/v1/me', { token: second.body.accessToken }), 401, 'COMMON.UNAUTHENTICATED');

    // A fresh login (TOTP, next step), then logout: the access token and the refresh token stop working.
    t.clock.advance(30_000);
    const again = await login(t, email, PASSWORD);
    const session = await t.http.post('/api/v1/auth/mfa', { challengeId: again.body.challengeId, code: totpCode(t, secret) });
    expect(session.status).toBe(200);
    expect((await t.http.get('/api/v1/me', { token: session.body.accessToken })).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/logout', undefined, { token: session.body.accessToken })).status).toBe(204);
    expectProblem(await t.http.get('/api/v1/me', { token: session.body.accessToken }), 401, 'COMMON.UNAUTHENTICATED');
    expectProblem(await t.http.post('/api/v1/auth/refresh', { refreshToken: session.body.refreshToken }), 401, 'ACCOUNTS.REFRESH_TOKEN_INVALID');
  });

  it('refuses forged refresh tokens without failing', async () => {
    for (const refreshToken of ['', 'nope', 'not-a-uuid.secret', '0190a0a0-0000-7000-8000-000000000000.secret', '.', 'a.b.c']) {
      expectProblem(await t.http.post('/api/v1/auth/refresh', { refreshToken }), 401, 'ACCOUNTS.REFRESH_TOKEN_INVALID');
    }
  });

  it('goes back to e-mailed codes when TOTP is disabled', async () => {
    const email = uniqueEmail('totp-off');
    await signUp(t, email);
    expect((await activate(t, tokenFromMail(await t.mail.waitForTemplate(email, 'accounts.activation')))).status).toBe(204);
    const step1 = await login(t, email);
    const code = codeFromMail(await waitForNth(t, email, 'accounts.mfa-code', 1));
    const { accessToken } = (await t.http.post('/api/v1/auth/mfa', { challengeId: step1.body.challengeId, code })).body;
    const { secret } = (await t.http.post('/api/v1/me/mfa/totp', { currentPassword: PASSWORD }, { token: accessToken })).body;
    expect((await t.http.post('/api/v1/me/mfa/totp/confirmation', { code: totpCode(t, secret) }, { token: accessToken })).body.mfaMethod).toBe('TOTP');
    t.clock.advance(30_000);
    const disabled = await t.http.post('/api/v1/me/mfa/totp/removal', { currentCode: totpCode(t, secret) }, { token: accessToken });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual({ mfaMethod: 'EMAIL' });
    expect((await login(t, email)).body.method).toBe('EMAIL');
    // Confirming without an enrolment in progress is a conflict.
    expectProblem(await t.http.post('/api/v1/me/mfa/totp/confirmation', { code: '123456' }, { token: accessToken }), 409, 'ACCOUNTS.TOTP_NOT_ENROLLING');
  });
});
