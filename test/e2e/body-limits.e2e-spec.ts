import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BODY_LIMITS } from '../../src/shared/http/body-limits';
import { givenActiveUser } from './../factories/accounts';
import { cpro, ErpConnection, givenErpConnection } from '../factories/connections';
import { givenSupplier, Supplier } from '../factories/invoicing';
import { startTestApp, TestApp } from '../support/test-app';

const MiB = 1024 * 1024;

/**
 * Over a real socket: sends the request head declaring `declaredBytes` and only the first 64 KiB of the
 * body, then waits for the answer. A server that read (let alone parsed) the body before answering would
 * wait for the rest and time out; these answer at once.
 */
async function postDeclaringMore(port: number, path: string, declaredBytes: number, headers: Record<string, string> = {}): Promise<{ status: number; body: any; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(declaredBytes), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within 5 s: the server is waiting for the body`));
    }, 5000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, ms: Date.now() - started });
      });
    });
    req.on('error', (error) => {
      // The server closes the connection after answering; an error before any answer is a failure.
      if (!(error as NodeJS.ErrnoException).code?.startsWith('ECONNRESET') && !(error as NodeJS.ErrnoException).code?.startsWith('EPIPE')) reject(error);
    });
    req.write('{"field":"' + 'a'.repeat(64 * 1024));
  });
}

describe('request body limits, enforced while reading', () => {
  let t: TestApp;
  let supplier: Supplier;
  let erp: ErpConnection;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    supplier = await givenSupplier(t);
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function post(url: string, payload: Buffer, headers: Record<string, string> = {}) {
    const started = Date.now();
    const res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
    return { status: res.statusCode, body: res.json(), headers: res.headers, ms: Date.now() - started };
  }

  it.each(['/api/v1/accounts', '/api/oauth/token', '/api/v1/auth/login', '/api/v1/no-such-route'])(
    'refuses an anonymous 20 MB JSON body on %s with a quick 413 problem, before reading it',
    async (url) => {
      const declared = await postDeclaringMore(port, url, 20 * MiB);
      expect(declared.status).toBe(413);
      expect(declared.body).toMatchObject({ status: 413, code: 'COMMON.PAYLOAD_TOO_LARGE' });
      expect(declared.body.detail).toContain('1 Mo');

      // Without a declared length, the body is read up to the limit only.
      const sent = Buffer.from(JSON.stringify({ email: 'a@b.fr', filler: 'x'.repeat(20 * MiB) }));
      const res = await post(url, sent);
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('COMMON.PAYLOAD_TOO_LARGE');
    },
  );

  it('keeps ordinary authenticated JSON routes at 1 MB, in the route’s envelope (/cpro: codeRetour, libelle)', async () => {
    const big = Buffer.from(JSON.stringify({ filler: 'x'.repeat(1.5 * MiB) }));
    const portal = await post('/api/v1/structures', big, { authorization: `Bearer ${supplier.owner.token}` });
    expect(portal.status).toBe(413);
    expect(portal.body.code).toBe('COMMON.PAYLOAD_TOO_LARGE');

    const search = await post('/cpro/factures/v1/rechercher/fournisseur', big, { authorization: `Bearer ${erp.token}`, 'cpro-account': erp.cproAccount });
    expect(search.status).toBe(413);
    expect(search.body).toMatchObject({ codeRetour: expect.any(Number), libelle: expect.stringContaining('1 Mo') });
    expect(search.body.codeRetour).not.toBe(0);
  });

  it('authenticates a deposit route before reading its body: an anonymous 20 MB deposit is refused unread', async () => {
    for (const path of ['factures/v1/deposer/flux', 'factures/v1/deposer/pdf', 'transverses/v1/ajouter/fichier', 'factures/v1/soumettre']) {
      const anonymous = await postDeclaringMore(port, `/cpro/${path}`, 20 * MiB);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ codeRetour: expect.any(Number), libelle: expect.any(String) });
      // A forged token, or a real token without its technical account, is no better.
      expect((await postDeclaringMore(port, `/cpro/${path}`, 20 * MiB, { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x' })).status).toBe(401);
      expect((await postDeclaringMore(port, `/cpro/${path}`, 20 * MiB, { authorization: `Bearer ${erp.token}` })).status).toBe(401);
    }
    // Authenticated, the same declaration is over the route's own limit, and refused as such, unread.
    const over = await postDeclaringMore(port, '/cpro/factures/v1/deposer/pdf', 20 * MiB, { authorization: `Bearer ${erp.token}`, 'cpro-account': erp.cproAccount });
    expect(over.status).toBe(413);
    expect(over.body.libelle).toContain('15 Mo');
  });

  it('still accepts the documented maximum on deposit routes: a 10 MB file in base64 on deposer/pdf', async () => {
    const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(10 * MiB - 20), Buffer.from('\n%%EOF\n')]);
    expect(file.length).toBeLessThanOrEqual(10 * MiB);
    const res = await cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: file.toString('base64'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
    expect(res.status).toBe(200);
    expect(res.body.codeRetour).toBe(0);
    // Past its own limit (15 MB), the deposit route refuses too, in its envelope.
    const over = await cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: 'A'.repeat(16 * MiB), nomFichier: 'facture.pdf' });
    expect(over.status).toBe(413);
    expect(over.body.libelle).toContain('15 Mo');
  });

  it('accepts a large invoice draft (4 MB limit) where ordinary routes stop at 1 MB', async () => {
    const user = await givenActiveUser(t);
    const lines = Array.from({ length: 1000 }, () => ({ description: 'é'.repeat(500), quantity: '1', unitPrice: '1.00', vatRate: '20' }));
    const body = Buffer.from(JSON.stringify({ lines }));
    expect(body.length).toBeGreaterThan(BODY_LIMITS.default);
    // The limit lets it through to validation and authorization (this user supplies for no structure).
    const res = await post('/api/v1/invoices', body, { authorization: `Bearer ${user.token}` });
    expect(res.status).not.toBe(413);
    expect(res.status).toBeLessThan(500);
  });
});
