import { defaultGrantsForNewMember } from '../../../src/modules/habilitations/contracts/applications';
import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { cpro, cproAccountHeader, givenErpConnection } from '../../factories/connections';
import { givenSupplier, Supplier } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

const MANAGER_GRANTS = defaultGrantsForNewMember().map((g) => ({ application: g.application, level: 'MODIFICATION' }));

/**
 * Issue 15: nobody but the account's creator knew a technical account existed, and no manager could stop
 * one he had not created. Every manager now lists all of them (creator, scope, grants, last use) and
 * deactivates any; the principal manager is e-mailed at each creation.
 */
describe('technical accounts: managers see and stop them all', () => {
  let t: TestApp;
  let supplier: Supplier;
  let manager: GivenUser;
  let secondManager: GivenUser;
  let member: GivenUser;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    manager = await givenActiveUser(t, { firstName: 'Gérant', lastName: 'Adjoint' });
    await givenMember(t, supplier.owner, supplier.id, manager);
    expect((await t.http.put(`/api/v1/structures/${supplier.id}/members/${manager.id}/grants`, { grants: MANAGER_GRANTS }, { token: supplier.owner.token })).status).toBe(200);
    secondManager = await givenActiveUser(t, { firstName: 'Autre' });
    await givenMember(t, supplier.owner, supplier.id, secondManager);
    // Organisation – modification but Raccordements in consultation: a manager, not one who creates accounts.
    const noConnections = MANAGER_GRANTS.map((g) => (g.application === 'RACCORDEMENTS' ? { ...g, level: 'CONSULTATION' } : g));
    expect((await t.http.put(`/api/v1/structures/${supplier.id}/members/${secondManager.id}/grants`, { grants: noConnections }, { token: supplier.owner.token })).status).toBe(200);
    member = await givenActiveUser(t, { firstName: 'Simple' });
    await givenMember(t, supplier.owner, supplier.id, member);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('e-mails the principal manager when a manager creates an account', async () => {
    const created = await t.http.post(`/api/v1/structures/${supplier.id}/technical-accounts`, { label: 'ERP compta' }, { token: manager.token });
    expect(created.status).toBe(201);
    await t.flushOutbox();
    const notice = await t.mail.waitForTemplate(supplier.owner.email, 'connections.technical-account-created');
    expect(notice.text).toContain(created.body.login);
    expect(notice.text).toContain(manager.email);
    expect(notice.text).toContain('Factures émises (modification)');
  });

  it('lists every account to every manager with creator, scope, effective grants and last use; a plain member sees none of them', async () => {
    const erp = await givenErpConnection(t, manager.token, supplier.id, { grants: [{ application: 'FACTURES_EMISES', level: 'CONSULTATION' }] });
    expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);

    for (const viewer of [supplier.owner, secondManager]) {
      const listed = await t.http.get(`/api/v1/structures/${supplier.id}/technical-accounts`, { token: viewer.token });
      expect(listed.status).toBe(200);
      const account = listed.body.find((a: { id: string }) => a.id === erp.technicalAccountId);
      expect(account).toMatchObject({
        createdBy: { userId: manager.id, loginEmail: manager.email, firstName: 'Gérant', lastName: 'Adjoint' },
        creatorActive: true,
        serviceId: null,
        grants: [{ application: 'FACTURES_EMISES', level: 'CONSULTATION' }],
        effectiveGrants: [{ application: 'FACTURES_EMISES', level: 'CONSULTATION' }],
        lastUsedAt: expect.any(String),
      });
    }
    // A member with the default grants (Raccordements – modification, Organisation – consultation) created
    // none and sees none of the managers' accounts.
    const own = await t.http.get(`/api/v1/structures/${supplier.id}/technical-accounts`, { token: member.token });
    expect(own.status).toBe(200);
    expect(own.body).toEqual([]);
  });

  it('lets any manager deactivate an account he did not create, and not a plain member', async () => {
    const erp = await givenErpConnection(t, manager.token, supplier.id);
    expect((await t.http.post(`/api/v1/technical-accounts/${erp.technicalAccountId}/deactivation`, undefined, { token: member.token })).status).toBe(404);
    // Re-keying is for managers holding Raccordements – modification.
    const rekey = await t.http.post(`/api/v1/technical-accounts/${erp.technicalAccountId}/password`, undefined, { token: secondManager.token });
    expect(rekey.status).toBe(403);
    expect(rekey.body.code).toBe('CONNECTIONS.TECHNICAL_ACCOUNTS_MANAGERS_ONLY');

    const stopped = await t.http.post(`/api/v1/technical-accounts/${erp.technicalAccountId}/deactivation`, undefined, { token: secondManager.token });
    expect(stopped.status).toBe(200);
    expect(stopped.body.active).toBe(false);
    expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(401);
  });

  it('never hands a manager, through a re-key, an account holding grants he does not hold', async () => {
    const limited = await givenActiveUser(t, { firstName: 'Limité' });
    await givenMember(t, supplier.owner, supplier.id, limited);
    const withoutReceived = MANAGER_GRANTS.filter((g) => g.application !== 'FACTURES_RECUES');
    expect((await t.http.put(`/api/v1/structures/${supplier.id}/members/${limited.id}/grants`, { grants: withoutReceived }, { token: supplier.owner.token })).status).toBe(200);
    // The principal manager's account reads received invoices; the lesser manager does not.
    const erp = await givenErpConnection(t, supplier.owner.token, supplier.id, { grants: [{ application: 'FACTURES_RECUES', level: 'CONSULTATION' }] });
    const rekey = await t.http.post(`/api/v1/technical-accounts/${erp.technicalAccountId}/password`, undefined, { token: limited.token });
    expect(rekey.status).toBe(403);
    expect(rekey.body).toMatchObject({ code: 'CONNECTIONS.TECHNICAL_ACCOUNT_EXCEEDS_CALLER' });
    expect(rekey.body.password).toBeUndefined();
    expect((await cpro(t, erp, 'factures/v1/rechercher/recipiendaire', {})).status).toBe(200);
    // Nor give it grants he lacks; he may narrow it to what he holds.
    const widen = await t.http.put(`/api/v1/technical-accounts/${erp.technicalAccountId}/grants`, { grants: [{ application: 'FACTURES_RECUES', level: 'MODIFICATION' }] }, { token: limited.token });
    expect(widen.status).toBe(400);
    expect(widen.body).toMatchObject({ code: 'CONNECTIONS.GRANTS_EXCEED_CREATOR', field: 'grants' });
  });

  it('makes a re-keyed account act for the manager who re-keyed it: the password he holds stops with his membership', async () => {
    const departing = await givenActiveUser(t, { firstName: 'Sortant' });
    await givenMember(t, supplier.owner, supplier.id, departing);
    expect((await t.http.put(`/api/v1/structures/${supplier.id}/members/${departing.id}/grants`, { grants: MANAGER_GRANTS }, { token: supplier.owner.token })).status).toBe(200);
    // The principal manager's account, within what the departing manager holds: he may re-key it, and gets its password.
    const erp = await givenErpConnection(t, supplier.owner.token, supplier.id, { grants: [{ application: 'FACTURES_EMISES', level: 'CONSULTATION' }] });
    const rekey = await t.http.post(`/api/v1/technical-accounts/${erp.technicalAccountId}/password`, undefined, { token: departing.token });
    expect(rekey.status).toBe(200);
    const kept = { ...erp, password: rekey.body.password as string, cproAccount: cproAccountHeader(erp.login, rekey.body.password as string) };
    expect((await cpro(t, kept, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
    const listed = await t.http.get(`/api/v1/structures/${supplier.id}/technical-accounts`, { token: supplier.owner.token });
    expect(listed.body.find((a: { id: string }) => a.id === erp.technicalAccountId)).toMatchObject({ createdBy: { userId: departing.id }, effectiveGrants: [{ application: 'FACTURES_EMISES', level: 'CONSULTATION' }] });

    // He leaves the structure: the password he took with him no longer works.
    expect((await t.http.delete(`/api/v1/structures/${supplier.id}/members/${departing.id}`, { token: supplier.owner.token })).status).toBe(204);
    const after = await cpro(t, kept, 'factures/v1/rechercher/fournisseur', {});
    expect(after.status).toBe(403);
    expect(after.body.codeErreur).toBe('CONNECTIONS.TECHNICAL_ACCOUNT_SUSPENDED');
  });

  it('reserves changing an account’s grants to managers of Raccordements; the change applies at the next call', async () => {
    const erp = await givenErpConnection(t, manager.token, supplier.id);
    const grants = [{ application: 'SUIVI_FLUX', level: 'CONSULTATION' }];
    expect((await t.http.put(`/api/v1/technical-accounts/${erp.technicalAccountId}/grants`, { grants }, { token: member.token })).status).toBe(404);
    const refused = await t.http.put(`/api/v1/technical-accounts/${erp.technicalAccountId}/grants`, { grants }, { token: secondManager.token });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CONNECTIONS.TECHNICAL_ACCOUNTS_MANAGERS_ONLY');

    const suppliers = async () => (await cpro(t, erp, 'transverses/v1/recuperer/structures/actives/fournisseur', {})).body.listeStructures;
    expect(await suppliers()).toEqual([expect.objectContaining({ idStructureCPP: supplier.publicId })]);
    const changed = await t.http.put(`/api/v1/technical-accounts/${erp.technicalAccountId}/grants`, { grants }, { token: manager.token });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ grants, effectiveGrants: grants });
    expect(await suppliers()).toEqual([]);
  });

  it('records the last use at most once a minute, not once per call', async () => {
    const erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    const lastUse = async (): Promise<string | null> => {
      const rows = await t.orm.em.fork().getConnection().execute<{ last_used_at: string | null }[]>('select last_used_at from conn_technical_account where id = ?', [erp.technicalAccountId]);
      const value = rows[0]!.last_used_at;
      return value === null ? null : new Date(value).toISOString();
    };
    expect(await lastUse()).toBeNull();
    const before = t.clock.now().getTime();
    expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
    const first = await lastUse();
    expect(new Date(first!).getTime()).toBeGreaterThanOrEqual(before);
    expect(new Date(first!).getTime()).toBeLessThanOrEqual(t.clock.now().getTime());

    t.clock.advance(30_000);
    try {
      // Within the minute: no write.
      expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
      expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
      expect(await lastUse()).toBe(first);
      t.clock.advance(31_000);
      expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
      expect(new Date((await lastUse())!).getTime()).toBeGreaterThanOrEqual(new Date(first!).getTime() + 60_000);
    } finally {
      t.clock.advance(-61_000);
    }
  });

  it('keeps technical accounts out of reach of technical accounts', async () => {
    const erp = await givenErpConnection(t, supplier.owner.token, supplier.id, { grants: MANAGER_GRANTS.filter((g) => g.application !== 'MES_MESSAGES') });
    const asMachine = { token: erp.token, headers: { 'cpro-account': erp.cproAccount } };
    expect((await t.http.post(`/api/v1/structures/${supplier.id}/technical-accounts`, { label: 'Clone', grants: MANAGER_GRANTS }, asMachine)).status).toBe(403);
    expect((await t.http.get(`/api/v1/structures/${supplier.id}/technical-accounts`, asMachine)).status).toBe(403);
  });
});
