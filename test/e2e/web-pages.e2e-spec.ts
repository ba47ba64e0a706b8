import { uniqueEmail } from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

/** The links in our e-mails open pages of the platform itself (no front end needed in the sandbox). */
describe('pages behind e-mailed links', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the activation page at the path of the e-mailed link, without leaking the token as referrer', async () => {
    const email = uniqueEmail();
    await t.http.post('/api/v1/accounts', { loginEmail: email, loginEmailConfirmation: email, firstName: 'Léa', lastName: 'Lien', acceptTerms: true });
    const mail = await t.mail.waitForTemplate(email, 'accounts.activation');
    const link = new URL(/http:\/\/liasse\.test\S+/.exec(mail.text)![0]);
    const page = await t.http.get(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain("'/api/v1/accounts/activation'");
  });

  it.each([
    ['/mot-de-passe-oublie', '/api/v1/password-resets'],
    ['/adresse-de-contact?token=x', '/api/v1/accounts/contact-email-confirmation'],
    ['/connexion', '/api/v1/auth/mfa'],
  ])('serves %s, which calls %s', async (path, api) => {
    const page = await t.http.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain(api);
  });

  it('answers / with a page linking to the sign-in page, the API docs and the guides, each of which answers', async () => {
    const page = await t.http.get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const link of ['/connexion', '/docs', '/guides/connect-your-erp', '/guides/operations']) expect(page.text).toContain(`href="${link}"`);
    const guide = await t.http.get('/guides/connect-your-erp');
    expect(guide.status).toBe(200);
    expect(guide.headers['content-type']).toContain('text/markdown');
    expect(guide.text).toContain('/cpro');
    expect((await t.http.get('/guides/nope')).status).toBe(404);
    expect((await t.http.get('/guides/..%2Fpackage.json')).status).toBe(404);
  });
});
