import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, PASSWORD, SECRET_ANSWER, uniqueEmail } from '../../factories/accounts';
import { activate, expectProblem, login, resetToken, signUpPending } from './helpers';

interface WeakCase {
  rule: string;
  password: (email: string) => string;
  confirmation?: string;
  code: string;
  field: string;
}

/** Each rule of the policy, with the code that names it and the field it concerns. */
const WEAK: WeakCase[] = [
  { rule: 'shorter than 12 characters', password: () => 'Ab1!ab1!ab1', code: 'ACCOUNTS.PASSWORD_TOO_SHORT', field: 'password' },
  { rule: 'longer than 128 characters', password: () => `Aa1!${'x'.repeat(200)}`, code: 'ACCOUNTS.PASSWORD_TOO_LONG', field: 'password' },
  { rule: 'only lower case', password: () => 'seulementdesminuscules', code: 'ACCOUNTS.PASSWORD_NOT_ENOUGH_CLASSES', field: 'password' },
  { rule: 'two classes only', password: () => 'minuscules1234', code: 'ACCOUNTS.PASSWORD_NOT_ENOUGH_CLASSES', field: 'password' },
  { rule: 'a common password, decorated', password: () => 'Motdepasse2024!', code: 'ACCOUNTS.PASSWORD_TOO_COMMON', field: 'password' },
  { rule: 'built on the e-mail address', password: (email) => `${email.split('@')[0]}#A1`, code: 'ACCOUNTS.PASSWORD_TOO_COMMON', field: 'password' },
  { rule: 'confirmation differs', password: () => 'Brique-Rouge-43!', confirmation: 'Brique-Rouge-44!', code: 'ACCOUNTS.PASSWORD_MISMATCH', field: 'passwordConfirmation' },
];

describe('password policy over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('at activation', () => {
    it.each(WEAK)('refuses a password $rule with $code', async ({ password, confirmation, code, field }) => {
      const email = uniqueEmail('weak');
      const token = await signUpPending(t, email);
      const weak = password(email);
      const res = await activate(t, token, { password: weak, passwordConfirmation: confirmation ?? weak });
      expectProblem(res, 400, code, field);
      // Nothing was spent: the same link still activates with a good password.
      expect((await activate(t, token)).status).toBe(204);
    });

    it('says which rule failed, in French by default and in English on request', async () => {
      const token = await signUpPending(t, uniqueEmail('words'));
      const body = { password: 'seulementdesminuscules', passwordConfirmation: 'seulementdesminuscules' };
      const fr = await activate(t, token, body);
      expect(fr.body.detail).toContain('majuscules');
      expect(fr.body.detail).toContain('chiffres');
      const short = await t.http.post('/api/v1/accounts/activation', { token, secretQuestion: 'Couleur préférée ?', secretAnswer: 'Vert', password: 'Ab1!', passwordConfirmation: 'Ab1!' }, { headers: { 'accept-language': 'en' } });
      expect(short.body.detail).toBe('The password must be at least 12 characters long.');
      expect(short.body.params).toEqual({ min: 12 });
    });
  });

  describe('at password reset', () => {
    it.each(WEAK)('refuses a password $rule with $code', async ({ password, confirmation, code, field }) => {
      const user = await givenActiveUser(t);
      const token = await resetToken(t, user.email);
      const weak = password(user.email);
      const res = await t.http.post(`/api/v1/password-resets/${token}`, { secretAnswer: SECRET_ANSWER, password: weak, passwordConfirmation: confirmation ?? weak });
      expectProblem(res, 400, code, field);
      // The old password still works, and the link is still usable.
      expect((await login(t, user.email, PASSWORD)).status).toBe(200);
      expect((await t.http.get(`/api/v1/password-resets/${token}`)).status).toBe(200);
    });
  });

  describe('at password change', () => {
    it.each(WEAK)('refuses a password $rule with $code', async ({ password, confirmation, code, field }) => {
      const user = await givenActiveUser(t);
      const weak = password(user.email);
      const res = await t.http.post('/api/v1/me/password', { currentPassword: PASSWORD, password: weak, passwordConfirmation: confirmation ?? weak }, { token: user.token });
      expectProblem(res, 400, code, field);
      expect((await login(t, user.email, PASSWORD)).status).toBe(200);
    });
  });
});

