import { tokenFromMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, logInWithEmailCode, PASSWORD, uniqueEmail } from '../../factories/accounts';
import { expectProblem, login, mailsTo, settle } from './helpers';

/** My account (contact address), deactivation by the user or an administrator, reactivation by support. */
describe('account status and contact address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps the address in use until the new contact e-mail is confirmed, and tells it of the request', async () => {
    const user = await givenActiveUser(t);
    const next = uniqueEmail('contact');
    const res = await t.http.patch('/api/v1/me', { contactEmail: next.toUpperCase(), firstName: ' Irène ' }, { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ contactEmail: user.email, pendingContactEmail: next, firstName: 'Irène', loginEmail: user.email });
    const toOld = await t.mail.waitForTemplate(user.email, 'accounts.contact-email-change-requested');
    expect(toOld.text).toContain(next);
    await t.mail.waitForTemplate(next, 'accounts.contact-email-confirmation');

    // The same address again is no change: no further mail.
    expect((await t.http.patch('/api/v1/me', { contactEmail: next }, { token: user.token })).status).toBe(200);
    await settle(t);
    expect(mailsTo(t, next)).toHaveLength(1);
    expect(mailsTo(t, user.email, 'accounts.contact-email-change-requested')).toHaveLength(1);
  });

  it('refuses an invalid contact e-mail and unknown fields', async () => {
    const user = await givenActiveUser(t);
    const bad = await t.http.patch('/api/v1/me', { contactEmail: 'not-an-email' }, { token: user.token });
    expectProblem(bad, 400, 'COMMON.VALIDATION_FAILED', 'contactEmail');
    const sneaky = await t.http.patch('/api/v1/me', { isAdmin: true }, { token: user.token });
    expectProblem(sneaky, 400, 'COMMON.VALIDATION_FAILED', 'isAdmin');
    expect((await t.http.get('/api/v1/me', { token: user.token })).body.isAdmin).toBe(false);
  });

  it('lets users deactivate themselves, ask for reactivation, and be reactivated by support', async () => {
    const admin = await givenActiveUser(t, { isAdmin: true });
    const user = await givenActiveUser(t);
    const contact = uniqueEmail('contact');
    expect((await t.http.patch('/api/v1/me', { contactEmail: contact }, { token: user.token })).status).toBe(200);
    // Used once confirmed from the link e-mailed to it.
    const link = await t.mail.waitForTemplate(contact, 'accounts.contact-email-confirmation');
    expect((await t.http.post('/api/v1/accounts/contact-email-confirmation', { token: tokenFromMail(link) })).status).toBe(204);
    const otherSession = await logInWithEmailCode(t, user.email);

    // The password is required, and confirm must be true.
    expectProblem(await t.http.post('/api/v1/me/deactivation', { password: 'Wrong-Pass-123', confirm: true }, { token: user.token }), 400, 'ACCOUNTS.CURRENT_PASSWORD_INVALID', 'password');
    expectProblem(await t.http.post('/api/v1/me/deactivation', { password: PASSWORD, confirm: false }, { token: user.token }), 400, 'COMMON.VALIDATION_FAILED', 'confirm');
    expect((await t.http.get('/api/v1/me', { token: user.token })).status).toBe(200);

    expect((await t.http.post('/api/v1/me/deactivation', { password: PASSWORD, confirm: true }, { token: user.token })).status).toBe(204);
    const notice = await t.mail.waitForTemplate(user.email, 'accounts.deactivated');
    expect(notice.to).toEqual([user.email]);

    // Every session ends; the account cannot sign in.
    expectProblem(await t.http.get('/api/v1/me', { token: user.token }), 401, 'COMMON.UNAUTHENTICATED');
    expectProblem(await t.http.get('/api/v1/me', { token: otherSession.accessToken }), 401, 'COMMON.UNAUTHENTICATED');
    expectProblem(await t.http.post('/api/v1/auth/refresh', { refreshToken: otherSession.refreshToken }), 401, 'ACCOUNTS.REFRESH_TOKEN_INVALID');
    expectProblem(await login(t, user.email), 403, 'ACCOUNTS.ACCOUNT_NOT_ACTIVE');

    // Not yet in the support's queue.
    const before = await t.http.get('/api/v1/admin/users', { token: admin.token, query: { reactivationRequested: 'true' } });
    expect(before.status).toBe(200);
    expect(before.body.items.map((u: any) => u.id)).not.toContain(user.id);

    // Public reactivation request → notice to the contact address; same answer for an unknown address.
    const request = await t.http.post('/api/v1/accounts/reactivation-requests', { loginEmail: user.email });
    const unknown = await t.http.post('/api/v1/accounts/reactivation-requests', { loginEmail: uniqueEmail('nobody') });
    expect(request.status).toBe(202);
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: request.status, body: request.body });
    const requested = await t.mail.waitForTemplate(contact, 'accounts.reactivation-requested');
    expect(requested.text).toContain(user.email);

    // Support sees it…
    const listed = await t.http.get('/api/v1/admin/users', { token: admin.token, query: { reactivationRequested: 'true' } });
    expect(listed.status).toBe(200);
    const row = listed.body.items.find((u: any) => u.id === user.id);
    expect(row).toMatchObject({ loginEmail: user.email, status: 'DEACTIVATED', reactivationRequestedAt: expect.any(String), deactivatedAt: expect.any(String) });
    expect(listed.body.items.every((u: any) => u.reactivationRequestedAt !== null)).toBe(true);

    // … and reactivates: notice to the contact address, sign-in works again.
    expect((await t.http.post(`/api/v1/admin/users/${user.id}/reactivation`, undefined, { token: admin.token })).status).toBe(204);
    await t.mail.waitForTemplate(contact, 'accounts.reactivated');
    const session = await logInWithEmailCode(t, user.email);
    expect((await t.http.get('/api/v1/me', { token: session.accessToken })).body.status).toBe('ACTIVE');
    const after = await t.http.get('/api/v1/admin/users', { token: admin.token, query: { reactivationRequested: 'true' } });
    expect(after.body.items.map((u: any) => u.id)).not.toContain(user.id);

    // Reactivating an active account is a conflict.
    expectProblem(await t.http.post(`/api/v1/admin/users/${user.id}/reactivation`, undefined, { token: admin.token }), 409, 'ACCOUNTS.USER_STATUS_CONFLICT');
  });

  it('lets an administrator deactivate another user, who is told', async () => {
    const admin = await givenActiveUser(t, { isAdmin: true });
    const user = await givenActiveUser(t);
    expect((await t.http.post(`/api/v1/admin/users/${user.id}/deactivation`, undefined, { token: admin.token })).status).toBe(204);
    await t.mail.waitForTemplate(user.email, 'accounts.deactivated');
    expectProblem(await t.http.get('/api/v1/me', { token: user.token }), 401, 'COMMON.UNAUTHENTICATED');
    expectProblem(await login(t, user.email), 403, 'ACCOUNTS.ACCOUNT_NOT_ACTIVE');
    const found = await t.http.get('/api/v1/admin/users', { token: admin.token, query: { q: user.email, status: 'DEACTIVATED' } });
    expect(found.body.items.map((u: any) => u.id)).toEqual([user.id]);
    expectProblem(await t.http.post(`/api/v1/admin/users/${user.id}/deactivation`, undefined, { token: admin.token }), 409, 'ACCOUNTS.USER_STATUS_CONFLICT');
    expectProblem(await t.http.post('/api/v1/admin/users/0190a0a0-0000-7000-8000-000000000000/deactivation', undefined, { token: admin.token }), 404, 'ACCOUNTS.USER_NOT_FOUND');
  });

  it('keeps the administration to administrators', async () => {
    const user = await givenActiveUser(t);
    const victim = await givenActiveUser(t);
    expectProblem(await t.http.get('/api/v1/admin/users', { token: user.token }), 403, 'COMMON.FORBIDDEN');
    expectProblem(await t.http.post(`/api/v1/admin/users/${victim.id}/deactivation`, undefined, { token: user.token }), 403, 'COMMON.FORBIDDEN');
    expectProblem(await t.http.post(`/api/v1/admin/users/${victim.id}/reactivation`, undefined, { token: user.token }), 403, 'COMMON.FORBIDDEN');
    expectProblem(await t.http.get('/api/v1/admin/users'), 401, 'COMMON.UNAUTHENTICATED');
    expect((await t.http.get('/api/v1/me', { token: victim.token })).status).toBe(200);
  });
});
