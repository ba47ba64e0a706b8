import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from '../accounts/helpers';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenSupplier } from '../../factories/invoicing';
import { startS3Server, S3Server } from '../../support/s3-server';
import { startTestApp, TestApp } from '../../support/test-app';

const pdf = (size: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Every stored file under a directory: the directory store's files, s3rver's objects (not their metadata or upload parts). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile() && (!p.includes('_S3rver') || p.endsWith('._S3rver_object')));
}

/**
 * Issue 16: the deposit routes read their file from the JSON body as it arrives (shared/http/streamed-files.ts)
 * with the wire contract unchanged: the same bytes kept, the same lenient base64, the same errors naming the
 * field; refused files leave nothing in the store; in PostgreSQL (default) or on disk (FILE_STORE_DIR) alike.
 */
describe.each([
  ['in PostgreSQL', 'postgres'],
  ['on disk (FILE_STORE_DIR)', 'directory'],
  ['in an S3 bucket (FILE_STORE=s3)', 's3'],
] as const)('deposits read as they arrive, files %s', (_, store) => {
  let t: TestApp;
  let erp: ErpConnection;
  /** Where the store keeps bytes outside PostgreSQL. */
  let dir: string | undefined;
  let s3: S3Server | undefined;

  const raw = (path: string, payload: string | Buffer | Readable, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/cpro/${path}`,
      headers: { authorization: `Bearer ${erp.token}`, 'cpro-account': erp.cproAccount, 'content-type': 'application/json', ...headers },
      payload,
    });
  const keptOf = async (pieceJointeId: number) => {
    const [row] = await sql<{ size: number; sha256: string; kept_file_id: string; file_name: string; media_type: string }>(
      t,
      'select size, sha256, kept_file_id, file_name, media_type from piste_staged_attachment where public_id = ?',
      [pieceJointeId],
    );
    const [stored] = await sql<{ content: Buffer | null }>(t, 'select content from invoice_stored_file where id = ?', [row!.kept_file_id]);
    const bytes = stored!.content ?? readFileSync(join(dir!, filesUnder(dir!).find((p) => p.includes(row!.kept_file_id))!));
    return { ...row!, bytes };
  };
  const storedCount = async () => Number((await sql<{ n: string }>(t, 'select count(*) as n from invoice_stored_file'))[0]!.n);
  /** Nothing kept, in the database or on disk, by what `run` did. */
  const keepsNothing = async (run: () => Promise<unknown>) => {
    const rows = await storedCount();
    const files = dir ? filesUnder(dir).length : 0;
    await run();
    expect(await storedCount()).toBe(rows);
    if (dir) expect(filesUnder(dir).length).toBe(files);
  };

  beforeAll(async () => {
    if (store === 'directory') dir = mkdtempSync(join(tmpdir(), 'liasse-streamed-'));
    if (store === 's3') {
      s3 = await startS3Server(['liasse-files']);
      dir = s3.directory;
    }
    t = await startTestApp(store === 'directory' ? { FILE_STORE_DIR: dir! } : store === 's3' ? s3!.env('liasse-files') : {});
    const supplier = await givenSupplier(t);
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await s3?.stop();
    if (store === 'directory' && dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps exactly the bytes sent, with their size and hash (deposer/pdf, 1 MB)', async () => {
    const content = pdf(1024 * 1024);
    const res = await cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: content.toString('base64'), nomFichier: 'f.pdf', formatDepot: 'PDF_NON_SIGNE' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ codeRetour: 0, libelle: expect.any(String), pieceJointeId: expect.any(Number) });
    const kept = await keptOf(res.body.pieceJointeId);
    expect(kept).toMatchObject({ size: content.length, sha256: sha256(content), file_name: 'f.pdf', media_type: 'application/pdf' });
    expect(kept.bytes.equals(content)).toBe(true);
  });

  it.each([
    ['MIME line breaks', (b64: string) => b64.replace(/(.{76})/g, '$1\r\n')],
    ['escaped slashes (PHP)', (b64: string) => b64.replace(/\//g, '\\/')],
    ['a data: URL', (b64: string) => `data:application/pdf;base64,${b64}`],
    ['URL-safe, unpadded', (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
    ['blanks around', (b64: string) => `  ${b64}\n `],
  ])('reads lenient base64 as before: %s', async (_, variant) => {
    const content = pdf(100_000 + 1);
    // Written by hand: JSON.stringify would escape the backslashes meant as JSON escapes.
    const encoded = variant(content.toString('base64')).replace(/\r/g, '\\r').replace(/\n/g, '\\n');
    const res = await raw('factures/v1/deposer/pdf', `{"formatDepot":"PDF_SIGNE","fichierFacture":"${encoded}"}`);
    expect(res.json()).toMatchObject({ codeRetour: 0 });
    const kept = await keptOf(res.json().pieceJointeId);
    expect(kept.bytes.equals(content)).toBe(true);
    expect(kept.sha256).toBe(sha256(content));
  });

  it('reads a file sent in the object form (not streamed) as before', async () => {
    const content = pdf(1000);
    const res = await cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: { fichierFacture: content.toString('base64') } });
    expect(res.body).toMatchObject({ codeRetour: 0 });
    expect((await keptOf(res.body.pieceJointeId)).bytes.equals(content)).toBe(true);
  });

  it('takes ajouter/fichier under either name, the first set winning, and keeps the other one nowhere', async () => {
    const first = Buffer.from('annexe 1');
    const res = await cpro(t, erp, 'transverses/v1/ajouter/fichier', { fichier: Buffer.from('autre').toString('base64'), pieceJointeFichier: first.toString('base64'), nomFichier: 'a.txt', typeMime: 'text/plain' });
    expect(res.body).toMatchObject({ codeRetour: 0 });
    const kept = await keptOf(res.body.pieceJointeId);
    expect(kept).toMatchObject({ file_name: 'a.txt', media_type: 'text/plain', size: first.length });
    expect(kept.bytes.equals(first)).toBe(true);
    const other = await cpro(t, erp, 'transverses/v1/ajouter/fichier', { fichier: Buffer.from('seul').toString('base64') });
    expect((await keptOf(other.body.pieceJointeId)).bytes.toString()).toBe('seul');
  });

  it.each([
    ['not base64', '{"fichierFacture":"JVBERi0*"}', 1049, /fichierFacture.*base64/],
    ['not base64 after a megabyte', `{"fichierFacture":"${pdf(1024 * 1024).toString('base64')}!"}`, 1049, /fichierFacture.*base64/],
    ['blank', '{"fichierFacture":" \\n "}', 1050, /fichierFacture/],
    ['missing', '{"nomFichier":"f.pdf"}', 1050, /fichierFacture/],
    ['empty once decoded', '{"fichierFacture":"data:,"}', 1049, /fichierFacture.*vide/],
    ['not a PDF', `{"fichierFacture":"${randomBytes(50_000).toString('base64')}"}`, 1049, /fichierFacture.*PDF/],
    ['a number (read as its digits, as before)', '{"fichierFacture":12}', 1049, /fichierFacture.*PDF/],
    ['a boolean', '{"fichierFacture":true}', 1049, /fichierFacture.*chaîne/],
    ['a bad formatDepot (checked first)', `{"formatDepot":"X","fichierFacture":"${pdf(1000).toString('base64')}"}`, 1049, /formatDepot/],
  ])('refuses a file that is %s, naming the field, and keeps nothing', async (_, body, codeRetour, libelle) => {
    await keepsNothing(async () => {
      const res = await raw('factures/v1/deposer/pdf', body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ codeRetour, libelle: expect.stringMatching(libelle) });
    });
  });

  it('refuses text the text rule refuses in the file (an escaped NUL), as the text rule does', async () => {
    await keepsNothing(async () => {
      const res = await raw('factures/v1/deposer/pdf', `{"fichierFacture":"${pdf(1000).toString('base64')}\\u0000"}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ codeRetour: 1012, codeErreur: 'COMMON.VALIDATION_FAILED' });
    });
  });

  it.each([
    ['cut in the file', `{"fichierFacture":"${pdf(100_000).toString('base64')}`],
    ['a raw control character in the file', `{"fichierFacture":"JVBE\u0001Ri0"}`],
    ['broken after the file', `{"fichierFacture":"${pdf(100_000).toString('base64')}",}`],
    ['a __proto__ key beside the file', `{"__proto__":{"x":1},"fichierFacture":"${pdf(1000).toString('base64')}"}`],
    ['a constructor.prototype beside the file', `{"constructor":{"prototype":{"x":1}},"fichierFacture":"${pdf(1000).toString('base64')}"}`],
  ])('refuses a body that is not acceptable JSON (%s) as malformed, and keeps nothing', async (_, body) => {
    await keepsNothing(async () => {
      const res = await raw('factures/v1/deposer/pdf', body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ codeRetour: 1011, libelle: expect.any(String) });
    });
  });

  it('refuses a body without a declared length as soon as it crosses the route limit (413), and keeps nothing', async () => {
    await keepsNothing(async () => {
      const chunk = Buffer.from('A'.repeat(1024 * 1024));
      async function* body() {
        yield Buffer.from('{"fichierFacture":"');
        for (let i = 0; i < 16; i++) yield chunk;
        yield Buffer.from('"}');
      }
      const res = await raw('factures/v1/deposer/pdf', Readable.from(body()));
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ codeRetour: 6001, libelle: expect.any(String) });
    });
  });

  it('leaves bodies of other types to the ordinary path (a form)', async () => {
    const res = await raw('factures/v1/deposer/pdf', 'fichierFacture=JVBERi0xLjQK', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.json()).toMatchObject({ codeRetour: 0 });
    expect((await keptOf(res.json().pieceJointeId)).bytes.toString()).toBe('%PDF-1.4\n');
  });
});
