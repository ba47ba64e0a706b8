import { allGrants } from '../../../src/modules/habilitations/contracts/applications';
import { givenActiveUser } from '../../factories/accounts';
import { givenStructure, invalidSiret, validSiret } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

describe('structures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a user creates a structure, gets an integer public id and becomes its principal manager with every grant', async () => {
    const user = await givenActiveUser(t);
    const before = await t.http.get('/api/v1/me', { token: user.token });
    expect(before.body.hasMemberships).toBe(false);

    const identifier = validSiret();
    const res = await t.http.post(
      '/api/v1/structures',
      { identifierType: 'SIRET', identifier, structureType: 'PRIVEE', companyName: 'Menuiserie Dubois', email: 'Contact@Dubois.test' },
      { token: user.token },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ identifier, companyName: 'Menuiserie Dubois', email: 'contact@dubois.test', active: true, structureType: 'PRIVEE' });
    expect(Number.isInteger(res.body.publicId)).toBe(true);
    expect(res.body.publicId).toBeGreaterThan(0);

    const mine = await t.http.get('/api/v1/me/memberships', { token: user.token });
    expect(mine.body).toEqual([expect.objectContaining({ structureId: res.body.id, principal: true, grants: allGrants() })]);
    expect((await t.http.get('/api/v1/me', { token: user.token })).body.hasMemberships).toBe(true);
    expect((await t.http.get(`/api/v1/structures/${res.body.id}`, { token: user.token })).body.publicId).toBe(res.body.publicId);
  });

  it('prefills company name, address and VAT number from the company registry', async () => {
    const user = await givenActiveUser(t);
    const res = await t.http.post('/api/v1/structures', { identifierType: 'SIRET', identifier: '912 345 675 00017', structureType: 'PRIVEE' }, { token: user.token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ identifier: '91234567500017', companyName: 'Liasse Démo Fournisseur SAS', vatNumber: 'FR65912345675' });
    expect(res.body.address).toMatchObject({ city: 'Paris', postalCode: '75009' });
  });

  it('refuses an identifier whose key is wrong, on the identifier field', async () => {
    const user = await givenActiveUser(t);
    const res = await t.http.post('/api/v1/structures', { identifierType: 'SIRET', identifier: invalidSiret(), structureType: 'PRIVEE', companyName: 'X' }, { token: user.token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'ORGANISATION.IDENTIFIER_INVALID', field: 'identifier' });
  });

  it('keeps public structures for administrators', async () => {
    const user = await givenActiveUser(t);
    const admin = await givenActiveUser(t, { isAdmin: true });
    const body = { identifierType: 'SIRET', identifier: validSiret(), structureType: 'PUBLIQUE', companyName: 'Commune de Test' };
    const refused = await t.http.post('/api/v1/structures', body, { token: user.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ORGANISATION.PUBLIC_STRUCTURE_ADMIN_ONLY', field: 'structureType' });
    expect((await t.http.post('/api/v1/structures', body, { token: admin.token })).status).toBe(201);
  });

  it('answers 409 to a second creation of the same SIRET, and the second user can ask to be attached', async () => {
    const first = await givenActiveUser(t);
    const second = await givenActiveUser(t);
    const structure = await givenStructure(t, first);
    const res = await t.http.post('/api/v1/structures', { identifierType: 'SIRET', identifier: structure.identifier, structureType: 'PRIVEE', companyName: 'Copie' }, { token: second.token });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'ORGANISATION.STRUCTURE_ALREADY_EXISTS', field: 'identifier' });
    expect(res.body.detail).toContain('Cette structure est déjà présente dans Liasse');
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'Je suis la comptable.' }, { token: second.token });
    expect(request.status).toBe(201);
    expect(request.body).toMatchObject({ kind: 'ATTACHMENT', status: 'PENDING', structureId: structure.id });
  });

  it('gives exactly one 201 when ten users create the same SIRET at once', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => givenActiveUser(t)));
    const identifier = validSiret();
    const answers = await Promise.all(
      users.map((u) => t.http.post('/api/v1/structures', { identifierType: 'SIRET', identifier, structureType: 'PRIVEE', companyName: 'Course' }, { token: u.token })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const winner = users[answers.findIndex((a) => a.status === 201)]!;
    const members = await t.http.get(`/api/v1/structures/${answers.find((a) => a.status === 201)!.body.id}/members`, { token: winner.token });
    expect(members.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(members.body.items).toHaveLength(1);
    expect(members.body.items[0]).toMatchObject({ userId: winner.id, principal: true, status: 'ACTIVE' });
  });

  it('edits general data and parameters, then deactivates (members are told) and reactivates', async () => {
    const owner = await givenActiveUser(t);
    const structure = await givenStructure(t, owner);
    const patched = await t.http.patch(
      `/api/v1/structures/${structure.id}`,
      { label: 'Siège', parameters: { serviceCodeRequired: true, moaPresence: 'WITH_MOA' }, paymentDelayDays: 45 },
      { token: owner.token },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ label: 'Siège', paymentDelayDays: 45, parameters: { serviceCodeRequired: true, moaPresence: 'WITH_MOA', engagementRequired: false } });

    const off = await t.http.post(`/api/v1/structures/${structure.id}/deactivation`, undefined, { token: owner.token });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await t.http.post(`/api/v1/structures/${structure.id}/deactivation`, undefined, { token: owner.token })).status).toBe(409);
    await t.flushOutbox();
    await t.mail.waitForTemplate(owner.email, 'organisation.structure-deactivated');
    const on = await t.http.post(`/api/v1/structures/${structure.id}/reactivation`, undefined, { token: owner.token });
    expect(on.body.active).toBe(true);
  });
});
