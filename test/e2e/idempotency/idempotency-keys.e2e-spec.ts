import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from '../accounts/helpers';
import { givenActiveUser } from '../../factories/accounts';
import { ErpConnection, givenErpConnection } from '../../factories/connections';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, soumettreBody, Supplier, uniqueNumber } from '../../factories/invoicing';
import { multipart, TINY_PDF } from '../../factories/organisation';
import { IdempotencyStore } from '../../../src/shared/idempotency/idempotency-store';
import { buildOpenApiDocument, SANDBOX_SERVER_URL } from '../../../src/shared/http/swagger';
import { startTestApp, TestApp } from '../../support/test-app';

const HOUR = 60 * 60 * 1000;
const pdf = (size: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);

/**
 * Issue 20, idempotent writes: a creating POST (REST) or a /cpro deposit sent with an Idempotency-Key runs
 * once per caller and key; a retry gets the first answer (Idempotent-Replayed: true); another request with
 * the key is refused (409); a key still running is refused (409); keys expire after 24 h.
 */
describe('Idempotency-Key', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;

  const drafts = async (number: string) => Number((await sql<{ n: string }>(t, 'select count(*) as n from invoice where number = ?', [number]))[0]!.n);
  const keyed = (key: string, token = supplier.owner.token) => ({ token, headers: { 'idempotency-key': key } });
  const cproKeyed = (path: string, body: unknown, key: string) =>
    t.http.post(`/cpro/${path}`, body, { token: erp.token, headers: { 'cpro-account': erp.cproAccount, 'content-type': 'application/json', 'idempotency-key': key } });

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '10' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => t.clock.reset());

  it('is taken by every creating POST (authenticated, answering 201 or 202) and by the /cpro deposits, and documented there', () => {
    type Op = { parameters?: Array<{ in: string; name: string }>; security?: unknown[]; responses: Record<string, { description?: string }> };
    const posts = Object.entries(buildOpenApiDocument(t.app, SANDBOX_SERVER_URL).paths).flatMap(([path, item]) =>
      (item as { post?: Op }).post ? [{ path, op: (item as { post: Op }).post }] : [],
    );
    const creating = posts
      .filter(({ path, op }) => path.startsWith('/api/v1/') && (op.security?.length ?? 0) > 0 && ('201' in op.responses || '202' in op.responses))
      .map(({ path }) => path);
    const deposits = ['/cpro/factures/v1/deposer/flux', '/cpro/factures/v1/deposer/pdf', '/cpro/factures/v1/soumettre'];
    const withKey = posts.filter(({ op }) => op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'));
    // A new creating POST without @Idempotent() fails here.
    expect(withKey.map(({ path }) => path).sort()).toEqual([...creating, ...deposits].sort());
    expect(creating).toEqual(expect.arrayContaining(['/api/v1/invoices', '/api/v1/flows', '/api/v1/invoices/{id}/files', '/api/v1/tickets']));
    for (const { op } of withKey) {
      expect(op.responses['409']?.description).toContain('COMMON.IDEMPOTENCY_KEY_REUSED');
      expect(op.responses['400']?.description).toContain('COMMON.IDEMPOTENCY_KEY_INVALID');
    }
  });

  describe('REST', () => {
    it('answers a retry with the first answer, marked as a replay, and writes once', async () => {
      const key = randomUUID();
      const body = draftBody(supplier, recipient);
      const first = await t.http.post('/api/v1/invoices', body, keyed(key));
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await t.http.post('/api/v1/invoices', body, keyed(key));
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['content-type']).toContain('application/json');
      expect(again.body).toEqual(first.body);
      expect(await drafts(body.number as string)).toBe(1);
    });

    it('refuses the key for another body (409 naming the header), and keeps keys of two callers apart', async () => {
      const key = randomUUID();
      const body = draftBody(supplier, recipient);
      expect((await t.http.post('/api/v1/invoices', body, keyed(key))).status).toBe(201);
      const other = await t.http.post('/api/v1/invoices', { ...body, number: uniqueNumber() }, keyed(key));
      expect(other.status).toBe(409);
      expect(other.headers['content-type']).toContain('application/problem+json');
      expect(other.body).toMatchObject({ code: 'COMMON.IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
      // Another route with the same key is another request too.
      const elsewhere = await t.http.post('/api/v1/tickets', { structureId: supplier.id, subject: 'x' }, keyed(key));
      expect(elsewhere.body).toMatchObject({ code: 'COMMON.IDEMPOTENCY_KEY_REUSED' });
      // Someone else's key of the same value is his own.
      const stranger = await givenActiveUser(t);
      const theirs = await t.http.post('/api/v1/structures', { identifierType: 'SIRET' }, keyed(key, stranger.token));
      expect(theirs.body.code).not.toBe('COMMON.IDEMPOTENCY_KEY_REUSED');
    });

    it('refuses a malformed key with a 400 naming the header, before anything is written', async () => {
      const body = draftBody(supplier, recipient);
      for (const bad of ['', 'a b', 'é', 'x'.repeat(256), 'k;y']) {
        const res = await t.http.post('/api/v1/invoices', body, keyed(bad));
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'COMMON.IDEMPOTENCY_KEY_INVALID', field: 'Idempotency-Key' });
      }
      expect(await drafts(body.number as string)).toBe(0);
      // The draft's structured-field form (a quoted string) is the same key.
      const key = randomUUID();
      expect((await t.http.post('/api/v1/invoices', body, keyed(`"${key}"`))).status).toBe(201);
      expect((await t.http.post('/api/v1/invoices', body, keyed(key))).headers['idempotent-replayed']).toBe('true');
    });

    it('does not keep a refused request: the key serves the corrected retry', async () => {
      const key = randomUUID();
      const body = draftBody(supplier, recipient);
      const refused = await t.http.post('/api/v1/invoices', { ...body, currency: 42 }, keyed(key));
      expect(refused.status).toBe(400);
      const fixed = await t.http.post('/api/v1/invoices', body, keyed(key));
      expect(fixed.status).toBe(201);
      expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    });

    it('runs one of two concurrent requests with one key; the other is refused as in progress or replayed', async () => {
      const key = randomUUID();
      const body = draftBody(supplier, recipient);
      const answers = await Promise.all([1, 2, 3].map(() => t.http.post('/api/v1/invoices', body, keyed(key))));
      expect(await drafts(body.number as string)).toBe(1);
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
      expect(created.filter((a) => a.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
      for (const busy of answers.filter((a) => a.status !== 201)) expect(busy).toMatchObject({ status: 409, body: { code: 'COMMON.IDEMPOTENCY_KEY_IN_PROGRESS' } });
    });

    it('after a process died holding a key: 409 in progress until its 60 s lease ends, then the retry runs', async () => {
      const key = randomUUID();
      const body = draftBody(supplier, recipient);
      // What a process killed before its write committed leaves: the key claimed, no answer, no draft.
      const probe = await t.http.post('/api/v1/invoices', body, keyed(key));
      expect(probe.status).toBe(201);
      await sql(t, 'update idempotency_key set status = null, body = null, locked_until = ? where request_hash in (select request_hash from idempotency_key where status = 201 order by created_at desc limit 1)', [
        new Date(t.clock.now().getTime() + 60_000),
      ]);
      await sql(t, 'delete from invoice where number = ?', [body.number]);
      expect((await t.http.post('/api/v1/invoices', body, keyed(key))).body).toMatchObject({ code: 'COMMON.IDEMPOTENCY_KEY_IN_PROGRESS' });
      t.clock.advance(61_000);
      // Another body cannot take the key over; the same request does.
      expect((await t.http.post('/api/v1/invoices', { ...body, number: uniqueNumber() }, keyed(key))).body).toMatchObject({ code: 'COMMON.IDEMPOTENCY_KEY_REUSED' });
      const retried = await t.http.post('/api/v1/invoices', body, keyed(key));
      expect(retried.status).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(await drafts(body.number as string)).toBe(1);
    });

    it('forgets a key after 24 h (the request runs again) and the hourly purge deletes it', async () => {
      const key = randomUUID();
      const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
      const first = await t.http.post(`/api/v1/invoices/${id}/duplicate`, undefined, keyed(key));
      expect(first.status).toBe(201);
      t.clock.advance(23 * HOUR);
      expect((await t.http.post(`/api/v1/invoices/${id}/duplicate`, undefined, keyed(key))).body.id).toBe(first.body.id);
      t.clock.advance(2 * HOUR);
      const later = await t.http.post(`/api/v1/invoices/${id}/duplicate`, undefined, keyed(key));
      expect(later.status).toBe(201);
      expect(later.body.id).not.toBe(first.body.id);
      t.clock.advance(25 * HOUR);
      expect(await t.app.get(IdempotencyStore).purgeExpired()).toBeGreaterThanOrEqual(1);
      expect(await sql(t, 'select 1 from idempotency_key where expires_at <= ?', [t.clock.now()])).toEqual([]);
    });

    it('replays a secret shown once (an OAuth client secret) without keeping it, or the key, in clear', async () => {
      const key = `erp-${randomUUID()}`;
      const body = { name: `ERP ${key.slice(4, 12)}`, apiGroups: ['factures'] };
      const first = await t.http.post('/api/v1/oauth-clients', body, keyed(key));
      expect(first.status).toBe(201);
      const again = await t.http.post('/api/v1/oauth-clients', body, keyed(key));
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const secret = JSON.stringify(first.body).match(/"clientSecret":"([^"]+)"/)?.[1];
      expect(secret).toEqual(expect.any(String));
      const rows = JSON.stringify(await sql(t, 'select * from idempotency_key'));
      expect(rows).not.toContain(secret);
      expect(rows).not.toContain(key);
    });

    it('recognises a multipart retry sent with a new boundary, and refuses other file content', async () => {
      const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
      const key = randomUUID();
      const send = (content: Buffer) => {
        const { payload, headers } = multipart({ kind: 'main' }, { name: 'facture.pdf', type: 'application/pdf', content });
        return t.http.post(`/api/v1/invoices/${id}/files`, undefined, { token: supplier.owner.token, payload, headers: { ...headers, 'idempotency-key': key } });
      };
      const first = await send(TINY_PDF);
      expect(first.status).toBe(201);
      const again = await send(TINY_PDF);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await sql(t, 'select 1 from invoice_file where invoice_id = ?', [id])).length).toBe(1);
      expect((await send(Buffer.concat([TINY_PDF, Buffer.from('\n')]))).body).toMatchObject({ code: 'COMMON.IDEMPOTENCY_KEY_REUSED' });
    });
  });

  describe('/cpro deposits', () => {
    const soumettre = (numeroFactureSaisi: string) => soumettreBody(supplier, recipient, numeroFactureSaisi);

    it('soumettre: a retry gets the first answer and one invoice; another body is refused with its codeRetour (409)', async () => {
      const key = randomUUID();
      const number = uniqueNumber();
      const first = await cproKeyed('factures/v1/soumettre', soumettre(number), key);
      expect(first.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE' });
      const again = await cproKeyed('factures/v1/soumettre', soumettre(number), key);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await drafts(number)).toBe(1);
      const other = await cproKeyed('factures/v1/soumettre', soumettre(uniqueNumber()), key);
      expect(other.status).toBe(409);
      expect(other.body).toMatchObject({ codeRetour: 5201, codeErreur: 'COMMON.IDEMPOTENCY_KEY_REUSED', champ: 'Idempotency-Key' });
      const malformed = await cproKeyed('factures/v1/soumettre', soumettre(uniqueNumber()), 'clé');
      expect(malformed).toMatchObject({ status: 400, body: { codeRetour: 1201, champ: 'Idempotency-Key' } });
    });

    it('deposer/pdf (streamed): a retry of the 1 MB deposit answers the same pieceJointeId and keeps one file', async () => {
      const key = randomUUID();
      const file = pdf(1024 * 1024);
      const body = { fichierFacture: file.toString('base64'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' };
      const first = await cproKeyed('factures/v1/deposer/pdf', body, key);
      expect(first.body.codeRetour).toBe(0);
      const again = await cproKeyed('factures/v1/deposer/pdf', body, key);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.pieceJointeId).toBe(first.body.pieceJointeId);
      const staged = await sql(t, 'select 1 from piste_staged_attachment where technical_account_id = ? and size = ?', [erp.technicalAccountId, file.length]);
      expect(staged).toHaveLength(1);
      const other = await cproKeyed('factures/v1/deposer/pdf', { ...body, fichierFacture: pdf(1000).toString('base64') }, key);
      expect(other).toMatchObject({ status: 409, body: { codeRetour: 5201 } });
    });

    it('deposer/flux: a retry answers the first numeroFluxDepot; a concurrent one with the key makes no second flow', async () => {
      const key = randomUUID();
      const body = { fichierFlux: Buffer.from('<Invoice/>').toString('base64'), nomFichier: `f-${key}.xml`, syntaxeFlux: 'IN_DP_E1_UBL_INVOICE', avecSignature: false };
      const answers = await Promise.all([cproKeyed('factures/v1/deposer/flux', body, key), cproKeyed('factures/v1/deposer/flux', body, key)]);
      const again = await cproKeyed('factures/v1/deposer/flux', body, key);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const numbers = new Set([...answers, again].filter((a) => a.body.codeRetour === 0).map((a) => a.body.numeroFluxDepot));
      expect(numbers.size).toBe(1);
      expect(await sql(t, 'select 1 from invoice_flow where file_name = ?', [body.nomFichier])).toHaveLength(1);
    });
  });
});
