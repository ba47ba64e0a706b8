import { createHmac } from 'node:crypto';
import { givenActiveUser } from '../factories/accounts';
import { TEST_JWT_SECRET } from '../setup/test-env';
import { startTestApp, TestApp } from '../support/test-app';

/** Access-token checks: algorithm pinned, issuer, audience, `typ` header, expiry, live session. */
describe('access tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  function sign(header: object, payload: object, secret = TEST_JWT_SECRET): string {
    const body = `${b64(header)}.${b64(payload)}`;
    return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
  }
  function claimsOf(token: string): Record<string, unknown> {
    return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  }

  it('accepts the tokens it issues and refuses every altered variant', async () => {
    const user = await givenActiveUser(t);
    expect((await t.http.get('/api/v1/me', { token: user.token })).status).toBe(200);

    const claims = claimsOf(user.token);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const good = { alg: 'HS256', typ: 'at+jwt' };
    const variants: Array<[string, string]> = [
      ['a token re-signed as issued (control)', sign(good, claims)],
      ['alg none', `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims)}.`],
      ['another HMAC key', sign(good, claims, 'another-secret-that-is-long-enough-0123456789')],
      ['typ JWT instead of at+jwt', sign({ alg: 'HS256', typ: 'JWT' }, claims)],
      ['wrong audience', sign(good, { ...claims, aud: 'someone-else' })],
      ['wrong issuer', sign(good, { ...claims, iss: 'evil' })],
      ['expired', sign(good, { ...claims, iat: now - 7200, exp: now - 3600 })],
      ['unknown session', sign(good, { ...claims, sid: '0190a0a0-0000-7000-8000-000000000000' })],
      ['session of another user', sign(good, { ...claims, sub: '0190a0a0-0000-7000-8000-000000000001' })],
    ];
    const statuses = await Promise.all(variants.map(async ([name, token]) => [name, (await t.http.get('/api/v1/me', { token })).status]));
    expect(Object.fromEntries(statuses)).toEqual({
      'a token re-signed as issued (control)': 200,
      'alg none': 401,
      'another HMAC key': 401,
      'typ JWT instead of at+jwt': 401,
      'wrong audience': 401,
      'wrong issuer': 401,
      expired: 401,
      'unknown session': 401,
      'session of another user': 401,
    });
  });

  it('stops accepting a token as soon as its session is logged out', async () => {
    const user = await givenActiveUser(t);
    expect((await t.http.post('/api/v1/auth/logout', undefined, { token: user.token })).status).toBe(204);
    const after = await t.http.get('/api/v1/me', { token: user.token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('COMMON.UNAUTHENTICATED');
  });

  it('keeps administrators-only routes closed to other users', async () => {
    const user = await givenActiveUser(t);
    const admin = await givenActiveUser(t, { isAdmin: true });
    expect((await t.http.get('/api/v1/admin/users', { token: user.token })).status).toBe(403);
    expect((await t.http.get('/api/v1/admin/users', { token: admin.token })).status).toBe(200);
  });
});
