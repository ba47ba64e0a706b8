import { MfaMethod } from '../../../src/modules/accounts/domain/user.entity';
import { codeFromMail, tokenFromMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, GivenUser, PASSWORD, SECRET_ANSWER } from '../../factories/accounts';
import { HttpResponse } from '../../support/http';
import { expectProblem, login, mailsTo, settle, sql, totpCode, waitForNth } from './helpers';

const LOCK_MS = 15 * 60_000;

/**
 * The attack: someone who has the password opens challenge after challenge (each allows 5 tries) and
 * guesses codes. Wrong codes count per account, across challenges: the 5th locks it for 15 minutes.
 */
describe('second-factor lockout per account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const otherThan = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const mfa = (challengeId: string, code: string): Promise<HttpResponse> => t.http.post('/api/v1/auth/mfa', { challengeId, code });

  /** Password step, then the code e-mailed for it (the nth such e-mail). */
  async function emailChallenge(email: string, nth: number): Promise<{ challengeId: string; code: string }> {
    const res = await login(t, email);
    expect(res.status).toBe(200);
    return { challengeId: res.body.challengeId, code: codeFromMail(await waitForNth(t, email, 'accounts.mfa-code', nth)) };
  }

  function expectLockedUntil(res: HttpResponse, from: number): string {
    expectProblem(res, 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    const unlockAt = Date.parse(res.body.params.unlockAt);
    expect(unlockAt).toBeGreaterThanOrEqual(from + LOCK_MS - 1000);
    expect(unlockAt).toBeLessThanOrEqual(t.clock.now().getTime() + LOCK_MS + 1000);
    expect(res.body.detail).toContain(res.body.params.unlockAt);
    return res.body.params.unlockAt;
  }

  it('locks the account at the 5th wrong e-mailed code spread over several challenges, then refuses even the right code', async () => {
    const user = await givenActiveUser(t);
    const start = t.clock.now().getTime();
    // Three wrong codes on a first challenge, then a fresh challenge (its own 5 tries) for two more.
    const first = await emailChallenge(user.email, 1);
    for (let i = 0; i < 3; i++) expectProblem(await mfa(first.challengeId, otherThan(first.code)), 401, 'ACCOUNTS.MFA_CODE_INVALID', 'code');
    const second = await emailChallenge(user.email, 2);
    expectProblem(await mfa(second.challengeId, otherThan(second.code)), 401, 'ACCOUNTS.MFA_CODE_INVALID', 'code');
    const unlockAt = expectLockedUntil(await mfa(second.challengeId, otherThan(second.code)), start);

    // Locked: the right code of an open challenge is refused with the same unlock time.
    const whileLocked = await mfa(first.challengeId, first.code);
    expectProblem(whileLocked, 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    expect(whileLocked.body.params.unlockAt).toBe(unlockAt);
    // No new challenge either, so no e-mailed code to the owner on each attempt.
    await settle(t);
    const codesBefore = mailsTo(t, user.email, 'accounts.mfa-code').length;
    const relogin = await login(t, user.email);
    expectProblem(relogin, 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    expect(relogin.body.params.unlockAt).toBe(unlockAt);
    await settle(t);
    expect(mailsTo(t, user.email, 'accounts.mfa-code')).toHaveLength(codesBefore);

    // The owner is told, once.
    const notice = await t.mail.waitForTemplate(user.email, 'accounts.mfa-locked');
    expect(notice.text).toContain('mot de passe');
    expect(mailsTo(t, user.email, 'accounts.mfa-locked')).toHaveLength(1);

    // Still locked just before the unlock time; a fresh challenge works after it.
    t.clock.advance(LOCK_MS - 30_000);
    expectProblem(await login(t, user.email), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    t.clock.advance(31_000);
    const fresh = await emailChallenge(user.email, codesBefore + 1);
    const ok = await mfa(fresh.challengeId, fresh.code);
    expect(ok.status).toBe(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
  });

  it('locks an authenticator (TOTP) account the same way', async () => {
    const user = await givenActiveUser(t);
    const secret = await enrolTotp(user);
    const start = t.clock.now().getTime();
    const wrong = (): string => otherThan(totpCode(t, secret));
    for (let c = 0; c < 2; c++) {
      const step1 = await login(t, user.email);
      expect(step1.body.method).toBe(MfaMethod.TOTP);
      const tries = c === 0 ? 4 : 1;
      for (let i = 0; i < tries; i++) {
        const res = await mfa(step1.body.challengeId, wrong());
        if (c === 1) expectLockedUntil(res, start);
        else expectProblem(res, 401, 'ACCOUNTS.MFA_CODE_INVALID');
      }
    }
    // The right authenticator code is not even checked while locked.
    t.clock.advance(30_000);
    const step1 = await login(t, user.email);
    expectProblem(step1, 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    await t.mail.waitForTemplate(user.email, 'accounts.mfa-locked');
    t.clock.advance(LOCK_MS);
    const again = await login(t, user.email);
    expect(again.status).toBe(200);
    expect((await mfa(again.body.challengeId, totpCode(t, secret))).status).toBe(200);
  });

  it('forgets wrong codes after a successful second factor', async () => {
    const user = await givenActiveUser(t);
    const first = await emailChallenge(user.email, 1);
    for (let i = 0; i < 4; i++) expectProblem(await mfa(first.challengeId, otherThan(first.code)), 401, 'ACCOUNTS.MFA_CODE_INVALID');
    expect((await mfa(first.challengeId, first.code)).status).toBe(200);
    const second = await emailChallenge(user.email, 2);
    for (let i = 0; i < 4; i++) expectProblem(await mfa(second.challengeId, otherThan(second.code)), 401, 'ACCOUNTS.MFA_CODE_INVALID');
    expect((await mfa(second.challengeId, second.code)).status).toBe(200);
    expect(await sql(t, 'select user_id from account_mfa_throttle where user_id = (select id from account_user where login_email = ?)', [user.email])).toEqual([]);
  });

  it('counts concurrent wrong codes on several challenges: no more than 5 are ever checked', async () => {
    const user = await givenActiveUser(t);
    const challenges = [];
    for (let i = 0; i < 3; i++) challenges.push(await emailChallenge(user.email, i + 1));
    const answers = await Promise.all(
      challenges.flatMap((c) => Array.from({ length: 4 }, () => mfa(c.challengeId, otherThan(c.code)))),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 423)).toHaveLength(8);
    const [row] = await sql<{ failures: number }>(t, 'select failures from account_mfa_throttle where user_id = (select id from account_user where login_email = ?)', [user.email]);
    expect(row!.failures).toBe(5);
  });

  it('lifts the lock when the owner resets the password', async () => {
    const user = await givenActiveUser(t);
    const c = await emailChallenge(user.email, 1);
    for (let i = 0; i < 5; i++) await mfa(c.challengeId, otherThan(c.code));
    expectProblem(await login(t, user.email), 423, 'ACCOUNTS.ACCOUNT_LOCKED');

    expect((await t.http.post('/api/v1/password-resets', { email: user.email })).status).toBe(202);
    const token = tokenFromMail(await t.mail.waitForTemplate(user.email, 'accounts.password-reset'));
    const newPassword = 'Nouveau-Sesame-2026!';
    const reset = await t.http.post(`/api/v1/password-resets/${token}`, { secretAnswer: SECRET_ANSWER, password: newPassword, passwordConfirmation: newPassword });
    expect(reset.status).toBe(204);
    expect((await login(t, user.email, newPassword)).status).toBe(200);
    expectProblem(await login(t, user.email, PASSWORD), 401, 'ACCOUNTS.INVALID_CREDENTIALS');
  });

  async function enrolTotp(user: GivenUser): Promise<string> {
    const enrol = await t.http.post('/api/v1/me/mfa/totp', { currentPassword: PASSWORD }, { token: user.token });
    expect(enrol.status).toBe(200);
    const secret = enrol.body.secret as string;
    expect((await t.http.post('/api/v1/me/mfa/totp/confirmation', { code: totpCode(t, secret) }, { token: user.token })).status).toBe(200);
    // The confirmation spent the current step.
    t.clock.advance(30_000);
    return secret;
  }
});
