import { defaultGrantsForNewMember } from '../../../src/modules/habilitations/contracts/applications';
import { givenActiveUser, GivenUser, uniqueEmail, waitUntil } from '../../factories/accounts';
import { comparable, settle } from '../accounts/helpers';
import { givenMember, givenStructure, GivenStructure } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

describe('memberships: requests, approvals, grants, transfer', () => {
  let t: TestApp;
  let gp: GivenUser;
  let structure: GivenStructure;
  beforeAll(async () => {
    t = await startTestApp();
    gp = await givenActiveUser(t, { firstName: 'Gérante' });
    structure = await givenStructure(t, gp);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a request reaches the GP, who approves it from the inbox; the user gets the default grants, then loses one', async () => {
    const user = await givenActiveUser(t, { firstName: 'Comptable' });
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Je tiens la comptabilité.' }, { token: user.token });
    expect(request.status).toBe(201);
    // The answers name the requester, as the approvals list does (they were empty).
    expect(request.body.requester).toEqual({ id: user.id, loginEmail: user.email, firstName: 'Comptable', lastName: expect.any(String) });
    expect(request.body.requester.lastName).not.toBe('');
    const duplicate = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Encore' }, { token: user.token });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('HABILITATIONS.REQUEST_ALREADY_PENDING');

    await t.flushOutbox();
    const toGp = await t.mail.waitForTemplate(gp.email, 'habilitations.membership-requested');
    expect(toGp.text).toContain('Je tiens la comptabilité.');

    // Not yet a member: no access.
    expect((await t.http.get(`/api/v1/structures/${structure.id}`, { token: user.token })).status).toBe(403);

    const inbox = await t.http.get('/api/v1/approvals', { token: gp.token });
    expect(inbox.status).toBe(200);
    const item = inbox.body.items.find((r: { id: string }) => r.id === request.body.id);
    expect(item).toMatchObject({ status: 'PENDING', requester: { loginEmail: user.email }, structureIdentifier: structure.identifier });

    const csv = await t.http.get('/api/v1/approvals', { token: gp.token, query: { format: 'csv' } });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(user.email);
    const exported = await t.http.get('/api/v1/approvals/export', { token: gp.token });
    expect(exported.text).toContain(user.email);

    // The requester cannot approve his own request.
    expect((await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, {}, { token: user.token })).status).toBe(403);

    const approved = await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, { comment: 'Bienvenue' }, { token: gp.token });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', decisionComment: 'Bienvenue', requester: { id: user.id, loginEmail: user.email, firstName: 'Comptable' } });
    expect((await t.http.post(`/api/v1/approvals/${request.body.id}/refusal`, { comment: 'non' }, { token: gp.token })).status).toBe(409);

    await t.flushOutbox();
    await t.mail.waitForTemplate(user.email, 'habilitations.membership-approved');

    const grants = await t.http.get('/api/v1/me/grants', { token: user.token });
    expect(grants.body).toEqual([{ structureId: structure.id, grants: defaultGrantsForNewMember() }]);
    expect((await t.http.get(`/api/v1/structures/${structure.id}`, { token: user.token })).status).toBe(200);
    // Organisation in consultation only: no edits.
    expect((await t.http.patch(`/api/v1/structures/${structure.id}`, { label: 'x' }, { token: user.token })).status).toBe(403);

    // The GP removes Organisation: the user loses access to the structure's data.
    const reduced = defaultGrantsForNewMember().filter((g) => g.application !== 'ORGANISATION');
    const put = await t.http.put(`/api/v1/structures/${structure.id}/members/${user.id}/grants`, { grants: reduced }, { token: gp.token });
    expect(put.status).toBe(200);
    expect(put.body.grants).toEqual(reduced);
    expect((await t.http.get(`/api/v1/structures/${structure.id}`, { token: user.token })).status).toBe(403);
    expect((await t.http.get(`/api/v1/structures/${structure.id}/services`, { token: user.token })).status).toBe(403);
  });

  it('a refusal needs a comment and is sent to the requester', async () => {
    const user = await givenActiveUser(t);
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Stagiaire' }, { token: user.token });
    expect((await t.http.post(`/api/v1/approvals/${request.body.id}/refusal`, {}, { token: gp.token })).status).toBe(400);
    const refused = await t.http.post(`/api/v1/approvals/${request.body.id}/refusal`, { comment: 'Inconnu du service' }, { token: gp.token });
    expect(refused.body).toMatchObject({ status: 'REFUSED', requester: { id: user.id, loginEmail: user.email } });
    await t.flushOutbox();
    const mail = await t.mail.waitForTemplate(user.email, 'habilitations.membership-refused');
    expect(mail.text).toContain('Inconnu du service');
  });

  it('a request needs a comment and an existing structure', async () => {
    const user = await givenActiveUser(t);
    expect((await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier }, { token: user.token })).status).toBe(400);
    const missing = await t.http.post('/api/v1/membership-requests', { structureIdentifier: '00000000000000', comment: 'x' }, { token: user.token });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'HABILITATIONS.STRUCTURE_NOT_FOUND', field: 'structureIdentifier' });
  });

  it('a manager attaches and detaches directly; the user is told; the GP is protected', async () => {
    const user = await givenActiveUser(t);
    await givenMember(t, gp, structure.id, user);
    await t.flushOutbox();
    await t.mail.waitForTemplate(user.email, 'habilitations.member-attached');

    const members = await t.http.get(`/api/v1/structures/${structure.id}/members`, { token: gp.token });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual(expect.arrayContaining([gp.id, user.id]));
    const csv = await t.http.get(`/api/v1/structures/${structure.id}/members`, { token: gp.token, query: { format: 'csv' } });
    expect(csv.text).toContain(user.email);

    // The principal manager keeps everything and cannot be detached, nor leave.
    expect((await t.http.put(`/api/v1/structures/${structure.id}/members/${gp.id}/grants`, { grants: [] }, { token: gp.token })).body.code).toBe('HABILITATIONS.PRINCIPAL_MANAGER_PROTECTED');
    expect((await t.http.delete(`/api/v1/me/memberships/${structure.id}`, { token: gp.token })).status).toBe(409);

    expect((await t.http.delete(`/api/v1/structures/${structure.id}/members/${user.id}`, { token: gp.token })).status).toBe(204);
    await t.flushOutbox();
    await t.mail.waitForTemplate(user.email, 'habilitations.member-detached');
    expect((await t.http.get(`/api/v1/structures/${structure.id}`, { token: user.token })).status).toBe(403);
  });

  it('attaching by e-mail answers the same whether the address has an account, has none, or is a member; the attached person is e-mailed', async () => {
    const attach = (loginEmail: string) => t.http.post(`/api/v1/structures/${structure.id}/members`, { loginEmail }, { token: gp.token });
    const withAccount = await givenActiveUser(t);
    const noAccount = uniqueEmail('personne');
    const pending = uniqueEmail('pending');
    expect((await t.http.post('/api/v1/accounts', { loginEmail: pending, loginEmailConfirmation: pending, firstName: 'En', lastName: 'Attente', acceptTerms: true })).status).toBe(202);
    const alreadyMember = await givenActiveUser(t);
    await givenMember(t, gp, structure.id, alreadyMember);

    const answers = [await attach(withAccount.email), await attach(noAccount), await attach(pending.toUpperCase()), await attach(alreadyMember.email)];
    expect(answers[0]!.status).toBe(202);
    expect(answers[0]!.body).toEqual({ message: expect.any(String) });
    for (const answer of answers.slice(1)) expect(comparable(answer)).toEqual(comparable(answers[0]!));

    // The outcome shows in the members list: only the person with an active account was attached.
    const members = (await t.http.get(`/api/v1/structures/${structure.id}/members`, { token: gp.token, query: { pageSize: 200 } })).body.items.map((m: { loginEmail: string }) => m.loginEmail);
    expect(members).toEqual(expect.arrayContaining([withAccount.email, alreadyMember.email]));
    expect(members).not.toEqual(expect.arrayContaining([noAccount]));
    expect(members).not.toEqual(expect.arrayContaining([pending]));

    // Each address hears of it; the member already there gets nothing new.
    await t.flushOutbox();
    await t.mail.waitForTemplate(withAccount.email, 'habilitations.member-attached');
    expect((await t.mail.waitForTemplate(noAccount, 'habilitations.attachment-without-account')).text).toContain(structure.identifier);
    await t.mail.waitForTemplate(pending, 'habilitations.attachment-without-account');
    await settle(t);
    expect(t.mail.count((m) => m.to.includes(alreadyMember.email) && m.template === 'habilitations.member-attached')).toBe(1);
  });

  it('a principal manager transferring the role gets the same answer for an address with an account and one without', async () => {
    const own = await givenActiveUser(t);
    const s = await givenStructure(t, own);
    const outsider = await givenActiveUser(t);
    const transfer = (loginEmail: string) => t.http.post(`/api/v1/structures/${s.id}/principal-manager`, { loginEmail }, { token: own.token });
    const forAccount = await transfer(outsider.email);
    const forNobody = await transfer(uniqueEmail('personne'));
    expect(forAccount.status).toBe(404);
    expect(forAccount.body).toMatchObject({ code: 'HABILITATIONS.MEMBER_NOT_FOUND', field: 'loginEmail' });
    expect(comparable(forNobody)).toEqual(comparable(forAccount));
    // Still the GP.
    expect((await t.http.get('/api/v1/me/memberships', { token: own.token })).body).toEqual([expect.objectContaining({ structureId: s.id, principal: true })]);
  });

  it('a member leaves by himself', async () => {
    const user = await givenActiveUser(t);
    await givenMember(t, gp, structure.id, user);
    expect((await t.http.delete(`/api/v1/me/memberships/${structure.id}`, { token: user.token })).status).toBe(204);
    expect((await t.http.get('/api/v1/me/memberships', { token: user.token })).body).toEqual([]);
    expect((await t.http.get('/api/v1/me', { token: user.token })).body.hasMemberships).toBe(false);
  });

  it('transfers the principal manager role to a member (both told); only the GP may, and only to a member', async () => {
    const own = await givenActiveUser(t);
    const s = await givenStructure(t, own);
    const heir = await givenActiveUser(t);
    const outsider = await givenActiveUser(t);
    await givenMember(t, own, s.id, heir);

    expect((await t.http.post(`/api/v1/structures/${s.id}/principal-manager`, { loginEmail: own.email }, { token: heir.token })).body.code).toBe('HABILITATIONS.NOT_PRINCIPAL_MANAGER');
    expect((await t.http.post(`/api/v1/structures/${s.id}/principal-manager`, { loginEmail: outsider.email }, { token: own.token })).body.code).toBe('HABILITATIONS.MEMBER_NOT_FOUND');

    const done = await t.http.post(`/api/v1/structures/${s.id}/principal-manager`, { loginEmail: heir.email }, { token: own.token });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ userId: heir.id, principal: true });
    const members = await t.http.get(`/api/v1/structures/${s.id}/members`, { token: heir.token });
    expect(members.body.items.filter((m: { principal: boolean }) => m.principal).map((m: { userId: string }) => m.userId)).toEqual([heir.id]);
    await t.flushOutbox();
    await t.mail.waitForTemplate(heir.email, 'habilitations.principal-manager-transferred');
    await t.mail.waitForTemplate(own.email, 'habilitations.principal-manager-transferred');
    // The former GP can now leave.
    expect((await t.http.delete(`/api/v1/me/memberships/${s.id}`, { token: own.token })).status).toBe(204);
  });

  it('an administrator transfers the role to any user (support path)', async () => {
    const own = await givenActiveUser(t);
    const s = await givenStructure(t, own);
    const admin = await givenActiveUser(t, { isAdmin: true });
    const newcomer = await givenActiveUser(t);
    const done = await t.http.post(`/api/v1/structures/${s.id}/principal-manager`, { loginEmail: newcomer.email }, { token: admin.token });
    expect(done.status).toBe(200);
    expect((await t.http.get('/api/v1/me/memberships', { token: newcomer.token })).body).toEqual([expect.objectContaining({ structureId: s.id, principal: true })]);
  });

  it('a request cannot carry grants: a requester who names ORGANISATION – MODIFICATION is refused, field named', async () => {
    const intruder = await givenActiveUser(t);
    const attempt = await t.http.post(
      '/api/v1/membership-requests',
      { structureIdentifier: structure.identifier, comment: 'Comptable', grants: [{ application: 'ORGANISATION', level: 'MODIFICATION' }] },
      { token: intruder.token },
    );
    expect(attempt.status).toBe(400);
    expect(attempt.body).toMatchObject({ code: 'COMMON.VALIDATION_FAILED', field: 'grants' });
    // Nothing reached the inbox, so an approval in a hurry cannot hand them out.
    const inbox = await t.http.get('/api/v1/approvals', { token: gp.token, query: { q: intruder.email } });
    expect(inbox.body.total).toBe(0);
  });

  it('grants named by an older request are never applied: the approval gives the defaults', async () => {
    const user = await givenActiveUser(t);
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Ancienne demande' }, { token: user.token });
    expect(request.status).toBe(201);
    // A request stored before this release, with the grants its author chose.
    await t.orm.em.fork().getConnection().execute(`update hab_membership_request set requested_grants = '[{"application":"ORGANISATION","level":"MODIFICATION"}]' where id = ?`, [request.body.id]);
    const inbox = await t.http.get('/api/v1/approvals', { token: gp.token, query: { q: user.email } });
    expect(inbox.body.items[0].requestedGrants).toEqual([{ application: 'ORGANISATION', level: 'MODIFICATION' }]);

    const approved = await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, {}, { token: gp.token });
    expect(approved.status).toBe(200);
    expect(approved.body.grantedGrants).toEqual(defaultGrantsForNewMember());
    expect((await t.http.get('/api/v1/me/grants', { token: user.token })).body).toEqual([{ structureId: structure.id, grants: defaultGrantsForNewMember() }]);
    expect((await t.http.patch(`/api/v1/structures/${structure.id}`, { label: 'x' }, { token: user.token })).status).toBe(403);
  });

  it('the approver sets the grants, and the approval e-mail lists them', async () => {
    const user = await givenActiveUser(t);
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Lecture seule suffit' }, { token: user.token });
    const chosen = [
      { application: 'FACTURES_RECUES', level: 'CONSULTATION' },
      { application: 'FACTURES_EMISES', level: 'MODIFICATION' },
    ];
    const approved = await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, { comment: 'OK', grants: chosen }, { token: gp.token });
    expect(approved.status).toBe(200);
    const ordered = [chosen[1], chosen[0]];
    expect(approved.body).toMatchObject({ status: 'APPROVED', grantedGrants: ordered });
    expect((await t.http.get('/api/v1/me/grants', { token: user.token })).body).toEqual([{ structureId: structure.id, grants: ordered }]);
    expect((await t.http.get(`/api/v1/structures/${structure.id}`, { token: user.token })).status).toBe(403);

    await t.flushOutbox();
    const mail = await t.mail.waitForTemplate(user.email, 'habilitations.membership-approved');
    expect(mail.text).toContain('Factures émises : modification ; Factures reçues : consultation');

    // Malformed grants in an approval are refused, naming the field.
    const other = await givenActiveUser(t);
    const second = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'x' }, { token: other.token });
    const bad = await t.http.post(`/api/v1/approvals/${second.body.id}/approval`, { grants: [{ application: 'TOUT', level: 'MODIFICATION' }] }, { token: gp.token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('COMMON.VALIDATION_FAILED');
  });

  it('a member asks for more grants in his comment; the approver grants them', async () => {
    const user = await givenActiveUser(t);
    await givenMember(t, gp, structure.id, user);
    expect((await t.http.patch(`/api/v1/structures/${structure.id}`, { label: 'x' }, { token: user.token })).status).toBe(403);
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Je gère les services : Organisation en modification' }, { token: user.token });
    expect(request.status).toBe(201);
    expect(request.body).toMatchObject({ kind: 'GRANTS', requestedGrants: null, grantedGrants: null });
    const grants = [...defaultGrantsForNewMember().filter((g) => g.application !== 'ORGANISATION'), { application: 'ORGANISATION', level: 'MODIFICATION' }];
    const approved = await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, { grants }, { token: gp.token });
    expect(approved.body.grantedGrants).toContainEqual({ application: 'ORGANISATION', level: 'MODIFICATION' });
    expect((await t.http.patch(`/api/v1/structures/${structure.id}`, { label: 'Agence' }, { token: user.token })).status).toBe(200);
  });

  it('an approval without grants never lowers what a member holds', async () => {
    const user = await givenActiveUser(t);
    await givenMember(t, gp, structure.id, user);
    const raised = [...defaultGrantsForNewMember().filter((g) => g.application !== 'ORGANISATION'), { application: 'ORGANISATION', level: 'MODIFICATION' }];
    expect((await t.http.put(`/api/v1/structures/${structure.id}/members/${user.id}/grants`, { grants: raised }, { token: gp.token })).status).toBe(200);
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Autre chose' }, { token: user.token });
    const approved = await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, {}, { token: gp.token });
    expect(approved.body.grantedGrants).toContainEqual({ application: 'ORGANISATION', level: 'MODIFICATION' });
    // The principal manager has nothing to ask for.
    const gpRequest = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'x' }, { token: gp.token });
    expect(gpRequest.body).toMatchObject({ code: 'HABILITATIONS.ALREADY_MEMBER', field: 'structureIdentifier' });
  });

  it('a member attached to one service is scoped to it', async () => {
    await t.http.post(`/api/v1/structures/${structure.id}/services`, { code: 'ATELIER', label: 'Atelier', activationStart: '2026-01-01' }, { token: gp.token });
    const user = await givenActiveUser(t);
    await givenMember(t, gp, structure.id, user, 'atelier');
    const mine = await t.http.get('/api/v1/me/memberships', { token: user.token });
    expect(mine.body[0].serviceId).toEqual(expect.any(String));
    const unknownService = await t.http.post(`/api/v1/structures/${structure.id}/members`, { loginEmail: (await givenActiveUser(t)).email, serviceCode: 'NOPE' }, { token: gp.token });
    expect(unknownService.body).toMatchObject({ code: 'HABILITATIONS.SERVICE_NOT_FOUND', field: 'serviceCode' });
  });

  it('leaves no outbox event unpublished once drained', async () => {
    // The background relay may hold a batch (SKIP LOCKED) while we drain: wait for it.
    await waitUntil(async () => {
      await t.flushOutbox();
      const [row] = await t.orm.em.fork().getConnection().execute<{ count: number }[]>('select count(*)::int as count from outbox_event where published_at is null');
      return row!.count === 0;
    });
  });
});
