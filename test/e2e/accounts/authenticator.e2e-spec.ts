import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, GivenUser, PASSWORD } from '../../factories/accounts';
import { codeFromMail } from '../../support/smtp-sink';
import { expectProblem, login, mailsTo, settle, sql, totpCode, waitForNth } from './helpers';

/**
 * The authenticator app is the account's second factor: enrolling, replacing or removing it needs the
 * current password or a code of the app in use, never the access token alone, and the owner is e-mailed.
 */
describe('authenticator app: re-authentication and notices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function mfaMethodOf(user: GivenUser): Promise<string> {
    const [row] = await sql<{ mfa_method: string; totp_pending_secret: string | null }>(t, 'select mfa_method, totp_pending_secret from account_user where id = ?', [user.id]);
    return `${row!.mfa_method}${row!.totp_pending_secret ? '+pending' : ''}`;
  }

  /** Enrols an app the legitimate way (password, then a first code) and returns its secret. */
  async function enrol(user: GivenUser): Promise<string> {
    const start = await t.http.post('/api/v1/me/mfa/totp', { currentPassword: user.password }, { token: user.token });
    expect(start.status).toBe(200);
    const secret = start.body.secret as string;
    const confirmed = await t.http.post('/api/v1/me/mfa/totp/confirmation', { code: totpCode(t, secret) }, { token: user.token });
    expect(confirmed.body).toEqual({ mfaMethod: 'TOTP' });
    return secret;
  }

  it('a stolen access token alone cannot enrol an authenticator on an account that has none', async () => {
    const victim = await givenActiveUser(t);
    expectProblem(await t.http.post('/api/v1/me/mfa/totp', undefined, { token: victim.token }), 400, 'ACCOUNTS.REAUTHENTICATION_REQUIRED', 'currentPassword');
    expectProblem(await t.http.post('/api/v1/me/mfa/totp', {}, { token: victim.token }), 400, 'ACCOUNTS.REAUTHENTICATION_REQUIRED', 'currentPassword');
    expectProblem(await t.http.post('/api/v1/me/mfa/totp', { currentPassword: 'Devine-Le-123!' }, { token: victim.token }), 400, 'ACCOUNTS.CURRENT_PASSWORD_INVALID', 'currentPassword');
    // No TOTP yet: a "current code" cannot stand in for the password.
    expectProblem(await t.http.post('/api/v1/me/mfa/totp', { currentCode: '123456' }, { token: victim.token }), 400, 'ACCOUNTS.AUTHENTICATOR_CODE_INVALID', 'currentCode');
    // No secret was handed out, nothing is pending, sign-in still e-mails codes.
    expect(await mfaMethodOf(victim)).toBe('EMAIL');
    expectProblem(await t.http.post('/api/v1/me/mfa/totp/confirmation', { code: '123456' }, { token: victim.token }), 409, 'ACCOUNTS.TOTP_NOT_ENROLLING');
    expect((await login(t, victim.email)).body.method).toBe('EMAIL');
  });

  it('a stolen access token alone cannot replace the authenticator', async () => {
    const victim = await givenActiveUser(t);
    const secret = await enrol(victim);
    t.clock.advance(30_000);

    expectProblem(await t.http.post('/api/v1/me/mfa/totp', undefined, { token: victim.token }), 400, 'ACCOUNTS.REAUTHENTICATION_REQUIRED');
    expectProblem(await t.http.post('/api/v1/me/mfa/totp', { currentPassword: 'Devine-Le-123!' }, { token: victim.token }), 400, 'ACCOUNTS.CURRENT_PASSWORD_INVALID');
    const guess = totpCode(t, secret) === '000000' ? '111111' : '000000';
    expectProblem(await t.http.post('/api/v1/me/mfa/totp', { currentCode: guess }, { token: victim.token }), 400, 'ACCOUNTS.AUTHENTICATOR_CODE_INVALID', 'currentCode');
    expect(await mfaMethodOf(victim)).toBe('TOTP');

    // The owner's app still signs in.
    const challenge = await login(t, victim.email);
    expect(challenge.body.method).toBe('TOTP');
    expect((await t.http.post('/api/v1/auth/mfa', { challengeId: challenge.body.challengeId, code: totpCode(t, secret) })).status).toBe(200);
  });

  it('a stolen access token alone cannot remove the authenticator (and the old DELETE route is gone)', async () => {
    const victim = await givenActiveUser(t);
    await enrol(victim);
    expectProblem(await t.http.post('/api/v1/me/mfa/totp/removal', undefined, { token: victim.token }), 400, 'ACCOUNTS.REAUTHENTICATION_REQUIRED');
    expectProblem(await t.http.post('/api/v1/me/mfa/totp/removal', { currentPassword: 'Devine-Le-123!' }, { token: victim.token }), 400, 'ACCOUNTS.CURRENT_PASSWORD_INVALID');
    expect((await t.http.delete('/api/v1/me/mfa/totp', { token: victim.token })).status).toBe(404);
    expect(await mfaMethodOf(victim)).toBe('TOTP');
    expect((await login(t, victim.email)).body.method).toBe('TOTP');
  });

  it('enrols with the password, replaces with a code of the current app, removes with the password, and e-mails the owner each time', async () => {
    const owner = await givenActiveUser(t);
    const first = await enrol(owner);
    const enrolled = await waitForNth(t, owner.email, 'accounts.authenticator-changed', 1);
    expect(enrolled.subject).toContain('activée');

    // Replacement, proven by a code of the current app; that code's time step is then spent.
    t.clock.advance(30_000);
    const proofCode = totpCode(t, first);
    const start = await t.http.post('/api/v1/me/mfa/totp', { currentCode: proofCode }, { token: owner.token });
    expect(start.status).toBe(200);
    expect(await mfaMethodOf(owner)).toBe('TOTP+pending');
    const second = start.body.secret as string;
    expect(second).not.toBe(first);
    expect((await t.http.post('/api/v1/me/mfa/totp/confirmation', { code: totpCode(t, second) }, { token: owner.token })).body).toEqual({ mfaMethod: 'TOTP' });
    const replaced = await waitForNth(t, owner.email, 'accounts.authenticator-changed', 2);
    expect(replaced.subject).toContain('remplacée');

    // The old app no longer signs in; the new one does.
    t.clock.advance(30_000);
    const challenge = await login(t, owner.email);
    expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId: challenge.body.challengeId, code: totpCode(t, first) }), 401, 'ACCOUNTS.MFA_CODE_INVALID');
    expect((await t.http.post('/api/v1/auth/mfa', { challengeId: challenge.body.challengeId, code: totpCode(t, second) })).status).toBe(200);

    // Removal with the password: back to e-mailed codes, and a third notice.
    const removed = await t.http.post('/api/v1/me/mfa/totp/removal', { currentPassword: PASSWORD }, { token: owner.token });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ mfaMethod: 'EMAIL' });
    expect((await waitForNth(t, owner.email, 'accounts.authenticator-changed', 3)).subject).toContain('retirée');
    const byMail = await login(t, owner.email);
    expect(byMail.body.method).toBe('EMAIL');
    expect(codeFromMail(await waitForNth(t, owner.email, 'accounts.mfa-code', 1))).toMatch(/^\d{6}$/);

    // Removing again changes nothing and tells nobody.
    expect((await t.http.post('/api/v1/me/mfa/totp/removal', { currentPassword: PASSWORD }, { token: owner.token })).status).toBe(200);
    await settle(t);
    expect(mailsTo(t, owner.email, 'accounts.authenticator-changed')).toHaveLength(3);
  });

  it('a code used as proof cannot be used again (replay)', async () => {
    const owner = await givenActiveUser(t);
    const secret = await enrol(owner);
    t.clock.advance(30_000);
    const code = totpCode(t, secret);
    expect((await t.http.post('/api/v1/me/mfa/totp', { currentCode: code }, { token: owner.token })).status).toBe(200);
    expectProblem(await t.http.post('/api/v1/me/mfa/totp/removal', { currentCode: code }, { token: owner.token }), 400, 'ACCOUNTS.AUTHENTICATOR_CODE_INVALID');
  });
});
