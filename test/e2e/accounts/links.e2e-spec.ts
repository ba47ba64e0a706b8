import { tokenFromMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, logInWithEmailCode, uniqueEmail } from '../../factories/accounts';
import { activate, expectProblem, mailsTo, settle, signUp, signUpPending, sql, waitForNth } from './helpers';

const ACTIVATION_LINK_TTL_MS = 4 * 3_600_000;

/** Activation links: single use, 4 hours, one clear message; a fresh link on request; sign-up twice. */
describe('activation links', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses an expired link (4 h) with LINK_INVALID and accepts it just before', async () => {
    const early = uniqueEmail('early');
    const late = uniqueEmail('late');
    const earlyToken = await signUpPending(t, early);
    const lateToken = await signUpPending(t, late);
    t.clock.advance(ACTIVATION_LINK_TTL_MS - 60_000);
    expect((await activate(t, earlyToken)).status).toBe(204);
    t.clock.advance(2 * 60_000);
    const res = await activate(t, lateToken);
    expectProblem(res, 410, 'ACCOUNTS.LINK_INVALID', 'token');
    expect(res.body.detail).toBe('Ce lien n’est plus valide. Demandez-en un nouveau.');
    const [row] = await sql<{ status: string }>(t, 'select status from account_user where login_email = ?', [late]);
    expect(row!.status).toBe('PENDING');
  });

  it('refuses a link used once, and an unknown one, with the same answer', async () => {
    const email = uniqueEmail('reuse');
    const token = await signUpPending(t, email);
    expect((await activate(t, token)).status).toBe(204);
    const reused = await activate(t, token, { password: 'Autre-Chose-Tres-99', passwordConfirmation: 'Autre-Chose-Tres-99' });
    expectProblem(reused, 410, 'ACCOUNTS.LINK_INVALID', 'token');
    const unknown = await activate(t, 'x'.repeat(43));
    expectProblem(unknown, 410, 'ACCOUNTS.LINK_INVALID', 'token');
    expect(unknown.body.detail).toBe(reused.body.detail);
    // The first password is the one that holds.
    expect((await logInWithEmailCode(t, email)).accessToken).toEqual(expect.any(String));
  });

  it('does not accept an activation link as a password-reset link', async () => {
    const email = uniqueEmail('purpose');
    const token = await signUpPending(t, email);
    expectProblem(await t.http.get(`/api/v1/password-resets/${token}`), 410, 'ACCOUNTS.LINK_INVALID');
    expect((await activate(t, token)).status).toBe(204);
  });

  it('sends a fresh working link on request, after the first one expired', async () => {
    const email = uniqueEmail('resend');
    const first = await signUpPending(t, email);
    t.clock.advance(ACTIVATION_LINK_TTL_MS + 60_000);
    const res = await t.http.post('/api/v1/accounts/activation-requests', { loginEmail: email.toUpperCase() });
    expect(res.status).toBe(202);
    const second = tokenFromMail(await waitForNth(t, email, 'accounts.activation', 2));
    expect(second).not.toBe(first);
    expectProblem(await activate(t, first), 410, 'ACCOUNTS.LINK_INVALID');
    expect((await activate(t, second)).status).toBe(204);
  });

  it('answers a resend for an unknown or an active address the same way, and sends nothing', async () => {
    const pending = uniqueEmail('pending');
    await signUpPending(t, pending);
    const active = await givenActiveUser(t);
    const unknown = uniqueEmail('unknown');
    const answers = [];
    for (const loginEmail of [pending, active.email, unknown]) {
      answers.push(await t.http.post('/api/v1/accounts/activation-requests', { loginEmail }));
    }
    for (const res of answers) expect({ status: res.status, body: res.body }).toEqual({ status: 202, body: answers[0]!.body });
    await waitForNth(t, pending, 'accounts.activation', 2);
    await settle(t);
    expect(mailsTo(t, active.email)).toHaveLength(0);
    expect(mailsTo(t, unknown)).toHaveLength(0);
  });

  it('answers a second sign-up with 202, re-sends the activation link if pending, and never makes a second account', async () => {
    const email = uniqueEmail('twice');
    const first = await signUp(t, email);
    await waitForNth(t, email, 'accounts.activation', 1);
    const [before] = await sql<{ id: string }>(t, 'select id from account_user where login_email = ?', [email]);
    const second = await signUp(t, email.toUpperCase(), { firstName: 'Autre', lastName: 'Personne' });
    expect({ status: second.status, body: second.body }).toEqual({ status: 202, body: first.body });
    const link = tokenFromMail(await waitForNth(t, email, 'accounts.activation', 2));
    const rows = await sql<{ id: string; first_name: string }>(t, 'select id, first_name from account_user where lower(login_email) = ?', [email]);
    expect(rows).toEqual([{ id: before!.id, first_name: 'Marie' }]);
    expect((await activate(t, link)).status).toBe(204);
  });

  it('answers a sign-up for an active address with 202 and an already-registered notice, nothing else', async () => {
    const user = await givenActiveUser(t);
    const fresh = await signUp(t, uniqueEmail('fresh'));
    const res = await signUp(t, user.email, { firstName: 'Intrus' });
    expect({ status: res.status, body: res.body }).toEqual({ status: 202, body: fresh.body });
    const notice = await t.mail.waitForTemplate(user.email, 'accounts.already-registered');
    expect(notice.text).toContain('http://liasse.test/mot-de-passe-oublie');
    await settle(t);
    expect(mailsTo(t, user.email, 'accounts.activation')).toHaveLength(0);
    const rows = await sql<{ id: string; status: string; first_name: string }>(t, 'select id, status, first_name from account_user where login_email = ?', [user.email]);
    expect(rows).toEqual([{ id: user.id, status: 'ACTIVE', first_name: 'Jeanne' }]);
    expect((await t.http.get('/api/v1/me', { token: user.token })).status).toBe(200);
  });

  it('checks the sign-up form itself', async () => {
    const email = uniqueEmail('form');
    expectProblem(await signUp(t, email, { loginEmailConfirmation: uniqueEmail('other') }), 400, 'ACCOUNTS.EMAIL_CONFIRMATION_MISMATCH', 'loginEmailConfirmation');
    expectProblem(await signUp(t, email, { acceptTerms: false }), 400, 'ACCOUNTS.TERMS_NOT_ACCEPTED', 'acceptTerms');
    expectProblem(await signUp(t, 'marie curie@example.test'), 400, 'COMMON.VALIDATION_FAILED', 'loginEmail');
    const withAddress = await signUp(t, email, { postalAddress: { line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' } });
    expect(withAddress.status).toBe(202);
    expectProblem(await signUp(t, uniqueEmail(), { postalAddress: { line1: 'x', postalCode: '1', city: 'y', country: 'france' } }), 400, 'COMMON.VALIDATION_FAILED', 'postalAddress.country');
  });
});
