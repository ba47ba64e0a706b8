import { EntityManager } from '@mikro-orm/postgresql';
import { txOf } from '../../../src/shared/persistence/tx';
import { createHash, randomBytes } from 'node:crypto';
import { ApiInvoices } from '../../../src/modules/invoicing/contracts/api-mode';
import { sql } from '../accounts/helpers';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

const pdf = (size: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * Issue 16, `cpro-submit`: a PDF deposited with `deposer/pdf` is written once. `soumettre` attaches the
 * bytes kept at the deposit by reference (before: a second copy inside PostgreSQL, then the first one
 * deleted); a refused submission leaves the deposit usable, two invoices never share bytes, and
 * discarding kept files never takes an invoice's.
 */
describe('deposited files are attached by reference to the kept bytes', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let counter = 0;
  const number = (): string => `KF-${Date.now().toString(36)}-${++counter}`.slice(0, 20);

  const deposit = async (content: Buffer): Promise<{ pieceJointeId: number; keptFileId: string }> => {
    const res = await cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: content.toString('base64'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
    expect(res.body.codeRetour).toBe(0);
    const [row] = await sql<{ kept_file_id: string }>(t, 'select kept_file_id from piste_staged_attachment where public_id = ?', [res.body.pieceJointeId]);
    return { pieceJointeId: res.body.pieceJointeId, keptFileId: row!.kept_file_id };
  };
  const submit = (pieceJointeId: number, numeroFactureSaisi = number(), codeServiceExecutant = 'SERV-01') =>
    cpro(t, erp, 'factures/v1/soumettre', {
      modeDepot: 'DEPOT_PDF_API',
      numeroFactureSaisi,
      dateFacture: '2026-03-15',
      destinataire: { codeDestinataire: recipient.identifier, codeServiceExecutant },
      fournisseur: { idFournisseur: supplier.publicId },
      references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT' },
      montantTotal: { montantHtTotal: 1000, montantTVA: 200, montantTtcTotal: 1200, montantAPayer: 1200 },
      pieceJointePrincipale: [{ pieceJointePrincipaleDesignation: 'facture', pieceJointePrincipaleId: pieceJointeId }],
    });
  const mainFileOf = async (publicId: number) =>
    (
      await sql<{ stored_file_id: string; sha256: string; size: number; content: Buffer | null }>(
        t,
        `select f.stored_file_id, f.sha256, f.size, s.content from invoice_file f join invoice i on i.id = f.invoice_id
          left join invoice_stored_file s on s.id = f.stored_file_id where i.public_id = ? and f.kind = 'main'`,
        [publicId],
      )
    )[0]!;
  const storedFiles = async (): Promise<number> => Number((await sql<{ n: string }>(t, 'select count(*) as n from invoice_stored_file'))[0]!.n);

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }, { code: 'ENG', engagementRequired: true }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('writes the deposited bytes once: the invoice file names the kept key, no copy is made', async () => {
    const content = pdf(300_000);
    const before = await storedFiles();
    const { pieceJointeId, keptFileId } = await deposit(content);
    const submitted = await submit(pieceJointeId);
    expect(submitted.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE' });

    const main = await mainFileOf(submitted.body.identifiantFactureCPP);
    expect(main.stored_file_id).toBe(keptFileId);
    expect(main).toMatchObject({ sha256: sha256(content), size: content.length });
    expect(main.content!.equals(content)).toBe(true);
    expect(await storedFiles()).toBe(before + 1);
    // The deposit is used up (its row went), the bytes are the invoice's.
    expect(await sql(t, 'select 1 from piste_staged_attachment where public_id = ?', [pieceJointeId])).toHaveLength(0);
    expect((await submit(pieceJointeId)).body.codeRetour).not.toBe(0);
    expect((await mainFileOf(submitted.body.identifiantFactureCPP)).content!.equals(content)).toBe(true);
  });

  it('leaves the deposit usable after a submission refused once its file was attached', async () => {
    const content = pdf(100_000);
    const { pieceJointeId, keptFileId } = await deposit(content);
    // Refused by routing, at the last step (the service requires an engagement number), after the attachment.
    const refused = await submit(pieceJointeId, number(), 'ENG');
    expect(refused.body.codeErreur).toBe('INVOICING.SERVICE_ENGAGEMENT_REQUIRED');
    // The draft went, the kept bytes stayed.
    expect(await sql(t, 'select 1 from invoice_file where stored_file_id = ?', [keptFileId])).toHaveLength(0);
    const [kept] = await sql<{ content: Buffer }>(t, 'select content from invoice_stored_file where id = ?', [keptFileId]);
    expect(kept!.content.equals(content)).toBe(true);

    const retried = await submit(pieceJointeId);
    expect(retried.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE' });
    const main = await mainFileOf(retried.body.identifiantFactureCPP);
    expect(main.stored_file_id).toBe(keptFileId);
    expect(main.content!.equals(content)).toBe(true);
  });

  it('gives a deposit submitted twice at once its own bytes per invoice', async () => {
    const content = pdf(200_000);
    const { pieceJointeId, keptFileId } = await deposit(content);
    const answers = await Promise.all([submit(pieceJointeId), submit(pieceJointeId)]);
    const accepted = answers.filter((a) => a.body.codeRetour === 0);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    const mains = await Promise.all(accepted.map((a) => mainFileOf(a.body.identifiantFactureCPP)));
    expect(new Set(mains.map((m) => m.stored_file_id)).size).toBe(mains.length);
    expect(mains.map((m) => m.stored_file_id)).toContain(keptFileId);
    for (const main of mains) expect(main.content!.equals(content)).toBe(true);
  });

  it('never discards kept bytes an invoice file names (a purge after a crash between submission and clean-up)', async () => {
    const content = pdf(50_000);
    const { pieceJointeId, keptFileId } = await deposit(content);
    const submitted = await submit(pieceJointeId);
    expect(submitted.body.codeRetour).toBe(0);
    const unused = await deposit(pdf(1_000));

    await t.app.get(EntityManager).fork().transactional((em) => t.app.get(ApiInvoices).discardKeptFiles(txOf(em), [keptFileId, unused.keptFileId]));
    expect((await mainFileOf(submitted.body.identifiantFactureCPP)).content!.equals(content)).toBe(true);
    expect(await sql(t, 'select 1 from invoice_stored_file where id = ?', [unused.keptFileId])).toHaveLength(0);
  });
});
