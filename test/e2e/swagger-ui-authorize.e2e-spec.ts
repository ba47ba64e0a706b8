import { cproAccountHeader, givenErpConnection, ErpConnection } from '../factories/connections';
import { givenSupplier, Supplier } from '../factories/invoicing';
import { startTestApp, TestApp } from '../support/test-app';

type Operation = { security?: Array<Record<string, string[]>> };
type Document = {
  servers: Array<{ url: string; variables?: Record<string, { default: string }> }>;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { flows?: { clientCredentials?: { tokenUrl: string } } }> };
};

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

/**
 * What Swagger UI does with the served document once an ERP developer clicks "Authorize": the client
 * credentials posted to the oauth2 scheme's token URL (resolved against the selected server), then the token
 * and `cpro-account` sent on the operations that list that alternative. The document and the server agree:
 * those operations take the client token, the others refuse it as people-only.
 */
describe('authorizing an ERP from the served OpenAPI document (Swagger UI)', () => {
  let t: TestApp;
  let supplier: Supplier;
  let erp: ErpConnection;
  let document: Document;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    document = (await t.http.get<Document>('/docs/openapi.json')).body;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** The token URL as Swagger UI resolves it: relative to the server chosen, its variable at its default. */
  const tokenPath = (): string => {
    const server = document.servers[0]!;
    const base = server.url.replace(/\{(\w+)\}/g, (_, name: string) => server.variables![name]!.default);
    const url = new URL(document.components.securitySchemes.oauth2!.flows!.clientCredentials!.tokenUrl, `${base}/`);
    expect(url.origin).toBe('http://liasse.test');
    return url.pathname;
  };

  it.each([
    ['HTTP Basic (Swagger UI: "Authorization header")', 'basic'],
    ['the request body (Swagger UI: "Request body")', 'body'],
  ])('issues a token for client credentials sent in %s', async (_label, clientAuth) => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: '' });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (clientAuth === 'basic') headers.authorization = `Basic ${Buffer.from(`${erp.clientId}:${erp.clientSecret}`).toString('base64')}`;
    else {
      form.set('client_id', erp.clientId);
      form.set('client_secret', erp.clientSecret);
    }
    const res = await t.http.post(tokenPath(), undefined, { payload: form.toString(), headers });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer' });

    const rattachements = await t.http.post('/cpro/structures/v1/lister/rattachementsutilisateur', {}, {
      token: res.body.access_token,
      headers: { 'cpro-account': cproAccountHeader(erp.login, erp.password) },
    });
    expect(rattachements.status).toBe(200);
    expect(rattachements.body).toMatchObject({ codeRetour: 0 });
  });

  it('offers the client-credentials schemes exactly on the operations a client token may call', async () => {
    const disagreements: string[] = [];
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.security?.length) continue;
        const offered = op.security.some((r) => 'oauth2' in r && 'cpro-account' in r);
        const url = template.replace(/\{[^}]+\}/g, DUMMY_ID);
        const verb = method.toUpperCase() as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
        const res = await t.http.request(verb, url, verb === 'GET' || verb === 'DELETE' ? undefined : {}, {
          token: erp.token,
          headers: { 'cpro-account': erp.cproAccount },
        });
        const refused = res.status === 401 || (res.status === 403 && ['CONNECTIONS.API_ROUTE_PEOPLE_ONLY', 'CONNECTIONS.API_GROUP_FORBIDDEN'].includes(res.body?.code));
        if (offered === refused) disagreements.push(`${verb} ${template}: document ${offered ? 'offers' : 'does not offer'} oauth2, server answered ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
