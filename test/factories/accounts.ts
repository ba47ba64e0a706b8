import { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { Sessions, TokenPair } from '../../src/modules/accounts/application/sessions.service';
import { User, UserStatus } from '../../src/modules/accounts/domain/user.entity';
import { PasswordHasher, normaliseSecretAnswer } from '../../src/modules/accounts/infrastructure/password-hasher';
import { codeFromMail, tokenFromMail } from '../support/smtp-sink';
import { TestApp } from '../support/test-app';

export const PASSWORD = 'Brique-Verte-42!';
export const SECRET_QUESTION = 'Ville de naissance de ma grand-mère ?';
export const SECRET_ANSWER = 'Saint-Étienne';

export function uniqueEmail(label = 'user'): string {
  return `${label}.${randomBytes(5).toString('hex')}@example.test`;
}

/** Sign-up through HTTP and activation from the captured e-mail: the real newcomer path. */
export async function signUpAndActivate(t: TestApp, email: string, names = { firstName: 'Marie', lastName: 'Curie' }): Promise<void> {
  const res = await t.http.post('/api/v1/accounts', { loginEmail: email, loginEmailConfirmation: email, ...names, acceptTerms: true });
  if (res.status !== 202) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  const mail = await t.mail.waitForTemplate(email, 'accounts.activation');
  const activation = await t.http.post('/api/v1/accounts/activation', {
    token: tokenFromMail(mail),
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    secretQuestion: SECRET_QUESTION,
    secretAnswer: SECRET_ANSWER,
  });
  if (activation.status !== 204) throw new Error(`activation failed: ${activation.status} ${activation.text}`);
}

/** Password + e-mailed code through HTTP. */
export async function logInWithEmailCode(t: TestApp, email: string, password = PASSWORD): Promise<TokenPair> {
  const before = t.mail.count((m) => m.to.includes(email) && m.template === 'accounts.mfa-code');
  const login = await t.http.post('/api/v1/auth/login', { email, password });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  await waitUntil(() => t.mail.count((m) => m.to.includes(email) && m.template === 'accounts.mfa-code') > before);
  const mails = t.mail.mails.filter((m) => m.to.includes(email) && m.template === 'accounts.mfa-code');
  const code = codeFromMail(mails[mails.length - 1]!);
  const mfa = await t.http.post('/api/v1/auth/mfa', { challengeId: login.body.challengeId, code });
  if (mfa.status !== 200) throw new Error(`mfa failed: ${mfa.status} ${mfa.text}`);
  return mfa.body as TokenPair;
}

export interface GivenUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

/**
 * An active user with a session, written directly (fast): for tests whose subject is not sign-in.
 * The access token is a real one, issued by the application's own session service.
 */
export async function givenActiveUser(t: TestApp, options: { email?: string; firstName?: string; lastName?: string; isAdmin?: boolean } = {}): Promise<GivenUser> {
  const em = t.orm.em.fork() as EntityManager;
  const hasher = t.app.get(PasswordHasher);
  const email = (options.email ?? uniqueEmail()).toLowerCase();
  const now = t.clock.now();
  const user = new User({
    loginEmail: email,
    contactEmail: email,
    firstName: options.firstName ?? 'Jeanne',
    lastName: options.lastName ?? 'Baret',
    surveyConsent: false,
    now,
  });
  user.status = UserStatus.ACTIVE;
  user.activatedAt = now;
  user.isAdmin = options.isAdmin ?? false;
  user.passwordHash = await hasher.hash(PASSWORD);
  user.secretQuestion = SECRET_QUESTION;
  user.secretAnswerHash = await hasher.hash(normaliseSecretAnswer(SECRET_ANSWER));
  em.persist(user);
  const tokens = t.app.get(Sessions).open(em, user);
  await em.flush();
  return { id: user.id, email, password: PASSWORD, token: tokens.accessToken };
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
