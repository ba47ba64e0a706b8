import { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { Authorization } from '../../../src/modules/habilitations/contracts/authorization';
import { StructureCatalog } from '../../../src/modules/organisation/contracts/structures';
import { defaultGrantsForNewMember } from '../../../src/modules/habilitations/contracts/applications';
import { Membership } from '../../../src/modules/habilitations/domain/membership.entity';
import { Structure } from '../../../src/modules/organisation/domain/structure.entity';
import { ROW_CHANGES_APPLICATION, RowChanges } from '../../../src/shared/persistence/row-changes';
import { uuidv7 } from '../../../src/shared/domain/ids';
import { givenActiveUser, GivenUser, waitUntil } from '../../factories/accounts';
import { givenMember, givenStructure } from '../../factories/organisation';
import { cpro, givenErpConnection } from '../../factories/connections';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Processes cache sessions, memberships and structures (architecture D13); a change committed by anyone (here a
 * separate connection, as another API process or a fix run in psql would) must stop working at once.
 * Each case first shows the entry really is cached (with the table's trigger disabled, the change goes
 * unseen), so that it cannot pass on an uncached read.
 */
describe('row caches kept exact by the database', () => {
  const TTL_MS = 4_000;
  let t: TestApp;
  let sql: Client;
  let changes: RowChanges;

  beforeAll(async () => {
    t = await startTestApp({ ROW_CACHE_TTL_MS: String(TTL_MS) });
    changes = t.app.get(RowChanges);
    sql = new Client({ connectionString: t.databaseUrl });
    await sql.connect();
    await waitUntil(() => changes.live);
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
  });

  const me = async (user: GivenUser): Promise<number> => (await t.http.get('/api/v1/me', { token: user.token })).status;
  const structure = async (user: GivenUser, id: string): Promise<number> => (await t.http.get(`/api/v1/structures/${id}`, { token: user.token })).status;

  /** Runs `change` as another process would, and waits until this process has applied its notifications. */
  async function announced(change: string, params: unknown[]): Promise<void> {
    await sql.query(change, params);
    await changes.sync();
  }

  /** Runs `change` with the table's trigger off: what the cache serves then is the cached entry. */
  async function unannounced(table: 'account_session' | 'hab_membership' | 'org_structure' | 'conn_oauth_client' | 'conn_technical_account', change: string, params: unknown[]): Promise<void> {
    await sql.query(`alter table ${table} disable trigger user`);
    try {
      await sql.query(change, params);
    } finally {
      await sql.query(`alter table ${table} enable trigger user`);
    }
  }

  it('refuses a session revoked by another connection once the change is announced', async () => {
    const user = await givenActiveUser(t);
    expect(await me(user)).toBe(200);

    // Cached: a revocation nobody announces is not seen…
    await unannounced('account_session', 'update account_session set revoked_at = now() where user_id = $1', [user.id]);
    expect(await me(user)).toBe(200);
    // …and an announced change is: the row is touched again, this time with the trigger on.
    await announced(`update account_session set revoked_reason = 'LOGOUT' where user_id = $1`, [user.id]);
    expect(await me(user)).toBe(401);
  });

  it('refuses a grant withdrawn by another connection once the change is announced', async () => {
    const owner = await givenActiveUser(t);
    const { id } = await givenStructure(t, owner);
    // The creation's own notification, if it came during the next read, would keep that read from being
    // stored (a read in flight when a change arrives may predate it).
    await changes.sync();
    expect(await structure(owner, id)).toBe(200);

    await unannounced('hab_membership', `update hab_membership set status = 'DETACHED', principal = false where user_id = $1`, [owner.id]);
    expect(await structure(owner, id)).toBe(200);
    await announced('update hab_membership set updated_at = now() where user_id = $1', [owner.id]);
    expect(await structure(owner, id)).toBe(403);
  });

  it('sees a new membership at once (the user had an empty list cached)', async () => {
    const owner = await givenActiveUser(t);
    const newcomer = await givenActiveUser(t);
    const { id } = await givenStructure(t, owner);
    expect(await structure(newcomer, id)).toBe(403);
    await announced(
      `insert into hab_membership (id, user_id, structure_id, status, principal, grants, created_at, updated_at, version)
       values ($1, $2, $3, 'ACTIVE', false, $4, now(), now(), 1)`,
      [uuidv7(), newcomer.id, id, JSON.stringify(defaultGrantsForNewMember())],
    );
    expect(await structure(newcomer, id)).toBe(200);
  });

  it('reads the database while the listener is down, and caches again once it is back', async () => {
    const user = await givenActiveUser(t);
    expect(await me(user)).toBe(200);
    await sql.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [ROW_CHANGES_APPLICATION]);
    await waitUntil(() => !changes.live);
    // Nothing announces this change, and nothing needs to: the cache is bypassed.
    await unannounced('account_session', 'update account_session set revoked_at = now() where user_id = $1', [user.id]);
    expect(await me(user)).toBe(401);

    // The listener reconnects, and forgets what was cached before.
    await waitUntil(() => changes.live);
    const other = await givenActiveUser(t);
    expect(await me(other)).toBe(200);
    await unannounced('account_session', 'update account_session set revoked_at = now() where user_id = $1', [other.id]);
    expect(await me(other)).toBe(200);
  });

  it('lets an entry expire after ROW_CACHE_TTL_MS even if a change was never announced', async () => {
    const user = await givenActiveUser(t);
    expect(await me(user)).toBe(200);
    await unannounced('account_session', 'update account_session set revoked_at = now() where user_id = $1', [user.id]);
    expect(await me(user)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
    expect(await me(user)).toBe(401);
  });

  it('does not keep what a transaction read of its own uncommitted memberships', async () => {
    const auth = t.app.get(Authorization);
    const actor = { kind: 'user' as const, userId: uuidv7(), sessionId: uuidv7(), isAdmin: false };
    const structureId = uuidv7();
    const rolledBack = new Error('roll back');
    await expect(
      t.orm.em.fork().transactional(async (em) => {
        (em as EntityManager).persist(new Membership({ userId: actor.userId, structureId, grants: defaultGrantsForNewMember(), now: t.clock.now() }));
        await em.flush();
        expect(await auth.allows(actor, structureId, 'FACTURES_EMISES', 'CONSULTATION')).toBe(true);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await t.orm.em.fork().transactional(() => auth.allows(actor, structureId, 'FACTURES_EMISES', 'CONSULTATION'))).toBe(false);
    expect(await auth.allows(actor, structureId, 'FACTURES_EMISES', 'CONSULTATION')).toBe(false);
  });

  it('serves and fills the cache in a transaction that wrote none of its rows, and not once it wrote one (savepoint included)', async () => {
    const catalog = t.app.get(StructureCatalog);
    const owner = await givenActiveUser(t);
    const a = await givenStructure(t, owner);
    const { companyName } = (await sql.query<{ company_name: string }>('select company_name from org_structure where id = $1', [a.id])).rows.map((r) => ({ companyName: r.company_name }))[0];
    await changes.sync();
    // Read first inside a transaction that writes nothing of org_structure: the entry is stored (an
    // unannounced change then goes unseen outside it).
    expect(await t.orm.em.fork().transactional(async () => (await catalog.findById(a.id))?.companyName)).toBe(companyName);
    await unannounced('org_structure', `update org_structure set company_name = 'UNSEEN' where id = $1`, [a.id]);
    expect((await catalog.findById(a.id))?.companyName).toBe(companyName);
    await announced('update org_structure set company_name = company_name where id = $1', [a.id]);
    expect((await catalog.findById(a.id))?.companyName).toBe('UNSEEN');

    // A transaction that renames it in a savepoint reads its own rename afterwards, in the outer transaction
    // and in a later savepoint, though the entry is cached; nothing of it is kept once rolled back.
    const rolledBack = new Error('roll back');
    await expect(
      t.orm.em.fork().transactional(async (em) => {
        expect((await catalog.findById(a.id))?.companyName).toBe('UNSEEN');
        await em.transactional(async (inner) => {
          (await inner.findOneOrFail(Structure, a.id)).companyName = 'UNCOMMITTED';
        });
        expect((await catalog.findById(a.id))?.companyName).toBe('UNCOMMITTED');
        expect(await em.transactional(async () => (await catalog.findById(a.id))?.companyName)).toBe('UNCOMMITTED');
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect((await catalog.findById(a.id))?.companyName).toBe('UNSEEN');
    expect(await t.orm.em.fork().transactional(async () => (await catalog.findById(a.id))?.companyName)).toBe('UNSEEN');
  });

  it('serves structures by id and by identifier until they change, however they change', async () => {
    const catalog = t.app.get(StructureCatalog);
    const owner = await givenActiveUser(t);
    const a = await givenStructure(t, owner);
    const b = await givenStructure(t, owner);
    await changes.sync();
    expect((await catalog.findById(a.id))?.active).toBe(true);
    expect((await catalog.findByIdentifier(a.identifier))?.id).toBe(a.id);

    await unannounced('org_structure', 'update org_structure set active = false where id = $1', [a.id]);
    expect((await catalog.findById(a.id))?.active).toBe(true);
    await announced('update org_structure set company_name = company_name where id = $1', [a.id]);
    expect((await catalog.findById(a.id))?.active).toBe(false);

    // Another structure takes the identifier: only that row's change names it, by identifier.
    expect((await catalog.findByIdentifier(a.identifier))?.id).toBe(a.id);
    await unannounced('org_structure', `update org_structure set identifier = '00000000000000' where id = $1`, [a.id]);
    expect((await catalog.findByIdentifier(a.identifier))?.id).toBe(a.id);
    await announced('update org_structure set identifier = $1 where id = $2', [a.identifier, b.id]);
    expect((await catalog.findByIdentifier(a.identifier))?.id).toBe(b.id);
    expect(await catalog.findByIdentifier(b.identifier)).toBeNull();
  });

  it('refuses a revoked OAuth client and a deactivated technical account once the change is announced', async () => {
    const owner = await givenActiveUser(t);
    const { id } = await givenStructure(t, owner);
    const erp = await givenErpConnection(t, owner.token, id);
    const mine = async (): Promise<number> => (await cpro(t, erp, 'utilisateurs/v1/monCompte/recuperer/rattachements', { parametresRecherche: { nbResultatsParPage: 10 } })).status;
    await changes.sync();
    expect(await mine()).toBe(200);

    await unannounced('conn_oauth_client', 'update conn_oauth_client set revoked_at = now() where id = $1', [erp.oauthClientId]);
    expect(await mine()).toBe(200);
    await announced('update conn_oauth_client set name = name where id = $1', [erp.oauthClientId]);
    expect(await mine()).toBe(401);
    await announced('update conn_oauth_client set revoked_at = null where id = $1', [erp.oauthClientId]);
    expect(await mine()).toBe(200);

    await unannounced('conn_technical_account', 'update conn_technical_account set active = false where id = $1', [erp.technicalAccountId]);
    expect(await mine()).toBe(200);
    await announced('update conn_technical_account set label = label where id = $1', [erp.technicalAccountId]);
    expect(await mine()).toBe(401);
  });

  describe('with the triggers off, so that only the writing process itself can drop its entries', () => {
    const tables = ['account_session', 'hab_membership'];
    beforeAll(async () => {
      for (const table of tables) await sql.query(`alter table ${table} disable trigger user`);
    });
    afterAll(async () => {
      for (const table of tables) await sql.query(`alter table ${table} enable trigger user`);
    });

    it('refuses a detached member at their next request (entity flush)', async () => {
      const owner = await givenActiveUser(t);
      const member = await givenActiveUser(t);
      const { id } = await givenStructure(t, owner);
      await givenMember(t, owner, id, member);
      expect(await structure(member, id)).toBe(200);
      expect((await t.http.delete(`/api/v1/structures/${id}/members/${member.id}`, { token: owner.token })).status).toBe(204);
      expect(await structure(member, id)).toBe(403);
    });

    it('refuses a logged-out session and the sessions of a deactivated user at their next request (bulk updates)', async () => {
      const user = await givenActiveUser(t);
      expect(await me(user)).toBe(200);
      expect((await t.http.post('/api/v1/auth/logout', {}, { token: user.token })).status).toBe(204);
      expect(await me(user)).toBe(401);

      const admin = await givenActiveUser(t, { isAdmin: true });
      const other = await givenActiveUser(t);
      expect(await me(other)).toBe(200);
      expect((await t.http.post(`/api/v1/admin/users/${other.id}/deactivation`, {}, { token: admin.token })).status).toBe(204);
      expect(await me(other)).toBe(401);
    });
  });
});
