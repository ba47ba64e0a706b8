import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { cproAccountHeader, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenStructure, GivenStructure, multipart, TINY_PDF } from '../../factories/organisation';
import { HttpResponse } from '../../support/http';
import { startTestApp, TestApp } from '../../support/test-app';

const NUL = 'a\u0000b';
const LONE_SURROGATE = '\uD800';

function expectInvalidText(res: HttpResponse, field: string): void {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 400, type: expect.stringContaining('application/problem+json') });
  expect(res.body).toMatchObject({ code: 'COMMON.VALIDATION_FAILED', field, errors: [{ field, code: 'invalidText' }] });
}

/**
 * Issue 15: a NUL byte or a lone surrogate in any text field used to reach PostgreSQL (503 taken for an
 * outage, or 500) or validator.js (URIError, 500). They are now refused at the edge, naming the field.
 */
describe('invalid text is refused at the edge', () => {
  let t: TestApp;
  let owner: GivenUser;
  let structure: GivenStructure;
  let erp: ErpConnection;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await givenActiveUser(t);
    structure = await givenStructure(t, owner);
    erp = await givenErpConnection(t, owner.token, structure.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a NUL byte in a query value (directory, member and invoice searches, exports)', async () => {
    const token = owner.token;
    expectInvalidText(await t.http.get('/api/v1/directory/structures', { token, query: { q: NUL } }), 'q');
    expectInvalidText(await t.http.get(`/api/v1/structures/${structure.id}/members`, { token, query: { q: NUL } }), 'q');
    expectInvalidText(await t.http.get('/api/v1/invoices/export', { token, query: { role: 'supplier', number: NUL } }), 'number');
    expectInvalidText(await t.http.get('/api/v1/invoices', { token, query: { role: 'supplier', number: NUL } }), 'number');
  });

  it('refuses a NUL byte in a JSON field, naming nested fields by their path', async () => {
    expectInvalidText(await t.http.post('/api/v1/oauth-clients', { name: NUL, apiGroups: ['factures'] }, { token: owner.token }), 'name');
    const contact = { email: 'visiteur@exemple.fr', firstName: 'Léa', lastName: 'Martin', title: 'Question', description: NUL };
    expectInvalidText(await t.http.post('/api/v1/contact', contact), 'description');
    const nested = await t.http.patch(`/api/v1/structures/${structure.id}`, { postalAddress: { line1: '1 rue de la Paix', city: `Paris${NUL}` } }, { token: owner.token });
    expectInvalidText(nested, 'postalAddress.city');
    const inArray = await t.http.post('/api/v1/oauth-clients', { name: 'ERP', apiGroups: ['factures', NUL] }, { token: owner.token });
    expectInvalidText(inArray, 'apiGroups.1');
  });

  it('refuses other C0 control characters but keeps tab, line feed and carriage return', async () => {
    expectInvalidText(await t.http.post('/api/v1/oauth-clients', { name: 'ERP\u0007', apiGroups: ['factures'] }, { token: owner.token }), 'name');
    const kept = await t.http.post('/api/v1/oauth-clients', { name: 'ERP\tcompta', apiGroups: ['factures'] }, { token: owner.token });
    expect(kept.status).toBe(201);
  });

  it('refuses a lone surrogate in every e-mail field instead of letting the validator throw', async () => {
    const email = `${LONE_SURROGATE}@exemple.fr`;
    const signUp = { loginEmail: email, loginEmailConfirmation: email, firstName: 'Léa', lastName: 'Martin', acceptTerms: true };
    expectInvalidText(await t.http.post('/api/v1/accounts', signUp), 'loginEmail');
    expectInvalidText(await t.http.post('/api/v1/password-resets', { email }), 'email');
    expectInvalidText(await t.http.post('/api/v1/accounts/activation-requests', { email }), 'email');
    expectInvalidText(await t.http.post('/api/v1/contact', { email, firstName: 'Léa', lastName: 'Martin', title: 'Q', description: 'D' }), 'email');
    expectInvalidText(await t.http.post(`/api/v1/structures/${structure.id}/members`, { loginEmail: email }, { token: owner.token }), 'loginEmail');
    expectInvalidText(await t.http.post(`/api/v1/structures/${structure.id}/principal-manager`, { loginEmail: email }, { token: owner.token }), 'loginEmail');
  });

  it('refuses invalid text in a route parameter', async () => {
    expectInvalidText(await t.http.get('/api/v1/directory/structures/%00', { token: owner.token }), 'identifier');
    expectInvalidText(await t.http.get('/api/v1/password-resets/ab%00cd'), 'token');
  });

  it('refuses a NUL byte in a multipart field and in a file name', async () => {
    const label = multipart({ label: NUL }, { name: 'kbis.pdf', type: 'application/pdf', content: TINY_PDF });
    expectInvalidText(await t.http.post(`/api/v1/structures/${structure.id}/documents`, undefined, { token: owner.token, ...label }), 'label');
    const name = multipart({ label: 'Kbis' }, { name: 'kbis\u0000.pdf', type: 'application/pdf', content: TINY_PDF });
    expectInvalidText(await t.http.post(`/api/v1/structures/${structure.id}/documents`, undefined, { token: owner.token, ...name }), 'file');
  });

  it('answers /cpro in its own envelope: HTTP 400 with codeRetour, libelle and the field', async () => {
    const headers = { authorization: `Bearer ${erp.token}`, 'cpro-account': erp.cproAccount };
    const res = await t.http.post('/cpro/structures/v1/rechercher', { structure: { raisonSociale: NUL } }, { headers });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ codeRetour: expect.any(Number), libelle: expect.any(String), codeErreur: 'COMMON.VALIDATION_FAILED', champ: 'structure.raisonSociale' });
  });

  it('refuses a NUL byte in the login of the cpro-account header', async () => {
    const headers = { authorization: `Bearer ${erp.token}`, 'cpro-account': cproAccountHeader(`${erp.login}\u0000`, erp.password) };
    const res = await t.http.post('/cpro/structures/v1/rechercher', {}, { headers });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ codeErreur: 'COMMON.VALIDATION_FAILED', champ: 'cpro-account' });
  });
});
