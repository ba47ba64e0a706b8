import { createHmac } from 'node:crypto';
import { UserJwtStrategy } from '../../../src/modules/accounts/infrastructure/user-jwt.strategy';
import { ClientCredentialsStrategy } from '../../../src/modules/connections/infrastructure/client-credentials.strategy';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenSupplier, Supplier } from '../../factories/invoicing';
import { TEST_JWT_SECRET } from '../../setup/test-env';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * What the credential checks of an ERP call cost is not what they decide (issue 16's benchmark): each
 * token goes to the one strategy of its type, a client token verified once is remembered until it
 * expires, and a route authenticated before its body is read is not authenticated a second time. Every
 * refusal stays as it was.
 */
describe('credential checks: one strategy per token type, once per request, same decisions', () => {
  let t: TestApp;
  let supplier: Supplier;
  let erp: ErpConnection;

  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const sign = (header: object, payload: object): string => {
    const body = `${b64(header)}.${b64(payload)}`;
    return `${body}.${createHmac('sha256', TEST_JWT_SECRET).update(body).digest('base64url')}`;
  };
  const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  const search = (token: string) =>
    t.http.post('/cpro/factures/v1/rechercher/fournisseur', {}, { token, headers: { 'cpro-account': erp.cproAccount, 'content-type': 'application/json' } });

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await t?.close();
  });

  it('hands a client token to the client-credentials strategy alone, a user token to the user strategy alone', async () => {
    const userCheck = jest.spyOn(UserJwtStrategy.prototype, 'authenticate');
    const clientCheck = jest.spyOn(ClientCredentialsStrategy.prototype, 'validate');
    expect((await search(erp.token)).status).toBe(200);
    expect(userCheck).not.toHaveBeenCalled();
    expect(clientCheck).toHaveBeenCalledTimes(1);

    clientCheck.mockClear();
    expect((await t.http.get('/api/v1/me', { token: supplier.owner.token })).status).toBe(200);
    expect(userCheck).toHaveBeenCalledTimes(1);
    expect(clientCheck).not.toHaveBeenCalled();
  });

  it('refuses a token whose type names the other strategy, or no known one', async () => {
    const client = claimsOf(erp.token);
    const user = claimsOf(supplier.owner.token);
    const variants: Array<[string, string, 'cpro' | 'me']> = [
      ['client claims typed as a user token', sign({ alg: 'HS256', typ: 'at+jwt' }, client), 'cpro'],
      ['user claims typed as a client token', sign({ alg: 'HS256', typ: 'client+jwt' }, user), 'me'],
      ['user claims typed as a client token, on /cpro', sign({ alg: 'HS256', typ: 'client+jwt' }, user), 'cpro'],
      ['client claims with an unknown type', sign({ alg: 'HS256', typ: 'JWT' }, client), 'cpro'],
      ['a client token whose header is not JSON', `${Buffer.from('{"typ":').toString('base64url')}.${erp.token.split('.').slice(1).join('.')}`, 'cpro'],
    ];
    const statuses = await Promise.all(
      variants.map(async ([name, token, where]) => [name, (where === 'me' ? await t.http.get('/api/v1/me', { token }) : await search(token)).status]),
    );
    expect(Object.fromEntries(statuses)).toEqual(Object.fromEntries(variants.map(([name]) => [name, 401])));
    // The well-formed ones still work.
    expect((await search(erp.token)).status).toBe(200);
    expect((await t.http.get('/api/v1/me', { token: supplier.owner.token })).status).toBe(200);
  });

  it('stops accepting a client token at its expiry, though it was verified before', async () => {
    expect((await search(erp.token)).status).toBe(200);
    const { exp } = claimsOf(erp.token) as { exp: number };
    const untilExpiry = exp * 1000 - t.clock.now().getTime();
    t.clock.advance(untilExpiry - 1000);
    try {
      expect((await search(erp.token)).status).toBe(200);
      t.clock.advance(1000);
      expect((await search(erp.token)).status).toBe(401);
    } finally {
      t.clock.advance(-untilExpiry);
    }
    expect((await search(erp.token)).status).toBe(200);
  });

  it('checks the credentials of a large-body route once, before reading its body', async () => {
    const clientCheck = jest.spyOn(ClientCredentialsStrategy.prototype, 'validate');
    const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2_000_000, 0x20), Buffer.from('\n%%EOF\n')]);
    const deposited = await cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: file.toString('base64'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
    expect(deposited.body.codeRetour).toBe(0);
    expect(clientCheck).toHaveBeenCalledTimes(1);

    // Refused before the body is read, as before: a bad account, a missing token.
    const refused = await t.http.post(
      '/cpro/factures/v1/deposer/pdf',
      { fichierFacture: file.toString('base64'), formatDepot: 'PDF_NON_SIGNE' },
      { token: erp.token, headers: { 'cpro-account': Buffer.from(`${erp.login}:wrong`).toString('base64'), 'content-type': 'application/json' } },
    );
    expect(refused.status).toBe(401);
    const anonymous = await t.http.post('/cpro/factures/v1/deposer/pdf', { fichierFacture: 'x' }, { headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
  });
});
