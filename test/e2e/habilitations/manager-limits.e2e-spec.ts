import { allGrants, defaultGrantsForNewMember, Grant } from '../../../src/modules/habilitations/contracts/applications';
import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenMember, givenStructure, GivenStructure, multipart, TINY_PDF } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * What a manager who is not the principal manager may hand out: never a grant he does not hold himself, and,
 * attached to one service, nothing at all — managing the structure's members and its structure-level data is
 * for the principal manager and structure-level members holding Organisation – modification (the approvers).
 */
describe('managers never hand out more than they hold', () => {
  let t: TestApp;
  let gp: GivenUser;
  let structure: GivenStructure;

  const grantsOf = async (userId: string): Promise<Grant[]> => {
    const members = await t.http.get(`/api/v1/structures/${structure.id}/members`, { token: gp.token, query: { pageSize: 200 } });
    return members.body.items.find((m: { userId: string }) => m.userId === userId)?.grants;
  };
  const setGrants = async (by: GivenUser, user: GivenUser, grants: Grant[]) =>
    t.http.put(`/api/v1/structures/${structure.id}/members/${user.id}/grants`, { grants }, { token: by.token });

  beforeAll(async () => {
    t = await startTestApp();
    gp = await givenActiveUser(t, { firstName: 'Gérante' });
    structure = await givenStructure(t, gp);
    expect((await t.http.post(`/api/v1/structures/${structure.id}/services`, { code: 'ATELIER', label: 'Atelier', activationStart: '2026-01-01' }, { token: gp.token })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a manager holding few grants cannot raise his own, approve himself more, nor give others what he lacks', async () => {
    const manager = await givenActiveUser(t, { firstName: 'Second' });
    await givenMember(t, gp, structure.id, manager);
    const limited: Grant[] = [
      { application: 'FACTURES_EMISES', level: 'CONSULTATION' },
      { application: 'ORGANISATION', level: 'MODIFICATION' },
    ];
    expect((await setGrants(gp, manager, limited)).status).toBe(200);

    // His own grants: not raised.
    const raise = await setGrants(manager, manager, allGrants());
    expect(raise.status).toBe(400);
    expect(raise.body).toMatchObject({ code: 'HABILITATIONS.GRANTS_EXCEED_MANAGER', field: 'grants' });
    expect(await grantsOf(manager.id)).toEqual(limited);

    // Through a request for more grants that he approves himself: neither.
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Tout, s’il vous plaît' }, { token: manager.token });
    expect(request.status).toBe(201);
    const self = await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, { grants: allGrants() }, { token: manager.token });
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ code: 'HABILITATIONS.GRANTS_EXCEED_MANAGER', field: 'grants' });
    // Approved without grants, the defaults he lacks are not given either.
    expect((await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, {}, { token: manager.token })).status).toBe(200);
    expect(await grantsOf(manager.id)).toEqual(limited);

    // Someone he attaches gets the defaults he holds, no more.
    const friend = await givenActiveUser(t, { firstName: 'Complice' });
    await givenMember(t, manager, structure.id, friend);
    expect(await grantsOf(friend.id)).toEqual([
      { application: 'FACTURES_EMISES', level: 'CONSULTATION' },
      { application: 'ORGANISATION', level: 'CONSULTATION' },
    ]);
    const more = await setGrants(manager, friend, [{ application: 'FACTURES_RECUES', level: 'MODIFICATION' }]);
    expect(more.body).toMatchObject({ code: 'HABILITATIONS.GRANTS_EXCEED_MANAGER', field: 'grants' });
    // What he holds he may give, and he may lower what a member holds.
    expect((await setGrants(manager, friend, limited)).status).toBe(200);
    expect((await setGrants(manager, friend, [])).status).toBe(200);

    // A member given more by the principal manager keeps it when this manager lowers something else.
    const clerk = await givenActiveUser(t, { firstName: 'Agent' });
    await givenMember(t, gp, structure.id, clerk);
    const kept = defaultGrantsForNewMember().filter((g) => g.application !== 'MES_MESSAGES');
    expect((await setGrants(manager, clerk, kept)).status).toBe(200);
    expect(await grantsOf(clerk.id)).toEqual(kept);

    // The principal manager holds every grant: he gives any.
    expect((await setGrants(gp, manager, allGrants())).status).toBe(200);
  });

  it('a member attached to one service, even with Organisation – modification, manages neither members nor the structure', async () => {
    const serviceManager = await givenActiveUser(t, { firstName: 'Atelier' });
    await givenMember(t, gp, structure.id, serviceManager, 'ATELIER');
    const grants = [...defaultGrantsForNewMember().filter((g) => g.application !== 'ORGANISATION'), { application: 'ORGANISATION', level: 'MODIFICATION' } as Grant];
    expect((await setGrants(gp, serviceManager, grants)).status).toBe(200);
    const as = { token: serviceManager.token };

    // He cannot bring someone in for the whole structure…
    const accomplice = await givenActiveUser(t, { firstName: 'Complice' });
    expect((await t.http.post(`/api/v1/structures/${structure.id}/members`, { loginEmail: accomplice.email }, as)).status).toBe(403);
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Pour tout voir' }, { token: accomplice.token });
    expect(request.status).toBe(201);
    expect((await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, {}, as)).status).toBe(403);
    const inbox = await t.http.get('/api/v1/approvals', as);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).not.toContain(request.body.id);
    expect((await t.http.get('/api/v1/approvals', { ...as, query: { structureId: structure.id } })).status).toBe(403);
    await t.flushOutbox();
    await t.mail.waitForTemplate(gp.email, 'habilitations.membership-requested');
    expect(t.mail.count((m) => m.to.includes(serviceManager.email) && m.template === 'habilitations.membership-requested')).toBe(0);

    // …nor change a structure-level member's grants, nor detach him.
    const clerk = await givenActiveUser(t, { firstName: 'Agent' });
    await givenMember(t, gp, structure.id, clerk);
    expect((await setGrants(serviceManager, clerk, [])).status).toBe(403);
    expect((await t.http.delete(`/api/v1/structures/${structure.id}/members/${clerk.id}`, as)).status).toBe(403);

    // …nor the structure's own data: its bank details, its identity, its status.
    const form = multipart({ name: 'Pirate', accountType: 'IBAN', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' }, { name: 'rib.pdf', type: 'application/pdf', content: TINY_PDF });
    expect((await t.http.post(`/api/v1/structures/${structure.id}/bank-accounts`, undefined, { ...as, payload: form.payload, headers: form.headers })).status).toBe(403);
    expect((await t.http.patch(`/api/v1/structures/${structure.id}`, { label: 'Repris' }, as)).status).toBe(403);
    expect((await t.http.post(`/api/v1/structures/${structure.id}/deactivation`, {}, as)).status).toBe(403);
    expect((await t.http.post(`/api/v1/structures/${structure.id}/services`, { code: 'AUTRE', label: 'Autre', activationStart: '2026-01-01' }, as)).status).toBe(403);

    // He edits his own service, not another one.
    const services = (await t.http.get(`/api/v1/structures/${structure.id}/services`, as)).body as { id: string; code: string }[];
    const own = services.find((s) => s.code === 'ATELIER')!;
    const other = await t.http.post(`/api/v1/structures/${structure.id}/services`, { code: 'BUREAU', label: 'Bureau', activationStart: '2026-01-01' }, { token: gp.token });
    expect((await t.http.patch(`/api/v1/structures/${structure.id}/services/${own.id}`, { label: 'Atelier central' }, as)).status).toBe(200);
    expect((await t.http.patch(`/api/v1/structures/${structure.id}/services/${other.body.id}`, { active: false }, as)).status).toBe(403);

    // He still reads the structure, and leaves by himself.
    expect((await t.http.get(`/api/v1/structures/${structure.id}`, as)).status).toBe(200);
    expect((await t.http.delete(`/api/v1/me/memberships/${structure.id}`, as)).status).toBe(204);
  });

  it('once its author has left or been detached, approving it re-attaches nobody (least of all to the whole structure)', async () => {
    for (const leaves of [true, false]) {
      const member = await givenActiveUser(t, { firstName: 'Atelier' });
      await givenMember(t, gp, structure.id, member, 'ATELIER');
      // A service-level member asks for "more grants", naming no service.
      const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Factures reçues en modification' }, { token: member.token });
      expect(request.status).toBe(201);
      expect(request.body).toMatchObject({ kind: 'GRANTS', serviceId: null });
      if (leaves) expect((await t.http.delete(`/api/v1/me/memberships/${structure.id}`, { token: member.token })).status).toBe(204);
      else expect((await t.http.delete(`/api/v1/structures/${structure.id}/members/${member.id}`, { token: gp.token })).status).toBe(204);

      const approval = await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, {}, { token: gp.token });
      expect(approval.status).toBe(404);
      expect(approval.body.code).toBe('HABILITATIONS.MEMBER_NOT_FOUND');
      expect((await t.http.get('/api/v1/me/memberships', { token: member.token })).body).toEqual([]);
      // It can still be refused, which closes it.
      expect((await t.http.post(`/api/v1/approvals/${request.body.id}/refusal`, { comment: 'Plus membre' }, { token: gp.token })).status).toBe(200);
    }
  });
});
