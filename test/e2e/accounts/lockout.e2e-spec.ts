import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, logInWithEmailCode, PASSWORD, uniqueEmail } from '../../factories/accounts';
import { HttpResponse } from '../../support/http';
import { comparable, expectProblem, login, signUp, signUpPending } from './helpers';

const LOCK_MS = 15 * 60_000;
const WRONG = 'Pas-Le-Bon-Mot-2!';

/** Five failures lock an address for 15 minutes, registered or not; no answer tells them apart. */
describe('login lockout and enumeration safety', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Four 401s, then the fifth failure locks; returns the answer to the fifth. */
  async function failFiveTimes(email: string): Promise<{ failures: HttpResponse[]; lock: HttpResponse }> {
    const failures: HttpResponse[] = [];
    for (let i = 0; i < 4; i++) failures.push(await login(t, email, WRONG));
    return { failures, lock: await login(t, email, WRONG) };
  }

  function expectLockedUntil(res: HttpResponse, from: number): void {
    expectProblem(res, 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    const unlockAt = Date.parse(res.body.params.unlockAt);
    expect(unlockAt).toBeGreaterThanOrEqual(from + LOCK_MS - 1000);
    expect(unlockAt).toBeLessThanOrEqual(t.clock.now().getTime() + LOCK_MS + 1000);
    expect(res.body.detail).toContain(res.body.params.unlockAt);
    // Retry-After: the seconds until the unlock time, as params.retryAfter says.
    expect(Number(res.headers['retry-after'])).toBe(res.body.params.retryAfter);
    expect(Math.abs(unlockAt - t.clock.now().getTime() - res.body.params.retryAfter * 1000)).toBeLessThanOrEqual(1000);
  }

  it('locks a known address after 5 wrong passwords, refuses even the right one, and unlocks after 15 min', async () => {
    const user = await givenActiveUser(t);
    const start = t.clock.now().getTime();
    const { failures, lock } = await failFiveTimes(user.email);
    for (const res of failures) expectProblem(res, 401, 'ACCOUNTS.INVALID_CREDENTIALS');
    expectLockedUntil(lock, start);

    const whileLocked = await login(t, user.email, PASSWORD);
    expectProblem(whileLocked, 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    expect(whileLocked.body.params.unlockAt).toBe(lock.body.params.unlockAt);
    await t.mail.waitForTemplate(user.email, 'accounts.locked');

    t.clock.advance(LOCK_MS - 30_000);
    expectProblem(await login(t, user.email, PASSWORD), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    t.clock.advance(31_000);
    const session = await logInWithEmailCode(t, user.email);
    expect((await t.http.get('/api/v1/me', { token: session.accessToken })).status).toBe(200);
  });

  it('forgets earlier failures after a successful login', async () => {
    const user = await givenActiveUser(t);
    for (let i = 0; i < 4; i++) expectProblem(await login(t, user.email, WRONG), 401, 'ACCOUNTS.INVALID_CREDENTIALS');
    expect((await login(t, user.email)).status).toBe(200);
    for (let i = 0; i < 4; i++) expectProblem(await login(t, user.email, WRONG), 401, 'ACCOUNTS.INVALID_CREDENTIALS');
    expect((await login(t, user.email)).status).toBe(200);
  });

  it('locks an unknown address exactly like a known one, and unlocks it the same way', async () => {
    const known = await givenActiveUser(t);
    const unknown = uniqueEmail('ghost');
    const start = t.clock.now().getTime();
    const k = await failFiveTimes(known.email);
    const u = await failFiveTimes(unknown);
    for (let i = 0; i < 4; i++) expect(comparable(u.failures[i]!)).toEqual(comparable(k.failures[i]!));
    expectLockedUntil(u.lock, start);
    const { params: knownParams, detail: knownDetail, messages: knownMessages, ...knownRest } = comparable(k.lock);
    const { params: unknownParams, detail: unknownDetail, messages: unknownMessages, ...unknownRest } = comparable(u.lock);
    expect(unknownRest).toEqual(knownRest);
    expect(Object.keys(unknownParams as object)).toEqual(Object.keys(knownParams as object));
    expect([typeof unknownDetail, typeof unknownMessages]).toEqual([typeof knownDetail, typeof knownMessages]);

    // Locked: the same answer for both, whatever password is tried.
    expectProblem(await login(t, unknown, PASSWORD), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    t.clock.advance(LOCK_MS + 1000);
    expectProblem(await login(t, unknown, WRONG), 401, 'ACCOUNTS.INVALID_CREDENTIALS');
    expect((await login(t, known.email)).status).toBe(200);
  });

  it('answers a wrong password, an unknown address and a pending account identically', async () => {
    const known = await givenActiveUser(t);
    const pending = uniqueEmail('pending');
    await signUpPending(t, pending);
    const answers = [await login(t, known.email, WRONG), await login(t, uniqueEmail('nobody'), WRONG), await login(t, pending, PASSWORD)];
    for (const res of answers) expectProblem(res, 401, 'ACCOUNTS.INVALID_CREDENTIALS');
    expect(comparable(answers[1]!)).toEqual(comparable(answers[0]!));
    expect(comparable(answers[2]!)).toEqual(comparable(answers[0]!));
    expect(Object.keys(answers[1]!.body).sort()).toEqual(Object.keys(answers[0]!.body).sort());
  });

  it.each([
    ['sign-up', (email: string) => signUp(t, email)],
    ['password reset', (email: string) => t.http.post('/api/v1/password-resets', { email })],
    ['activation link request', (email: string) => t.http.post('/api/v1/accounts/activation-requests', { loginEmail: email })],
    ['reactivation request', (email: string) => t.http.post('/api/v1/accounts/reactivation-requests', { loginEmail: email })],
  ])('answers a %s the same for known and unknown addresses', async (_route, call) => {
    const known = await givenActiveUser(t);
    const pending = uniqueEmail('pending');
    await signUpPending(t, pending);
    const answers = [await call(known.email), await call(pending), await call(uniqueEmail('unknown'))];
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect({ headers: res.headers['content-type'], body: res.body }).toEqual({ headers: answers[0]!.headers['content-type'], body: answers[0]!.body });
    }
  });
});
