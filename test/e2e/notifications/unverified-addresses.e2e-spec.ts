import { uniqueEmail } from '../../factories/accounts';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Sign-up e-mails its activation link to an address nobody has verified yet: it must carry nothing the
 * registrant typed, or anyone could have the platform mail any text to any mailbox (issue 15).
 */
describe('mails to unverified addresses echo nothing typed by the sender', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the activation mail does not carry the names typed at sign-up', async () => {
    const victim = uniqueEmail();
    const phishing = { firstName: 'Votre compte est bloqué, appelez le 0899 000 000', lastName: 'Service client evil.example' };
    const res = await t.http.post('/api/v1/accounts', { loginEmail: victim, loginEmailConfirmation: victim, ...phishing, acceptTerms: true });
    expect(res.status).toBe(202);
    const mail = await t.mail.waitForTemplate(victim, 'accounts.activation');
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toContain('0899');
      expect(part).not.toContain('evil.example');
    }
    expect(mail.text).toContain('/activation?token=');
  });
});
