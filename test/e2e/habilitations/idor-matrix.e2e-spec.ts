import { APPLICATION_CODES, Grant } from '../../../src/modules/habilitations/contracts/applications';
import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenMember, givenStructure, GivenStructure, multipart, TINY_PDF } from '../../factories/organisation';
import { HttpResponse } from '../../support/http';
import { startTestApp, TestApp } from '../../support/test-app';

type Persona = 'withGrant' | 'withoutGrant' | 'nonMember' | 'anonymous';

interface Route {
  name: string;
  call: (token: string | undefined) => Promise<HttpResponse>;
}

/**
 * Every structure-scoped route × who calls it. A member holding the grant gets through (whatever the
 * business answer); a member without it, a member of another structure and an anonymous caller never do.
 */
describe('structure-scoped routes: who gets through (IDOR matrix)', () => {
  let t: TestApp;
  let gp: GivenUser;
  let structure: GivenStructure;
  let serviceId: string;
  const people = {} as Record<Exclude<Persona, 'anonymous'>, GivenUser>;
  const victims: GivenUser[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    gp = await givenActiveUser(t);
    structure = await givenStructure(t, gp);
    serviceId = (await t.http.post(`/api/v1/structures/${structure.id}/services`, { code: 'S1', label: 'S1', activationStart: '2026-01-01' }, { token: gp.token })).body.id;

    people.withGrant = await givenActiveUser(t);
    people.withoutGrant = await givenActiveUser(t);
    const other = await givenActiveUser(t);
    await givenStructure(t, other);
    people.nonMember = other;
    for (let i = 0; i < 2; i++) {
      const v = await givenActiveUser(t);
      await givenMember(t, gp, structure.id, v);
      victims.push(v);
    }

    await givenMember(t, gp, structure.id, people.withGrant);
    const all: Grant[] = APPLICATION_CODES.map((application) => ({ application, level: 'MODIFICATION' }));
    await t.http.put(`/api/v1/structures/${structure.id}/members/${people.withGrant.id}/grants`, { grants: all }, { token: gp.token });
    await givenMember(t, gp, structure.id, people.withoutGrant);
    const noOrganisation = all.filter((g) => g.application !== 'ORGANISATION');
    await t.http.put(`/api/v1/structures/${structure.id}/members/${people.withoutGrant.id}/grants`, { grants: noOrganisation }, { token: gp.token });
  });
  afterAll(async () => {
    await t?.close();
  });

  const base = () => `/api/v1/structures/${structure.id}`;
  const bankForm = () =>
    multipart({ name: 'Compte', accountType: 'IBAN', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' }, { name: 'rib.pdf', type: 'application/pdf', content: TINY_PDF });
  const docForm = () => multipart({ label: 'Doc' }, { name: 'doc.pdf', type: 'application/pdf', content: TINY_PDF });

  const routes: Route[] = [
    { name: 'GET structure', call: (token) => t.http.get(base(), { token }) },
    { name: 'PATCH structure', call: (token) => t.http.patch(base(), { label: 'L' }, { token }) },
    { name: 'POST deactivation', call: (token) => t.http.post(`${base()}/deactivation`, undefined, { token }) },
    { name: 'POST reactivation', call: (token) => t.http.post(`${base()}/reactivation`, undefined, { token }) },
    { name: 'POST services', call: (token) => t.http.post(`${base()}/services`, { code: `C${Math.random().toString(36).slice(2, 8)}`, label: 'x', activationStart: '2026-01-01' }, { token }) },
    { name: 'GET services', call: (token) => t.http.get(`${base()}/services`, { token }) },
    { name: 'PATCH service', call: (token) => t.http.patch(`${base()}/services/${serviceId}`, { label: 'y' }, { token }) },
    { name: 'POST bank-accounts', call: (token) => t.http.post(`${base()}/bank-accounts`, undefined, { token, ...bankForm() }) },
    { name: 'GET bank-accounts', call: (token) => t.http.get(`${base()}/bank-accounts`, { token }) },
    { name: 'POST documents', call: (token) => t.http.post(`${base()}/documents`, undefined, { token, ...docForm() }) },
    { name: 'GET documents', call: (token) => t.http.get(`${base()}/documents`, { token }) },
    { name: 'GET members', call: (token) => t.http.get(`${base()}/members`, { token }) },
    { name: 'GET members CSV', call: (token) => t.http.get(`${base()}/members`, { token, query: { format: 'csv' } }) },
    { name: 'GET members (page, filters)', call: (token) => t.http.get(`${base()}/members`, { token, query: { page: 2, pageSize: 1, status: 'ALL', q: 'a' } }) },
    { name: 'GET members CSV (filters)', call: (token) => t.http.get(`${base()}/members`, { token, query: { format: 'csv', status: 'DETACHED', q: 'a' } }) },
    // The approvals inbox narrowed to this structure needs Organisation – modification there.
    { name: 'GET approvals of the structure', call: (token) => t.http.get('/api/v1/approvals', { token, query: { structureId: structure.id, status: 'ALL', page: 2, pageSize: 1 } }) },
    { name: 'GET approvals CSV of the structure', call: (token) => t.http.get('/api/v1/approvals', { token, query: { structureId: structure.id, format: 'csv' } }) },
    { name: 'GET approvals export of the structure', call: (token) => t.http.get('/api/v1/approvals/export', { token, query: { structureId: structure.id } }) },
    { name: 'POST members', call: async (token) => t.http.post(`${base()}/members`, { loginEmail: (await givenActiveUser(t)).email }, { token }) },
    { name: 'PUT member grants', call: (token) => t.http.put(`${base()}/members/${victims[0]!.id}/grants`, { grants: [] }, { token }) },
    { name: 'DELETE member', call: (token) => t.http.delete(`${base()}/members/${victims[1]!.id}`, { token }) },
  ];

  const personas: Persona[] = ['anonymous', 'nonMember', 'withoutGrant', 'withGrant'];
  const cases = routes.flatMap((route) => personas.map((persona) => [route.name, persona] as const));

  it.each(cases)('%s as %s', async (name, persona) => {
    const route = routes.find((r) => r.name === name)!;
    const token = persona === 'anonymous' ? undefined : people[persona].token;
    const res = await route.call(token);
    if (persona === 'anonymous') expect(res.status).toBe(401);
    else if (persona === 'withGrant') expect(res.status).toBeLessThan(300);
    else {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('COMMON.FORBIDDEN');
    }
  });

  it('an approval of another structure is refused', async () => {
    const requester = await givenActiveUser(t);
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: structure.identifier, comment: 'svp' }, { token: requester.token });
    expect((await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, {}, { token: people.nonMember.token })).status).toBe(403);
    expect((await t.http.post(`/api/v1/approvals/${request.body.id}/approval`, {}, { token: people.withoutGrant.token })).status).toBe(403);
    const inbox = await t.http.get('/api/v1/approvals', { token: people.nonMember.token });
    expect(inbox.body.items.find((r: { id: string }) => r.id === request.body.id)).toBeUndefined();
    // A holder of Organisation – modification sees it in the inbox, as the GP does.
    const theirs = await t.http.get('/api/v1/approvals', { token: people.withGrant.token });
    expect(theirs.body.items.find((r: { id: string }) => r.id === request.body.id)).toBeDefined();
    // …and is e-mailed, like the GP; a member without Organisation – modification is not.
    await t.flushOutbox();
    await t.mail.waitForTemplate(people.withGrant.email, 'habilitations.membership-requested');
    await t.mail.waitForTemplate(gp.email, 'habilitations.membership-requested');
    expect(t.mail.count((m) => m.to.includes(people.withoutGrant.email) && m.template === 'habilitations.membership-requested')).toBe(0);
  });
});
