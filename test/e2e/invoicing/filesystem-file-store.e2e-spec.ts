import { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ublInvoice, RECIPIENT_SIRET, SUPPLIER_SIRET } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { validateEnvironment } from '../../../src/config/app.config';
import { AppConfig } from '../../../src/config/config';
import { FileStore } from '../../../src/shared/files/file-store';
import { createFileStore } from '../../../src/shared/files/files.module';
import { FilesystemFileStore } from '../../../src/shared/files/filesystem-file-store';
import { StoredFileSweep } from '../../../src/shared/files/file-sweep';
import { DAY_MS } from '../../../src/shared/time/clock';
import { sql } from '../accounts/helpers';
import { waitUntil } from '../../factories/accounts';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { attachMainPdf, createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { multipart, multipartParts } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

const pdf = (size: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const pdfPart = (content: Buffer) => ({ file: { name: 'facture.pdf', type: 'application/pdf', content } });

/** FILE_STORE_DIR set: invoice files on disk, their rows in PostgreSQL without content, a daily sweep. */
describe('invoice files kept on disk (FILE_STORE_DIR)', () => {
  let t: TestApp;
  let dir: string;
  let store: FilesystemFileStore;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;

  const storedKeyOf = async (fileId: string): Promise<string> =>
    (await sql<{ stored_file_id: string }>(t, 'select stored_file_id from invoice_file where id = ?', [fileId]))[0]!.stored_file_id;
  const rowOf = async (key: string) => (await sql<{ content: Buffer | null }>(t, 'select content from invoice_stored_file where id = ?', [key]))[0];
  const sweep = () => t.app.get(StoredFileSweep).run();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liasse-files-'));
    t = await startTestApp({ FILE_STORE_DIR: dir, DATABASE_POOL_MAX: '20' });
    store = t.app.get(FileStore) as FilesystemFileStore;
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the store the application uses when FILE_STORE_DIR is set', () => {
    expect(store).toBeInstanceOf(FilesystemFileStore);
    expect(store.directory).toBe(dir);
  });

  it('writes an uploaded file to disk under its day, keeps a row without content, and serves it back', async () => {
    const content = pdf(200_000);
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const upload = await attachMainPdf(t, supplier.owner.token, id, content);
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ size: content.length, sha256: sha256(content) });

    const key = await storedKeyOf(upload.body.id);
    expect((await rowOf(key))!.content).toBeNull();
    const path = store.pathOf(key);
    const today = t.clock.now().toISOString().slice(0, 10).replaceAll('-', '/');
    expect(path).toBe(join(dir, today, key));
    expect(readFileSync(path).equals(content)).toBe(true);

    const download = await t.http.get(`/api/v1/invoices/${id}/files/${upload.body.id}`, { token: supplier.owner.token });
    expect(download.status).toBe(200);
    expect(download.raw.equals(content)).toBe(true);
  });

  it('streams uploads to disk; a refused upload leaves no file behind; kind may follow the file', async () => {
    const filesOnDisk = () => readdirSync(join(dir, t.clock.now().toISOString().slice(0, 10).replaceAll('-', '/'))).length;
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const before = filesOnDisk();

    const notPdf = multipart({ kind: 'main' }, { name: 'facture.pdf', type: 'application/pdf', content: Buffer.from('<html>not a pdf</html>') });
    expect((await t.http.post(`/api/v1/invoices/${id}/files`, undefined, { token: supplier.owner.token, ...notPdf })).body.code).toBe('INVOICING.FILE_NOT_PDF');
    const tooLarge = await attachMainPdf(t, supplier.owner.token, id, pdf(10 * 1024 * 1024));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.field).toBe('file');
    const outsider = await givenSupplier(t);
    expect((await attachMainPdf(t, outsider.owner.token, id, pdf(1_000))).status).toBe(404);
    const twoFiles = multipartParts([{ field: 'kind', value: 'main' }, pdfPart(pdf(1_000)), pdfPart(pdf(1_000))]);
    expect((await t.http.post(`/api/v1/invoices/${id}/files`, undefined, { token: supplier.owner.token, ...twoFiles })).status).toBe(413);
    expect(filesOnDisk()).toBe(before);

    // The file part first, then the kind field.
    const content = pdf(80_000);
    const fileFirst = multipartParts([pdfPart(content), { field: 'kind', value: 'main' }]);
    const res = await t.http.post(`/api/v1/invoices/${id}/files`, undefined, { token: supplier.owner.token, ...fileFirst });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'main', size: content.length, sha256: sha256(content) });
    expect(readFileSync(store.pathOf(await storedKeyOf(res.body.id))).equals(content)).toBe(true);
    expect(filesOnDisk()).toBe(before + 1);
  });

  it('still serves a file whose bytes are in PostgreSQL (kept before FILE_STORE_DIR was set)', async () => {
    const content = pdf(100_000);
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const upload = await attachMainPdf(t, supplier.owner.token, id, content);
    const key = await storedKeyOf(upload.body.id);
    // As a file written by the PostgreSQL store: the bytes in the row, nothing on disk.
    await sql(t, 'update invoice_stored_file set content = ? where id = ?', [content, key]);
    unlinkSync(store.pathOf(key));

    const download = await t.http.get(`/api/v1/invoices/${id}/files/${upload.body.id}`, { token: supplier.owner.token });
    expect(download.status).toBe(200);
    expect(download.raw.equals(content)).toBe(true);
  });

  it('attaches a deposited PDF to the submitted invoice by reference to its file, and the flow reader reads from disk', async () => {
    const content = pdf(300_000);
    const deposit = await cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: content.toString('base64'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
    expect(deposit.body.codeRetour).toBe(0);
    const [kept] = await sql<{ kept_file_id: string }>(t, 'select kept_file_id from piste_staged_attachment where public_id = ?', [deposit.body.pieceJointeId]);
    const keptPath = store.pathOf(kept!.kept_file_id);
    expect(readFileSync(keptPath).equals(content)).toBe(true);

    const submitted = await cpro(t, erp, 'factures/v1/soumettre', {
      modeDepot: 'DEPOT_PDF_API',
      numeroFactureSaisi: `FS-${Date.now().toString(36)}`,
      dateFacture: '2026-03-15',
      destinataire: { codeDestinataire: recipient.identifier, codeServiceExecutant: 'SERV-01' },
      fournisseur: { idFournisseur: supplier.publicId },
      cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
      references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT' },
      montantTotal: { montantHtTotal: 1000, montantTVA: 200, montantTtcTotal: 1200, montantAPayer: 1200 },
      pieceJointePrincipale: [{ pieceJointePrincipaleDesignation: 'facture', pieceJointePrincipaleId: deposit.body.pieceJointeId }],
    });
    expect(submitted.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE' });
    const [main] = await sql<{ stored_file_id: string; sha256: string; size: number }>(
      t,
      `select f.stored_file_id, f.sha256, f.size from invoice_file f join invoice i on i.id = f.invoice_id where i.public_id = ? and f.kind = 'main'`,
      [submitted.body.identifiantFactureCPP],
    );
    expect(main).toMatchObject({ sha256: sha256(content), size: content.length });
    // The deposit's own file, by reference: no byte copied, no link made. Its staged attachment went.
    expect(main!.stored_file_id).toBe(kept!.kept_file_id);
    expect(store.pathOf(main!.stored_file_id)).toBe(keptPath);
    expect((await rowOf(kept!.kept_file_id))!.content).toBeNull();
    expect(await sql(t, 'select 1 from piste_staged_attachment where public_id = ?', [deposit.body.pieceJointeId])).toHaveLength(0);

    const file = await cpro(t, erp, 'factures/v1/telecharger/groupe', { listeFacture: [{ idFacture: submitted.body.identifiantFactureCPP }], inclurePieceJointe: false, format: 'PDF' });
    expect(file.status).toBe(200);

    // A flow's bytes are read back by the worker that processes it.
    const xml = ublInvoice({ number: `FL-${Date.now().toString(36)}` }).split(SUPPLIER_SIRET).join(supplier.identifier).split(RECIPIENT_SIRET).join(recipient.identifier);
    const flow = await cpro(t, erp, 'factures/v1/deposer/flux', { fichierFlux: Buffer.from(xml).toString('base64'), nomFichier: 'f.xml', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' });
    expect(flow.body.codeRetour).toBe(0);
    let state = '';
    await waitUntil(async () => {
      await t.flushOutbox();
      state = (await cpro(t, erp, 'transverses/v1/consulterCRDetaille', { numeroFluxDepot: flow.body.numeroFluxDepot })).body.etatCourantDepotFlux;
      return ['IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'IN_REJETE', 'IN_INCIDENTE'].includes(state);
    }, 30_000);
    expect(state).toBe('IN_INTEGRE');
  });

  it('sweeps, after a day, the files of removed rows and of rolled-back transactions, and nothing else', async () => {
    const first = pdf(50_000);
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const replaced = await storedKeyOf((await attachMainPdf(t, supplier.owner.token, id, first)).body.id);
    const current = await storedKeyOf((await attachMainPdf(t, supplier.owner.token, id, pdf(50_000))).body.id);
    expect(await rowOf(replaced)).toBeUndefined();

    // A transaction that stored a file, then failed: the file is on disk, with no row.
    let orphan = '';
    await expect(
      t.orm.em.fork().transactional(async (em) => {
        orphan = await store.put(em as EntityManager, pdf(1_000), t.clock.now());
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(existsSync(store.pathOf(orphan))).toBe(true);
    expect(await rowOf(orphan)).toBeUndefined();

    // Within the day, nothing goes: the transaction of a file may still be running.
    await sweep();
    for (const key of [replaced, orphan, current]) expect(existsSync(store.pathOf(key))).toBe(true);

    t.clock.advance(2 * DAY_MS);
    try {
      // Unreferenced files written by anything else than the store are left alone.
      const stray = join(dir, 'README.txt');
      writeFileSync(stray, 'operators notes');
      expect(await sweep()).toBeGreaterThanOrEqual(2);
      expect(existsSync(store.pathOf(replaced))).toBe(false);
      expect(existsSync(store.pathOf(orphan))).toBe(false);
      expect(existsSync(store.pathOf(current))).toBe(true);
      expect(existsSync(stray)).toBe(true);
      const kept = await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token });
      const mainFile = kept.body.files.find((f: { kind: string }) => f.kind === 'main');
      expect((await t.http.get(`/api/v1/invoices/${id}/files/${mainFile.id}`, { token: supplier.owner.token })).status).toBe(200);
    } finally {
      t.clock.advance(-2 * DAY_MS);
    }
  });

  it('removes empty day directories before the cutoff, and makes a vanished day directory again', async () => {
    const oldDay = join(dir, '2020', '01', '02');
    mkdirSync(oldDay, { recursive: true });
    await sweep();
    expect(existsSync(oldDay)).toBe(false);

    // A day of its own (the clock moved on): the first upload makes its directory, which then vanishes.
    t.clock.advance(5 * DAY_MS);
    try {
      const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
      const first = await attachMainPdf(t, supplier.owner.token, id, pdf(1_000));
      const day = dirname(store.pathOf(await storedKeyOf(first.body.id)));
      rmSync(day, { recursive: true });
      const again = await attachMainPdf(t, supplier.owner.token, id, pdf(2_000));
      expect(again.status).toBe(201);
      expect(existsSync(store.pathOf(await storedKeyOf(again.body.id)))).toBe(true);
    } finally {
      t.clock.advance(-5 * DAY_MS);
    }
  });

  it('chooses the store from FILE_STORE_DIR, and refuses to start on a directory it cannot create', async () => {
    const em = t.orm.em.fork() as EntityManager;
    const config = (env: Record<string, string>) => new AppConfig(validateEnvironment({ JWT_SECRET: 'x'.repeat(32), ...env }));
    expect(await createFileStore(em, config({}))).not.toBeInstanceOf(FilesystemFileStore);
    expect(await createFileStore(em, config({ FILE_STORE_DIR: join(dir, 'new', 'files') }))).toBeInstanceOf(FilesystemFileStore);
    const notADirectory = join(dir, 'plain-file');
    writeFileSync(notADirectory, 'x');
    await expect(createFileStore(em, config({ FILE_STORE_DIR: join(notADirectory, 'files') }))).rejects.toThrow(/ENOTDIR/);
  });
});
