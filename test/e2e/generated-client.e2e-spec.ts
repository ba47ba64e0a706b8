import createClient from 'openapi-fetch';
import { AddressInfo } from 'node:net';
import type { paths } from '../generated/liasse-api';
import { PASSWORD, uniqueEmail } from '../factories/accounts';
import { codeFromMail, tokenFromMail } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The newcomer journey driven only by a client generated from openapi/openapi.json (openapi-typescript
 * types + openapi-fetch) over a real socket: proves the published document is usable as it is.
 */
describe('a client generated from the OpenAPI document', () => {
  let t: TestApp;
  let client: ReturnType<typeof createClient<paths>>;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    client = createClient<paths>({ baseUrl: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs up, activates, signs in with the e-mailed code and reads the account', async () => {
    const email = uniqueEmail('client');
    const signUp = await client.POST('/api/v1/accounts', {
      body: { loginEmail: email, loginEmailConfirmation: email, firstName: 'Ada', lastName: 'Lovelace', acceptTerms: true },
    });
    expect(signUp.response.status).toBe(202);

    const activationMail = await t.mail.waitForTemplate(email, 'accounts.activation');
    const activation = await client.POST('/api/v1/accounts/activation', {
      body: {
        token: tokenFromMail(activationMail),
        password: PASSWORD,
        passwordConfirmation: PASSWORD,
        secretQuestion: 'Mon premier ordinateur ?',
        secretAnswer: 'Analytical Engine',
      },
    });
    expect(activation.response.status).toBe(204);

    const login = await client.POST('/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(login.data?.method).toBe('EMAIL');
    const code = codeFromMail(await t.mail.waitForTemplate(email, 'accounts.mfa-code'));
    const mfa = await client.POST('/api/v1/auth/mfa', { body: { challengeId: login.data!.challengeId, code } });
    expect(mfa.data?.tokenType).toBe('Bearer');

    const me = await client.GET('/api/v1/me', { headers: { authorization: `Bearer ${mfa.data!.accessToken}` } });
    expect(me.data).toMatchObject({ loginEmail: email, firstName: 'Ada', status: 'ACTIVE', mfaMethod: 'EMAIL' });

    const wrong = await client.POST('/api/v1/auth/login', { body: { email, password: 'Not-The-Password-1' } });
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.headers.get('content-type')).toContain('application/problem+json');
  });
});
