import { startTestApp, TestApp } from '../../support/test-app';
import { uniqueEmail } from '../../factories/accounts';
import { expectProblem } from './helpers';

const TOKEN = 'a'.repeat(43);

/** Every public accounts route that takes a body. */
const ROUTES = [
  '/api/v1/accounts',
  '/api/v1/accounts/activation',
  '/api/v1/accounts/activation-requests',
  '/api/v1/accounts/reactivation-requests',
  '/api/v1/auth/login',
  '/api/v1/auth/mfa',
  '/api/v1/auth/refresh',
  '/api/v1/password-resets',
  `/api/v1/password-resets/${TOKEN}`,
];

/** Raw payloads a client (or an attacker) might send, with their content type. */
const GARBAGE: Array<[string, string, string]> = [
  ['truncated JSON', '{"email":', 'application/json'],
  ['empty body', '', 'application/json'],
  ['null', 'null', 'application/json'],
  ['a number', '42', 'application/json'],
  ['a string', '"hello"', 'application/json'],
  ['true', 'true', 'application/json'],
  ['an array', '[1,2,3]', 'application/json'],
  ['an empty object', '{}', 'application/json'],
  ['nested nonsense', '{"email":{"$ne":null},"password":["x"],"loginEmail":{"a":1}}', 'application/json'],
  ['prototype pollution', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}', 'application/json'],
  ['deep nesting', `${'['.repeat(2000)}${']'.repeat(2000)}`, 'application/json'],
  ['wrong types everywhere', JSON.stringify({ loginEmail: 1, loginEmailConfirmation: false, firstName: [], lastName: {}, acceptTerms: 'yes', email: 3, password: 4, token: 5, code: 6, challengeId: 7, refreshToken: 8, secretAnswer: 9 }), 'application/json'],
  ['huge strings', JSON.stringify({ email: `${'a'.repeat(100_000)}@x.fr`, password: 'p'.repeat(100_000), token: 't'.repeat(100_000), refreshToken: 'r'.repeat(100_000), code: '1'.repeat(100_000) }), 'application/json'],
  ['NUL bytes and odd unicode', JSON.stringify({ email: 'a\u0000@b.fr', password: '\uD800', loginEmail: '\u202Eadmin@x.fr', firstName: '\u0000' }), 'application/json'],
  ['plain text', 'email=a@b.fr&password=x', 'text/plain'],
  ['form-encoded', 'email=a@b.fr&password=x', 'application/x-www-form-urlencoded'],
  ['XML', '<login><email>a@b.fr</email></login>', 'application/xml'],
  ['JSON with a charset', '{"email":"a@b.fr","password":"x"}', 'application/json; charset=latin1'],
];

describe('malformed requests on the public accounts routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers invalid JSON with 400 COMMON.MALFORMED_BODY as problem+json', async () => {
    for (const url of ROUTES) {
      const res = await t.http.post(url, undefined, { payload: '{"loginEmail": "a@b.fr",', headers: { 'content-type': 'application/json' } });
      expectProblem(res, 400, 'COMMON.MALFORMED_BODY');
      expect(res.body).toMatchObject({ status: 400, title: 'COMMON.MALFORMED_BODY', type: 'https://liasse.dev/errors/COMMON.MALFORMED_BODY', instance: url });
    }
  });

  it('refuses an unknown field with VALIDATION_FAILED naming it in errors[]', async () => {
    const email = uniqueEmail();
    const res = await t.http.post('/api/v1/accounts', { loginEmail: email, loginEmailConfirmation: email, firstName: 'A', lastName: 'B', acceptTerms: true, isAdmin: true });
    expectProblem(res, 400, 'COMMON.VALIDATION_FAILED', 'isAdmin');
    expect(res.body.errors).toEqual([{ field: 'isAdmin', code: 'whitelistValidation', message: { fr: expect.stringContaining('isAdmin'), en: expect.any(String) } }]);
  });

  it.each([
    ['a number for the e-mail', { email: 42, password: 'x' }, ['email']],
    ['a boolean for the password', { email: 'a@b.fr', password: true }, ['password']],
    ['an object for both', { email: {}, password: {} }, ['email', 'password']],
    ['missing password', { email: 'a@b.fr' }, ['password']],
    ['missing everything', {}, ['email', 'password']],
  ])('refuses %s on login, naming the fields', async (_case, body, fields) => {
    const res = await t.http.post('/api/v1/auth/login', body);
    expectProblem(res, 400, 'COMMON.VALIDATION_FAILED');
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(fields);
  });

  it('names every missing field of the sign-up form', async () => {
    const res = await t.http.post('/api/v1/accounts', {});
    expectProblem(res, 400, 'COMMON.VALIDATION_FAILED');
    const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
    for (const field of ['loginEmail', 'loginEmailConfirmation', 'firstName', 'lastName', 'acceptTerms']) expect(fields).toContain(field);
    for (const issue of res.body.errors) expect(issue.message.fr).toEqual(expect.any(String));
  });

  it('never answers 500 to garbage on any public accounts route', async () => {
    const failures: string[] = [];
    for (const url of ROUTES) {
      for (const [name, payload, type] of GARBAGE) {
        const res = await t.http.post(url, undefined, { payload, headers: { 'content-type': type } });
        if (res.status >= 500 || !String(res.headers['content-type']).startsWith('application/problem+json')) {
          failures.push(`${url} «${name}» → ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never answers 500 to odd paths and queries on the GET routes', async () => {
    for (const url of ['/api/v1/password-resets/%00', '/api/v1/password-resets/..%2F..%2Fetc', `/api/v1/password-resets/${'é'.repeat(30)}`, '/api/v1/captcha?x=1&x=2']) {
      const res = await t.http.get(url);
      expect({ url, status: res.status < 500 }).toEqual({ url, status: true });
    }
  });

  it('speaks English when asked, French otherwise', async () => {
    const en = await t.http.post('/api/v1/auth/login', { email: uniqueEmail(), password: 'Wrong-Pass-123' }, { headers: { 'accept-language': 'en-US,en;q=0.9,fr;q=0.5' } });
    expectProblem(en, 401, 'ACCOUNTS.INVALID_CREDENTIALS');
    expect(en.body.detail).toBe('Wrong e-mail address or password.');
    const fr = await t.http.post('/api/v1/auth/login', { email: uniqueEmail(), password: 'Wrong-Pass-123' });
    expect(fr.body.detail).toBe('Adresse e-mail ou mot de passe incorrect.');
    const validation = await t.http.post('/api/v1/auth/login', { email: 1, password: 'x' }, { headers: { 'accept-language': 'en' } });
    expect(validation.body.detail).toBe('The request contains invalid data.');
  });
});
