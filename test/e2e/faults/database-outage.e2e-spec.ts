import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenSupplier } from '../../factories/invoicing';
import { TcpProxy } from '../../support/tcp-proxy';
import { startTestApp, TestApp } from '../../support/test-app';
import { waitUntil } from '../../factories/accounts';

/**
 * Issue 18: while PostgreSQL is down, an authenticated request answered 401 (the failed session lookup
 * was taken for a bad token), so a client could drop a good token. It must be a 503 problem+json (or
 * the PISTE envelope on /cpro), and the readiness probe must name the dependency that is down.
 */
describe('PostgreSQL down', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let user: GivenUser;
  let erp: ErpConnection;
  const logs: string[] = [];

  beforeAll(async () => {
    proxy = new TcpProxy('127.0.0.1', 5432);
    await proxy.start();
    t = await startTestApp({ LOG_LEVEL: 'info' }, { databaseUrl: (direct) => proxy.via(direct), logStream: { write: (line: string) => void logs.push(line) } });
    user = await givenActiveUser(t);
    const supplier = await givenSupplier(t);
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterAll(async () => {
    proxy?.restore();
    await t?.close();
    await proxy?.stop();
  });

  it('answers 503 problem+json to authenticated requests, never 401, and serves again once it is back', async () => {
    expect((await t.http.get('/api/v1/me', { token: user.token })).status).toBe(200);
    proxy.cut();
    try {
      for (let i = 0; i < 3; i++) {
        const res = await t.http.get('/api/v1/me', { token: user.token });
        expect(res.status).toBe(503);
        expect(String(res.headers['content-type'])).toContain('application/problem+json');
        expect(res.body.code).toBe('COMMON.SERVICE_UNAVAILABLE');
      }
      const viaCpro = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', {});
      expect(viaCpro.status).toBe(503);
      expect(viaCpro.body.codeRetour).toEqual(expect.any(Number));
      expect(viaCpro.body.codeRetour).toBeGreaterThan(0);
    } finally {
      proxy.restore();
    }
    await waitUntil(async () => (await t.http.get('/api/v1/me', { token: user.token })).status === 200, 20_000);
    // The row-change listener (cache invalidation) says it lost PostgreSQL, then that it is back.
    await waitUntil(() => logs.some((l) => l.includes('Row change listener reconnected')), 20_000);
    const lost = logs.findIndex((l) => l.includes('Row change listener disconnected') || l.includes('Row change listener unavailable'));
    expect(lost).toBeGreaterThanOrEqual(0);
    expect(logs.findIndex((l) => l.includes('Row change listener reconnected'))).toBeGreaterThan(lost);
  }, 60_000);

  it('names the dependency that is down in the readiness answer', async () => {
    proxy.cut();
    try {
      const res = await t.http.get('/health');
      expect(res.status).toBe(503);
      expect(String(res.headers['content-type'])).toContain('application/problem+json');
      expect(res.body.params).toEqual({ down: ['postgres'], up: ['redis'] });
      expect(res.text).not.toContain('127.0.0.1');
    } finally {
      proxy.restore();
    }
    await waitUntil(async () => (await t.http.get('/health')).status === 200, 20_000);
  }, 60_000);
});
