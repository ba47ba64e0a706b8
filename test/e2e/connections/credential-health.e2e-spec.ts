import { givenErpConnection, ErpConnection } from '../../factories/connections';
import { givenSupplier, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

/** Issue 20, credential health: GET /api/v1/me/credentials tells any API caller who it is, never a secret. */
describe('credential health', () => {
  let t: TestApp;
  let supplier: Supplier;
  let erp: ErpConnection;

  const asErp = (connection: Pick<ErpConnection, 'token' | 'cproAccount'>) =>
    t.http.get('/api/v1/me/credentials', { token: connection.token, headers: { 'cpro-account': connection.cproAccount } });

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('tells a person who they are, where and with which grants, and when the access token expires', async () => {
    const res = await t.http.get('/api/v1/me/credentials', { token: supplier.owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'user',
      user: { id: supplier.owner.id, loginEmail: supplier.owner.email, isAdmin: false },
      oauthClient: null,
      technicalAccount: null,
      warnings: [],
    });
    expect(res.body.structures).toEqual([
      expect.objectContaining({ structureId: supplier.id, identifier: supplier.identifier, structurePublicId: supplier.publicId, principal: true, serviceId: null }),
    ]);
    expect(res.body.structures[0].grants).toContainEqual({ application: 'FACTURES_EMISES', level: 'MODIFICATION' });
    // Access tokens last 15 minutes.
    expect(res.body.tokenExpiresIn).toBeGreaterThan(800);
    expect(res.body.tokenExpiresIn).toBeLessThanOrEqual(900);
    expect(Date.parse(res.body.tokenExpiresAt) - t.clock.now().getTime()).toBeCloseTo(res.body.tokenExpiresIn * 1000, -4);
  });

  it('tells an ERP its API application, technical account, structure, grants and expiries, without a secret', async () => {
    const res = await asErp(erp);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'technical-account',
      user: null,
      oauthClient: { id: erp.oauthClientId, clientId: erp.clientId, name: 'ERP', apiGroups: ['factures', 'structures', 'utilisateurs', 'transverses', 'engagementsJuridiques'] },
      technicalAccount: { id: erp.technicalAccountId, login: erp.login, label: 'ERP', passwordDaysLeft: 424 },
      warnings: [],
    });
    expect(res.body.structures).toEqual([
      {
        structureId: supplier.id,
        structurePublicId: supplier.publicId,
        identifier: supplier.identifier,
        identifierType: 'SIRET',
        companyName: expect.any(String),
        principal: false,
        serviceId: null,
        grants: [
          { application: 'FACTURES_EMISES', level: 'MODIFICATION' },
          // Every technical account may read the engagements made to its structure (ERPs check order numbers).
          { application: 'ENGAGEMENTS', level: 'CONSULTATION' },
          { application: 'SUIVI_FLUX', level: 'MODIFICATION' },
        ],
      },
    ]);
    expect(res.body.tokenExpiresIn).toBeGreaterThan(3500);
    expect(res.body.tokenExpiresIn).toBeLessThanOrEqual(3600);
    for (const secret of [erp.password, erp.clientSecret, erp.cproAccount, erp.token]) expect(res.text).not.toContain(secret);
    expect(res.text).not.toMatch(/hash|secret"/i);
  });

  it('answers a client whatever its API groups (here factures only), and still refuses people-only routes', async () => {
    const narrow = await givenErpConnection(t, supplier.owner.token, supplier.id, { apiGroups: ['factures'] });
    const res = await asErp(narrow);
    expect(res.status).toBe(200);
    expect(res.body.oauthClient.apiGroups).toEqual(['factures']);
    const me = await t.http.get('/api/v1/me', { token: narrow.token, headers: { 'cpro-account': narrow.cproAccount } });
    expect(me.status).toBe(403);
    expect(me.body.code).toBe('CONNECTIONS.API_ROUTE_PEOPLE_ONLY');
    // A client token alone is not a caller: the technical account is missing.
    const alone = await t.http.get('/api/v1/me/credentials', { token: narrow.token });
    expect(alone.status).toBe(401);
  });

  it('warns when the technical account password expires within 30 days, with the days left', async () => {
    const soon = await givenErpConnection(t, supplier.owner.token, supplier.id);
    const expiresAt = new Date(t.clock.now().getTime() + 9.5 * 24 * 3600 * 1000);
    await t.orm.em.fork().getConnection().execute('update conn_technical_account set expires_at = ? where id = ?', [expiresAt, soon.technicalAccountId]);
    const res = await asErp(soon);
    expect(res.status).toBe(200);
    expect(res.body.technicalAccount).toMatchObject({ passwordExpiresAt: expiresAt.toISOString(), passwordDaysLeft: 10 });
    expect(res.body.warnings).toEqual(['TECHNICAL_ACCOUNT_PASSWORD_EXPIRES_SOON']);
  });

  it('refuses a revoked API application: its token tells nothing any more', async () => {
    const revoked = await givenErpConnection(t, supplier.owner.token, supplier.id);
    expect((await asErp(revoked)).status).toBe(200);
    expect((await t.http.delete(`/api/v1/oauth-clients/${revoked.oauthClientId}`, { token: supplier.owner.token })).status).toBe(204);
    const res = await asErp(revoked);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('COMMON.UNAUTHENTICATED');
    expect(res.text).not.toContain(revoked.login);
  });
});
