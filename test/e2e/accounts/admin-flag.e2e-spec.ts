import { EntityManager } from '@mikro-orm/postgresql';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { User } from '../../../src/modules/accounts/domain/user.entity';
import { RowChanges } from '../../../src/shared/persistence/row-changes';
import { givenActiveUser, GivenUser, waitUntil } from '../../factories/accounts';
import { TEST_JWT_SECRET } from '../../setup/test-env';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * The administrator flag is read from the database with the session (issue 15): a token claim grants nothing,
 * and a change of the flag, by this process or by anyone else (another replica, psql), applies at the next
 * request even though sessions are cached (architecture D13).
 */
describe('administrator flag read from the database', () => {
  let t: TestApp;
  let sql: Client;
  let changes: RowChanges;

  beforeAll(async () => {
    t = await startTestApp({ ROW_CACHE_TTL_MS: '60000' });
    changes = t.app.get(RowChanges);
    sql = new Client({ connectionString: t.databaseUrl });
    await sql.connect();
    await waitUntil(() => changes.live);
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
  });

  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  function forge(claims: object): string {
    const body = `${b64({ alg: 'HS256', typ: 'at+jwt' })}.${b64(claims)}`;
    return `${body}.${createHmac('sha256', TEST_JWT_SECRET).update(body).digest('base64url')}`;
  }
  const adminRoute = async (token: string): Promise<number> => (await t.http.get('/api/v1/admin/users', { token })).status;

  it('gives no administrator right to a token claiming one for a user who is not', async () => {
    const user = await givenActiveUser(t);
    const forged = forge({ ...claimsOf(user.token), adm: true, isAdmin: true, admin: true });
    expect((await t.http.get('/api/v1/me', { token: forged })).status).toBe(200);
    expect(await adminRoute(forged)).toBe(403);
  });

  it('issues tokens that carry no administrator claim', async () => {
    const admin = await givenActiveUser(t, { isAdmin: true });
    expect(claimsOf(admin.token)).not.toHaveProperty('adm');
    expect(await adminRoute(admin.token)).toBe(200);
  });

  it('withdraws the right at the next request when another connection revokes the flag, and gives it back', async () => {
    const admin: GivenUser = await givenActiveUser(t, { isAdmin: true });
    // Twice: the second answer comes from the cached session.
    expect(await adminRoute(admin.token)).toBe(200);
    expect(await adminRoute(admin.token)).toBe(200);

    await sql.query('update account_user set is_admin = false where id = $1', [admin.id]);
    await changes.sync();
    expect(await adminRoute(admin.token)).toBe(403);
    expect((await t.http.get('/api/v1/me', { token: admin.token })).body.isAdmin).toBe(false);

    await sql.query('update account_user set is_admin = true where id = $1', [admin.id]);
    await changes.sync();
    expect(await adminRoute(admin.token)).toBe(200);
  });

  it('withdraws the right at the next request when this process flushes the change', async () => {
    const admin = await givenActiveUser(t, { isAdmin: true });
    expect(await adminRoute(admin.token)).toBe(200);
    const em = t.orm.em.fork() as EntityManager;
    await em.transactional(async (tx) => {
      const user = await tx.findOneOrFail(User, { id: admin.id });
      user.isAdmin = false;
    });
    // No sync: the writer's own process must not depend on the notification.
    expect(await adminRoute(admin.token)).toBe(403);
  });
});
