import { givenActiveUser } from '../../factories/accounts';
import { clientToken, cpro, givenErpConnection, ErpConnection } from '../../factories/connections';
import { givenSupplier, Supplier } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Issue 15, API groups, written as the attacks: an API application given only the `structures` group
 * reached invoices by spelling the path differently (`/cpro/%66actures/...`), and every client token
 * reached every /api/v1 route (members, grants, invoices) whatever its groups.
 */
describe('API groups hold on every route a client token reaches, however the path is spelt', () => {
  let t: TestApp;
  let supplier: Supplier;
  let structuresOnly: ErpConnection;
  let everything: ErpConnection;

  const call = (erp: ErpConnection, method: 'GET' | 'POST', url: string, body?: unknown) =>
    t.http.request(method, url, body, { token: erp.token, headers: { 'cpro-account': erp.cproAccount, 'content-type': 'application/json' } });

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    structuresOnly = await givenErpConnection(t, supplier.owner.token, supplier.id, {
      apiGroups: ['structures'],
      grants: [
        { application: 'ORGANISATION', level: 'CONSULTATION' },
        { application: 'FACTURES_EMISES', level: 'MODIFICATION' },
      ],
    });
    everything = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('still serves the groups the application was given', async () => {
    expect((await cpro(t, structuresOnly, 'structures/v1/rechercher', {})).status).toBe(200);
    expect((await call(structuresOnly, 'GET', `/api/v1/structures/${supplier.id}`)).status).toBe(200);
    expect((await cpro(t, everything, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
    expect((await call(everything, 'GET', '/api/v1/invoices?role=supplier')).status).toBe(200);
  });

  it.each([
    '/cpro/%66actures/v1/rechercher/fournisseur',
    '/%63pro/factures/v1/rechercher/fournisseur',
    '/cpro/factures/v1/rechercher/%66ournisseur',
    '/cpro%2Ffactures/v1/rechercher/fournisseur',
    '//cpro/factures/v1/rechercher/fournisseur',
    '/cpro//factures/v1/rechercher/fournisseur',
    '/cpro/./factures/v1/rechercher/fournisseur',
    '/cpro/structures/../factures/v1/rechercher/fournisseur',
    '/cpro/structures/%2E%2E/factures/v1/rechercher/fournisseur',
    '/CPRO/factures/v1/rechercher/fournisseur',
    '/cpro/FACTURES/v1/rechercher/fournisseur',
    '/cpro/factures/v1/rechercher/fournisseur?x=/cpro/structures/',
  ])('refuses %s to a structures-only application', async (url) => {
    const res = await call(structuresOnly, 'POST', url, {});
    expect([403, 404]).toContain(res.status);
    expect(res.body.listeFactures).toBeUndefined();
    if (res.status === 403) expect(res.body.codeErreur).toBe('CONNECTIONS.API_GROUP_FORBIDDEN');
  });

  it('applies the groups to /api/v1: invoices are the factures group', async () => {
    const res = await call(structuresOnly, 'GET', '/api/v1/invoices?role=supplier');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CONNECTIONS.API_GROUP_FORBIDDEN');
    expect((await call(structuresOnly, 'GET', '/api/v1/%69nvoices?role=supplier')).status).toBe(403);
    expect((await call(structuresOnly, 'GET', '/api/v1/invoices/export?role=supplier')).status).toBe(403);
  });

  it('keeps people-only routes (members, grants, technical accounts, API applications) away from every client token', async () => {
    for (const [method, url] of [
      ['GET', `/api/v1/structures/${supplier.id}/members`],
      ['GET', `/api/v1/structures/${supplier.id}/technical-accounts`],
      ['POST', `/api/v1/structures/${supplier.id}/deactivation`],
      ['GET', '/api/v1/approvals'],
    ] as const) {
      const res = await call(everything, method, url, method === 'POST' ? {} : undefined);
      expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status: 403, code: 'CONNECTIONS.API_ROUTE_PEOPLE_ONLY' });
    }
  });

  it('stops an API application whose owner’s user account is deactivated, as if revoked', async () => {
    const owner = await givenActiveUser(t, { firstName: 'Intégrateur' });
    await givenMember(t, supplier.owner, supplier.id, owner);
    const client = await t.http.post('/api/v1/oauth-clients', { name: 'Son ERP', apiGroups: ['factures'] }, { token: owner.token });
    const token = (await clientToken(t, client.body.clientId, client.body.clientSecret)).body.access_token as string;
    // His application drives the structure's account (created by the principal manager).
    const erp = { ...everything, token };
    expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(200);
    const admin = await givenActiveUser(t, { isAdmin: true });
    expect((await t.http.post(`/api/v1/admin/users/${owner.id}/deactivation`, undefined, { token: admin.token })).status).toBe(204);
    expect((await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {})).status).toBe(401);
    expect((await clientToken(t, client.body.clientId, client.body.clientSecret)).status).toBe(401);
  });
});
