import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, logInWithEmailCode, PASSWORD, SECRET_ANSWER, SECRET_QUESTION, uniqueEmail } from '../../factories/accounts';
import { PasswordHasher } from '../../../src/modules/accounts/infrastructure/password-hasher';
import { expectProblem, login, mailsTo, resetToken, settle, sql } from './helpers';

const NEW_PASSWORD = 'Nouvelle-Brique-77?';

/** Forgotten password: link by e-mail → secret question → new password; sessions end; the link dies. */
describe('forgotten password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('resets the password through the e-mailed link, closes the sessions and kills the link', async () => {
    const user = await givenActiveUser(t);
    const otherSession = await logInWithEmailCode(t, user.email);
    expect((await t.http.get('/api/v1/me', { token: user.token })).status).toBe(200);

    const token = await resetToken(t, user.email);
    const mail = mailsTo(t, user.email, 'accounts.password-reset')[0]!;
    expect(mail.text).toContain(`http://liasse.test/mot-de-passe-oublie?token=${token}`);

    // The question is shown to whoever holds the link.
    const question = await t.http.get(`/api/v1/password-resets/${token}`);
    expect(question.status).toBe(200);
    expect(question.body).toEqual({ secretQuestion: SECRET_QUESTION });

    // A wrong answer is refused and changes nothing.
    const wrong = await t.http.post(`/api/v1/password-resets/${token}`, { secretAnswer: 'Lyon', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expectProblem(wrong, 400, 'ACCOUNTS.SECRET_ANSWER_INVALID', 'secretAnswer');
    expect((await t.http.get('/api/v1/me', { token: user.token })).status).toBe(200);

    // The right answer (typed loosely: case, accents, spaces) and a new password.
    const loose = `  ${SECRET_ANSWER.toUpperCase().normalize('NFD').replace(/\p{M}/gu, '')} `;
    const done = await t.http.post(`/api/v1/password-resets/${token}`, { secretAnswer: loose, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(done.status).toBe(204);

    // Every session is closed: the old access tokens and refresh token stop working.
    expectProblem(await t.http.get('/api/v1/me', { token: user.token }), 401, 'COMMON.UNAUTHENTICATED');
    expectProblem(await t.http.get('/api/v1/me', { token: otherSession.accessToken }), 401, 'COMMON.UNAUTHENTICATED');
    expectProblem(await t.http.post('/api/v1/auth/refresh', { refreshToken: otherSession.refreshToken }), 401, 'ACCOUNTS.REFRESH_TOKEN_INVALID');

    // The old password is refused, the new one works; the user is told by e-mail.
    expectProblem(await login(t, user.email, PASSWORD), 401, 'ACCOUNTS.INVALID_CREDENTIALS');
    const session = await logInWithEmailCode(t, user.email, NEW_PASSWORD);
    expect((await t.http.get('/api/v1/me', { token: session.accessToken })).status).toBe(200);
    await t.mail.waitForTemplate(user.email, 'accounts.password-changed');

    // The link cannot be used again, neither to read the question nor to reset.
    expectProblem(await t.http.get(`/api/v1/password-resets/${token}`), 410, 'ACCOUNTS.LINK_INVALID');
    const again = await t.http.post(`/api/v1/password-resets/${token}`, { secretAnswer: SECRET_ANSWER, password: 'Encore-Autre-88!', passwordConfirmation: 'Encore-Autre-88!' });
    expectProblem(again, 410, 'ACCOUNTS.LINK_INVALID', 'token');
  });

  it('answers an unknown address exactly like a known one, and e-mails nothing', async () => {
    const known = await givenActiveUser(t);
    const unknown = uniqueEmail('nobody');
    const forKnown = await t.http.post('/api/v1/password-resets', { email: known.email });
    const forUnknown = await t.http.post('/api/v1/password-resets', { email: unknown });
    expect(forUnknown.status).toBe(202);
    expect({ status: forUnknown.status, body: forUnknown.body }).toEqual({ status: forKnown.status, body: forKnown.body });
    await t.mail.waitForTemplate(known.email, 'accounts.password-reset');
    await settle(t);
    expect(mailsTo(t, unknown)).toHaveLength(0);
  });

  it('sends nothing to a pending or deactivated account', async () => {
    const deactivated = await givenActiveUser(t);
    expect((await t.http.post('/api/v1/me/deactivation', { password: PASSWORD, confirm: true }, { token: deactivated.token })).status).toBe(204);
    const res = await t.http.post('/api/v1/password-resets', { email: deactivated.email });
    expect(res.status).toBe(202);
    await settle(t);
    expect(mailsTo(t, deactivated.email, 'accounts.password-reset')).toHaveLength(0);
  });

  it('kills the link after five wrong answers', async () => {
    const user = await givenActiveUser(t);
    const token = await resetToken(t, user.email);
    const body = { secretAnswer: 'Marseille', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD };
    for (let i = 0; i < 5; i++) expectProblem(await t.http.post(`/api/v1/password-resets/${token}`, body), 400, 'ACCOUNTS.SECRET_ANSWER_INVALID');
    expectProblem(await t.http.post(`/api/v1/password-resets/${token}`, { ...body, secretAnswer: SECRET_ANSWER }), 410, 'ACCOUNTS.LINK_INVALID');
    expectProblem(await t.http.get(`/api/v1/password-resets/${token}`), 410, 'ACCOUNTS.LINK_INVALID');
    // The password did not change.
    expect((await login(t, user.email, PASSWORD)).status).toBe(200);
  });

  it('expires the link after an hour and refuses unknown tokens', async () => {
    const user = await givenActiveUser(t);
    const token = await resetToken(t, user.email);
    t.clock.advance(61 * 60_000);
    expectProblem(await t.http.get(`/api/v1/password-resets/${token}`), 410, 'ACCOUNTS.LINK_INVALID');
    for (const bogus of ['x', 'a'.repeat(19), 'a'.repeat(43), 'a'.repeat(100)]) {
      expectProblem(await t.http.get(`/api/v1/password-resets/${bogus}`), 410, 'ACCOUNTS.LINK_INVALID');
    }
  });

  it('kills every other outstanding reset link once one of them has reset the password', async () => {
    const user = await givenActiveUser(t);
    const first = await resetToken(t, user.email, 1);
    const second = await resetToken(t, user.email, 2);
    const done = await t.http.post(`/api/v1/password-resets/${second}`, { secretAnswer: SECRET_ANSWER, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(done.status).toBe(204);

    // The attacker holding the first link (an old mailbox copy, a forwarded e-mail) gets nothing from it.
    expectProblem(await t.http.get(`/api/v1/password-resets/${first}`), 410, 'ACCOUNTS.LINK_INVALID', 'token');
    const takeover = await t.http.post(`/api/v1/password-resets/${first}`, { secretAnswer: SECRET_ANSWER, password: 'Prise-De-Controle-9!', passwordConfirmation: 'Prise-De-Controle-9!' });
    expectProblem(takeover, 410, 'ACCOUNTS.LINK_INVALID', 'token');
    expect((await login(t, user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('kills outstanding reset links when the password is changed while signed in', async () => {
    const user = await givenActiveUser(t);
    const token = await resetToken(t, user.email);
    const changed = await t.http.post('/api/v1/me/password', { currentPassword: PASSWORD, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, { token: user.token });
    expect(changed.status).toBe(204);

    expectProblem(await t.http.get(`/api/v1/password-resets/${token}`), 410, 'ACCOUNTS.LINK_INVALID', 'token');
    const takeover = await t.http.post(`/api/v1/password-resets/${token}`, { secretAnswer: SECRET_ANSWER, password: 'Prise-De-Controle-9!', passwordConfirmation: 'Prise-De-Controle-9!' });
    expectProblem(takeover, 410, 'ACCOUNTS.LINK_INVALID', 'token');
    expect((await login(t, user.email, NEW_PASSWORD)).status).toBe(200);

    // A link asked for after the change works.
    const fresh = await resetToken(t, user.email, 2);
    expect((await t.http.get(`/api/v1/password-resets/${fresh}`)).status).toBe(200);
  });

  it('kills a link minted before a password written by another path (operator, psql): the link is bound to the password, not to a code path', async () => {
    const user = await givenActiveUser(t);
    const token = await resetToken(t, user.email);
    // A password set outside the use cases (e.g. `npm run seed`'s ensure-user, or a fix in psql): a new salted hash.
    await sql(t, 'update account_user set password_hash = ? where id = ?', [await t.app.get(PasswordHasher).hash(NEW_PASSWORD), user.id]);
    expectProblem(await t.http.get(`/api/v1/password-resets/${token}`), 410, 'ACCOUNTS.LINK_INVALID', 'token');
  });

  it('clears a lockout: the new password works at once', async () => {
    const user = await givenActiveUser(t);
    for (let i = 0; i < 5; i++) await login(t, user.email, 'Wrong-Password-1');
    expectProblem(await login(t, user.email), 423, 'ACCOUNTS.ACCOUNT_LOCKED');
    const token = await resetToken(t, user.email);
    const done = await t.http.post(`/api/v1/password-resets/${token}`, { secretAnswer: SECRET_ANSWER, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(done.status).toBe(204);
    expect((await login(t, user.email, NEW_PASSWORD)).status).toBe(200);
    const [row] = await sql<{ n: string }>(t, 'select count(*) as n from account_login_throttle where email = ?', [user.email]);
    expect(Number(row!.n)).toBe(0);
  });
});
