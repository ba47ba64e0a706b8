import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { expectProblem, login, mailsTo, settle, totpCode } from './helpers';

const WRONG = 'Devine-Le-123!';
const NEW_PASSWORD = 'Autre-Brique-77!x';

/**
 * Routes where a signed-in user re-proves his password (change of password, deactivation, authenticator
 * changes) or a code of his authenticator answered every wrong guess with a plain 400, forever: whoever
 * held an access token (a session left open, a stolen token) could guess the password there, past the
 * sign-in lockout, and the owner never heard of it. Wrong proofs now count against the sign-in limits.
 */
describe('re-authentication under the sign-in limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const changePassword = (user: GivenUser, currentPassword: string) =>
    t.http.post('/api/v1/me/password', { currentPassword, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, { token: user.token });

  it('locks the password after five wrong current passwords, whichever route they were typed on, and tells the owner', async () => {
    const victim = await givenActiveUser(t);
    expectProblem(await changePassword(victim, WRONG), 400, 'ACCOUNTS.CURRENT_PASSWORD_INVALID', 'currentPassword');
    expectProblem(await t.http.post('/api/v1/me/deactivation', { password: WRONG, confirm: true }, { token: victim.token }), 400, 'ACCOUNTS.CURRENT_PASSWORD_INVALID', 'password');
    expectProblem(await t.http.post('/api/v1/me/mfa/totp', { currentPassword: WRONG }, { token: victim.token }), 400, 'ACCOUNTS.CURRENT_PASSWORD_INVALID');
    expectProblem(await t.http.post('/api/v1/me/mfa/totp/removal', { currentPassword: WRONG }, { token: victim.token }), 400, 'ACCOUNTS.CURRENT_PASSWORD_INVALID');
    expectProblem(await changePassword(victim, WRONG), 423, 'ACCOUNTS.ACCOUNT_LOCKED');

    // Locked: even the right password is not checked, here or at sign-in, until the unlock time.
    expectProblem(await changePassword(victim, victim.password), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    expectProblem(await t.http.post('/api/v1/me/mfa/totp', { currentPassword: victim.password }, { token: victim.token }), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    expectProblem(await login(t, victim.email), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    await settle(t);
    expect(mailsTo(t, victim.email, 'accounts.locked')).toHaveLength(1);

    t.clock.advance(15 * 60_000 + 1_000);
    expect((await changePassword(victim, victim.password)).status).toBe(204);
  });

  it('locks the authenticator after five wrong current codes', async () => {
    const victim = await givenActiveUser(t);
    const start = await t.http.post('/api/v1/me/mfa/totp', { currentPassword: victim.password }, { token: victim.token });
    const secret = start.body.secret as string;
    expect((await t.http.post('/api/v1/me/mfa/totp/confirmation', { code: totpCode(t, secret) }, { token: victim.token })).status).toBe(200);
    t.clock.advance(30_000);

    const right = totpCode(t, secret);
    const guess = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) {
      expectProblem(await t.http.post('/api/v1/me/mfa/totp/removal', { currentCode: guess }, { token: victim.token }), 400, 'ACCOUNTS.AUTHENTICATOR_CODE_INVALID', 'currentCode');
    }
    expectProblem(await t.http.post('/api/v1/me/mfa/totp/removal', { currentCode: guess }, { token: victim.token }), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    // The right code is not even checked while locked.
    expectProblem(await t.http.post('/api/v1/me/mfa/totp/removal', { currentCode: right }, { token: victim.token }), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    await settle(t);
    expect(mailsTo(t, victim.email, 'accounts.mfa-locked')).toHaveLength(1);
  });
});
