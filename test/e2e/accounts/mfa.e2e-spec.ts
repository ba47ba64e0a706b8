import { codeFromMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser } from '../../factories/accounts';
import { expectProblem, login, sql, waitForNth } from './helpers';

const LOCK_MS = 15 * 60_000;

/** The second factor's challenge: five tries, ten minutes, one use. */
describe('MFA challenge limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Password step, then the code e-mailed for it. */
  async function challenge(email: string, nth: number): Promise<{ challengeId: string; code: string }> {
    const res = await login(t, email);
    expect(res.status).toBe(200);
    const code = codeFromMail(await waitForNth(t, email, 'accounts.mfa-code', nth));
    return { challengeId: res.body.challengeId, code };
  }

  const otherThan = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('kills the challenge after 5 wrong tries: then even the right code is refused', async () => {
    const user = await givenActiveUser(t);
    const { challengeId, code } = await challenge(user.email, 1);
    const row = async () => (await sql<{ attempts: number }>(t, 'select attempts from account_mfa_challenge where id = ?', [challengeId]))[0]!;
    for (let i = 0; i < 4; i++) {
      expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId, code: otherThan(code) }), 401, 'ACCOUNTS.MFA_CODE_INVALID', 'code');
    }
    // The fifth wrong code also reaches the account's limit (below): the challenge is spent either way.
    expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId, code: otherThan(code) }), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    expect((await row()).attempts).toBe(5);
    t.clock.advance(LOCK_MS + 1000);
    expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId, code }), 401, 'ACCOUNTS.MFA_CHALLENGE_INVALID', 'challengeId');
  });

  it('accepts the right code after 4 wrong ones', async () => {
    const user = await givenActiveUser(t);
    const { challengeId, code } = await challenge(user.email, 1);
    for (let i = 0; i < 4; i++) expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId, code: otherThan(code) }), 401, 'ACCOUNTS.MFA_CODE_INVALID');
    const ok = await t.http.post('/api/v1/auth/mfa', { challengeId, code: ` ${code} ` });
    expect(ok.status).toBe(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
  });

  it('expires the challenge after 10 minutes', async () => {
    const user = await givenActiveUser(t);
    const { challengeId, code } = await challenge(user.email, 1);
    t.clock.advance(11 * 60_000);
    expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId, code }), 401, 'ACCOUNTS.MFA_CHALLENGE_INVALID');
    // A new login gives a new, working challenge.
    const fresh = await challenge(user.email, 2);
    expect((await t.http.post('/api/v1/auth/mfa', fresh)).status).toBe(200);
  });

  it('does not accept the code of one challenge for another', async () => {
    const user = await givenActiveUser(t);
    const first = await challenge(user.email, 1);
    const second = await challenge(user.email, 2);
    if (first.code !== second.code) {
      expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId: second.challengeId, code: first.code }), 401, 'ACCOUNTS.MFA_CODE_INVALID');
    }
    expect((await t.http.post('/api/v1/auth/mfa', second)).status).toBe(200);
  });

  it('refuses unknown challenges and malformed codes', async () => {
    expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId: 'nope', code: '123456' }), 401, 'ACCOUNTS.MFA_CHALLENGE_INVALID');
    for (const code of ['12345', '1234567', 'abcdef', '']) {
      expectProblem(await t.http.post('/api/v1/auth/mfa', { challengeId: 'nope', code }), 400, 'COMMON.VALIDATION_FAILED', 'code');
    }
  });
});
