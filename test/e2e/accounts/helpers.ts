import { TotpService } from '../../../src/modules/accounts/infrastructure/totp';
import { WorkQueue } from '../../../src/shared/queue/work-queue';
import { PASSWORD, SECRET_ANSWER, SECRET_QUESTION, waitUntil } from '../../factories/accounts';
import { HttpResponse } from '../../support/http';
import { CapturedMail, tokenFromMail } from '../../support/smtp-sink';
import { TestApp } from '../../support/test-app';

/** Shared by the accounts end-to-end files: small steps of the real HTTP paths, and waiting for workers. */

export const ACCEPTED_STATUS = 202;

/** Raw SQL on the file's own database (to look at state the API does not expose). */
export async function sql<T = Record<string, unknown>>(t: TestApp, query: string, params: unknown[] = []): Promise<T[]> {
  return t.orm.em.fork().getConnection().execute<T[]>(query, params);
}

/**
 * Waits until every committed outbox event is published and the queue has nothing left to run, so the
 * mails it would send are in the sink. Lets a test assert that something was NOT sent.
 */
export async function settle(t: TestApp): Promise<void> {
  const queue = t.app.get(WorkQueue).queue;
  await waitUntil(async () => {
    await t.flushOutbox();
    const [{ pending }] = await sql<{ pending: string }>(t, 'select count(*) as pending from outbox_event where published_at is null');
    if (Number(pending) > 0) return false;
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    return Object.values(counts).every((n) => n === 0);
  });
}

export function mailsTo(t: TestApp, email: string, template?: string): CapturedMail[] {
  return t.mail.mails.filter((m) => m.to.includes(email.toLowerCase()) && (template === undefined || m.template === template));
}

/** Waits for the n-th (1-based) e-mail of a template to an address and returns it. */
export async function waitForNth(t: TestApp, email: string, template: string, n: number): Promise<CapturedMail> {
  await waitUntil(() => mailsTo(t, email, template).length >= n);
  return mailsTo(t, email, template)[n - 1]!;
}

export function signUp(t: TestApp, email: string, extra: Record<string, unknown> = {}): Promise<HttpResponse> {
  return t.http.post('/api/v1/accounts', {
    loginEmail: email,
    loginEmailConfirmation: email,
    firstName: 'Marie',
    lastName: 'Curie',
    acceptTerms: true,
    ...extra,
  });
}

export function activate(t: TestApp, token: string, overrides: Record<string, unknown> = {}): Promise<HttpResponse> {
  return t.http.post('/api/v1/accounts/activation', {
    token,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    secretQuestion: SECRET_QUESTION,
    secretAnswer: SECRET_ANSWER,
    ...overrides,
  });
}

/** Signs up and returns the token of the activation link, without activating. */
export async function signUpPending(t: TestApp, email: string): Promise<string> {
  const res = await signUp(t, email);
  expect(res.status).toBe(ACCEPTED_STATUS);
  return tokenFromMail(await t.mail.waitForTemplate(email, 'accounts.activation'));
}

/** Requests a password reset and returns the token of the e-mailed link (the n-th reset mail). */
export async function resetToken(t: TestApp, email: string, n = 1): Promise<string> {
  const res = await t.http.post('/api/v1/password-resets', { email });
  expect(res.status).toBe(ACCEPTED_STATUS);
  return tokenFromMail(await waitForNth(t, email, 'accounts.password-reset', n));
}

export function login(t: TestApp, email: string, password = PASSWORD): Promise<HttpResponse> {
  return t.http.post('/api/v1/auth/login', { email, password });
}

export function totpCode(t: TestApp, secret: string): string {
  return t.app.get(TotpService).codeAt(secret, t.clock.now());
}

export async function userIdOf(t: TestApp, email: string): Promise<string | undefined> {
  const rows = await sql<{ id: string }>(t, 'select id from account_user where login_email = ?', [email.toLowerCase()]);
  return rows[0]?.id;
}

/** An RFC 9457 answer with our code (and the field, when given). */
export function expectProblem(res: HttpResponse, status: number, code: string, field?: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  if (field !== undefined) expect(res.body.field).toBe(field);
}

/** The problem document minus what legitimately differs between two requests. */
export function comparable(res: HttpResponse): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { requestId, instance, ...rest } = res.body as Record<string, unknown>;
  return { status: res.status, contentType: res.headers['content-type'], ...rest };
}
