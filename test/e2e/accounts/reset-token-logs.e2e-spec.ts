import { givenActiveUser, SECRET_ANSWER } from '../../factories/accounts';
import { tokenFromMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * The password-reset link's token is a live bearer secret carried in the route
 * (`/api/v1/password-resets/:token`): the access log wrote it in full on every line, so whoever reads the
 * logs held the first half of a reset (the secret question) for an hour. The logs name the route, not the token.
 */
describe('password-reset tokens stay out of the logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logStream: { write: (line: string) => void lines.push(line) } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs the reset routes without the token', async () => {
    const user = await givenActiveUser(t);
    expect((await t.http.post('/api/v1/password-resets', { email: user.email })).status).toBe(202);
    const token = tokenFromMail(await t.mail.waitForTemplate(user.email, 'accounts.password-reset'));
    const before = lines.length;

    expect((await t.http.get(`/api/v1/password-resets/${token}`)).status).toBe(200);
    const wrong = await t.http.post(`/api/v1/password-resets/${token}`, { secretAnswer: 'pas la bonne', password: 'Nouvelle-Brique-77!', passwordConfirmation: 'Nouvelle-Brique-77!' });
    expect(wrong.status).toBe(400);
    const done = await t.http.post(`/api/v1/password-resets/${token}`, { secretAnswer: SECRET_ANSWER, password: 'Nouvelle-Brique-77!', passwordConfirmation: 'Nouvelle-Brique-77!' });
    expect(done.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const logged = lines.slice(before).map((line) => JSON.parse(line) as { req?: { url?: string }; msg?: string });
    const urls = logged.flatMap((entry) => (entry.req?.url ? [entry.req.url] : []));
    expect(urls).toEqual(['/api/v1/password-resets/[redacted]', '/api/v1/password-resets/[redacted]', '/api/v1/password-resets/[redacted]']);
    expect(lines.slice(before).join('\n')).not.toContain(token);
  });
});
