import { Job } from 'bullmq';
import { StuckFlowSweep } from '../../../src/modules/invoicing/jobs/flow.handlers';
import { ciiInvoice, fixture, makePdf, RECIPIENT_SIRET, SUPPLIER_SIRET } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { StagedAttachmentPurge } from '../../../src/modules/piste/jobs/staged-attachment-purge.handlers';
import { sql } from '../accounts/helpers';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { multipart, TINY_PDF } from '../../factories/organisation';
import { FileReferences } from '../../../src/shared/files/file-references';
import { WorkerRuntime } from '../../../src/shared/queue/worker-runtime';
import { startTestApp, TestApp } from '../../support/test-app';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Issue 5 gaps of the API mode: bank details (coordbanc/valides, codeCoordonneesBancairesFournisseur and the
 * portal's bankAccountId rule), what deposer/pdf reads from a Factur-X, and the two sweeps (stuck flows,
 * unused staged attachments). The application runs the API role only (no outbox relay, no queue worker), so
 * a deposited flow's job is "lost" for certain instead of racing a worker woken by the outbox NOTIFY.
 */
describe('PISTE API mode: bank details, Factur-X reading, sweeps', () => {
  let t: TestApp;
  let supplier: Supplier;
  let other: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let counter = 0;
  const number = (): string => `BK-${Date.now().toString(36)}-${++counter}`.slice(0, 20);

  async function givenBankAccount(structure: Supplier, name: string, iban = 'FR7630006000011234567890189'): Promise<{ id: string; publicId: number }> {
    const form = multipart({ name, accountType: 'IBAN', iban, bic: 'AGRIFRPP' }, { name: 'rib.pdf', type: 'application/pdf', content: TINY_PDF });
    const res = await t.http.post(`/api/v1/structures/${structure.id}/bank-accounts`, undefined, { token: structure.owner.token, payload: form.payload, headers: form.headers });
    if (res.status !== 201) throw new Error(`bank account: ${res.status} ${res.text}`);
    return { id: res.body.id, publicId: res.body.publicId };
  }

  const invoiceBody = (overrides: Record<string, unknown> = {}, fournisseur: Record<string, unknown> = {}) => ({
    modeDepot: 'SAISIE_API',
    numeroFactureSaisi: number(),
    dateFacture: '2026-03-15',
    destinataire: { codeDestinataire: recipient.identifier, codeServiceExecutant: 'SERV-01' },
    fournisseur: { idFournisseur: supplier.publicId, codeCoordonneesBancairesFournisseur: 0, ...fournisseur },
    montantTotal: { montantHtTotal: 100, montantTVA: 20, montantTtcTotal: 120, montantAPayer: 120 },
    ligneTva: [{ ligneTvaTauxValeur: 20, ligneTvaMontantBaseHtParTaux: 100, ligneTvaMontantTvaParTaux: 20 }],
    ...overrides,
  });

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
    supplier = await givenSupplier(t);
    other = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }, { code: 'SERV-02' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('bank details', () => {
    let main: { id: string; publicId: number };
    let foreign: { id: string; publicId: number };

    beforeAll(async () => {
      main = await givenBankAccount(supplier, 'Compte principal');
      foreign = await givenBankAccount(other, 'Compte d’un autre');
    });

    it('gives bank accounts an integer public id, increasing', async () => {
      expect(main.publicId).toEqual(expect.any(Number));
      const second = await givenBankAccount(supplier, 'Compte secondaire', 'FR1420041010050500013M02606');
      expect(second.publicId).toBeGreaterThan(main.publicId);
      const list = await t.http.get(`/api/v1/structures/${supplier.id}/bank-accounts`, { token: supplier.owner.token });
      expect(list.body.map((b: { publicId: number }) => b.publicId)).toEqual([main.publicId, second.publicId]);
    });

    it('lists the active bank accounts of the account’s structure (idStructure given or not), never another structure’s', async () => {
      const res = await cpro(t, erp, 'transverses/v1/recuperer/coordbanc/valides', { idStructure: supplier.publicId });
      expect(res.status).toBe(200);
      expect(res.body.codeRetour).toBe(0);
      expect(res.body.listeCoordonneeBancaire).toEqual(
        expect.arrayContaining([expect.objectContaining({ idCoordonneeBancaire: main.publicId, nomCoordonneeBancaire: 'Compte principal', iban: 'FR76 **** 0189' })]),
      );
      expect(res.body.listeCoordonneeBancaire.map((b: { idCoordonneeBancaire: number }) => b.idCoordonneeBancaire)).not.toContain(foreign.publicId);
      expect(JSON.stringify(res.body)).not.toContain('FR7630006000011234567890189');

      const implicit = await cpro(t, erp, 'transverses/v1/recuperer/coordbanc/valides', {});
      expect(implicit.body.listeCoordonneeBancaire).toEqual(res.body.listeCoordonneeBancaire);

      const elsewhere = await cpro(t, erp, 'transverses/v1/recuperer/coordbanc/valides', { idStructure: other.publicId });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body).toMatchObject({ codeRetour: expect.any(Number), libelle: expect.stringContaining('idStructure') });
      expect(elsewhere.body.codeRetour).toBeGreaterThan(0);

      const unknown = await cpro(t, erp, 'transverses/v1/recuperer/coordbanc/valides', { idStructure: 999_999_999 });
      expect(unknown.status).toBe(400);
    });

    it('submits with codeCoordonneesBancairesFournisseur, and refuses an id that is not one of the supplier’s accounts', async () => {
      const ok = await cpro(t, erp, 'factures/v1/soumettre', invoiceBody({}, { codeCoordonneesBancairesFournisseur: main.publicId }));
      expect(ok.status).toBe(200);
      expect(ok.body.codeRetour).toBe(0);
      const [row] = await sql<{ bank_account_id: string }>(t, 'select bank_account_id from invoice where public_id = ?', [ok.body.identifiantFactureCPP]);
      expect(row!.bank_account_id).toBe(main.id);

      for (const id of [foreign.publicId, 999_999_999]) {
        const refused = await cpro(t, erp, 'factures/v1/soumettre', invoiceBody({}, { codeCoordonneesBancairesFournisseur: id }));
        expect(refused.status).toBe(400);
        expect(refused.body.codeRetour).toBeGreaterThan(0);
        expect(refused.body.libelle).toContain('fournisseur.codeCoordonneesBancairesFournisseur');
      }
    });

    it('refuses on the portal a bankAccountId that is not the supplier’s, naming the field', async () => {
      const draft = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { recipientServiceCode: 'SERV-01', bankAccountId: foreign.id }));
      const refused = await t.http.post(`/api/v1/invoices/${draft}/submission`, undefined, { token: supplier.owner.token });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'INVOICING.BANK_ACCOUNT_NOT_OF_SUPPLIER', field: 'bankAccountId' });

      expect((await t.http.patch(`/api/v1/invoices/${draft}`, { bankAccountId: main.id }, { token: supplier.owner.token })).status).toBe(204);
      expect((await t.http.post(`/api/v1/invoices/${draft}/submission`, undefined, { token: supplier.owner.token })).status).toBe(204);
    });
  });

  describe('deposer/pdf reads a Factur-X', () => {
    const deposit = (pdf: Buffer) =>
      cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: pdf.toString('base64'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });

    it('answers the invoice data of a real Factur-X with soumettre’s field names', async () => {
      const res = await deposit(fixture('facturx/invoice_EN16931.pdf'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        codeRetour: 0,
        pieceJointeId: expect.any(Number),
        numeroFacture: 'F20260023',
        dateFacture: '2026-01-31',
        typeFacture: 'FACTURE',
        deviseFacture: 'EUR',
        montantHtTotal: 100,
        montantTVA: 4.9,
        montantTtcTotal: 104.9,
        montantAPayer: 104.9,
        destinataire: { codeDestinataire: null, codeServiceExecutant: 'SERVEXEC' },
        references: { numeroBonCommande: 'PO201925478', numeroMarche: 'CT2018120802' },
        montantTotal: { montantHtTotal: 100, montantTVA: 4.9, montantTtcTotal: 104.9, montantAPayer: 104.9 },
      });
    });

    it('reads the recipient SIRET, service and engagement of a French Factur-X, which soumettre then accepts', async () => {
      const xml = ciiInvoice({ number: number() }).split(SUPPLIER_SIRET).join(supplier.identifier).split(RECIPIENT_SIRET).join(recipient.identifier);
      const res = await deposit(makePdf({ attachments: [{ name: 'factur-x.xml', data: Buffer.from(xml) }] }));
      expect(res.body).toMatchObject({
        codeRetour: 0,
        destinataire: { codeDestinataire: recipient.identifier, codeServiceExecutant: 'SERV-02' },
        fournisseur: { codeFournisseur: supplier.identifier },
        references: { numeroBonCommande: 'EJ-4500099999' },
        montantAPayer: 60,
      });
      const read = res.body;
      const submitted = await cpro(t, erp, 'factures/v1/soumettre', {
        modeDepot: 'DEPOT_PDF_API',
        numeroFactureSaisi: read.numeroFacture,
        dateFacture: read.dateFacture,
        destinataire: read.destinataire,
        references: read.references,
        montantTotal: read.montantTotal,
        ligneTva: [{ ligneTvaTauxValeur: 20, ligneTvaMontantBaseHtParTaux: 50, ligneTvaMontantTvaParTaux: 10 }],
        pieceJointePrincipale: [{ pieceJointePrincipaleId: read.pieceJointeId }],
      });
      expect(submitted.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE', numeroFacture: read.numeroFacture });

      // The staged file was consumed by the submission: its row and its kept bytes are gone, the invoice
      // has its own copy.
      const [file] = await sql<{ size: number; stored: number }>(
        t,
        `select f.size, (select count(*)::int from invoice_stored_file s where s.id = f.stored_file_id) as stored
           from invoice_file f join invoice i on i.id = f.invoice_id where i.public_id = ? and f.kind = 'main'`,
        [submitted.body.identifiantFactureCPP],
      );
      expect(file).toEqual({ size: expect.any(Number), stored: 1 });
      expect(await sql(t, 'select 1 from piste_staged_attachment where public_id = ?', [read.pieceJointeId])).toEqual([]);
      // Stored bytes no context names (invoice files, staged attachments, but also the bank proofs and
      // documents the other contexts keep in the same store).
      const named = t.app.get(FileReferences).list().map((r) => `and not exists (select 1 from "${r.table}" r where r."${r.column}" = s.id)`);
      const orphans = await sql(t, `select 1 from invoice_stored_file s where true ${named.join(' ')}`);
      expect(orphans).toEqual([]);
      const again = await cpro(t, erp, 'factures/v1/soumettre', invoiceBody({ modeDepot: 'DEPOT_PDF_API', pieceJointePrincipale: [{ pieceJointePrincipaleId: read.pieceJointeId }] }));
      expect(again.status).toBe(400);
      expect(again.body.libelle).toContain('pieceJointePrincipale');
    });

    it('refuses an attachment that is not a PDF as the main file of soumettre, and keeps it for another try', async () => {
      const text = await cpro(t, erp, 'transverses/v1/ajouter/fichier', { pieceJointeFichier: Buffer.from('pas un pdf').toString('base64'), nomFichier: 'note.txt', typeMime: 'application/pdf' });
      expect(text.body.codeRetour).toBe(0);
      const refused = await cpro(t, erp, 'factures/v1/soumettre', invoiceBody({ modeDepot: 'DEPOT_PDF_API', pieceJointePrincipale: [{ pieceJointePrincipaleId: text.body.pieceJointeId }] }));
      expect(refused.status).toBe(415);
      expect(refused.body).toMatchObject({ codeErreur: 'INVOICING.FILE_NOT_PDF', champ: 'pieceJointePrincipale' });
      expect(await sql(t, 'select 1 from invoice_file f join piste_staged_attachment p on p.kept_file_id = f.stored_file_id')).toEqual([]);
      // Still staged (the refused call consumed nothing): usable as an additional file.
      const used = await cpro(t, erp, 'factures/v1/soumettre', invoiceBody({ pieceJointeComplementaire: [{ pieceJointeComplementaireId: text.body.pieceJointeId }] }));
      expect(used.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE' });
    });

    it('answers only the pieceJointeId for a plain PDF', async () => {
      const res = await deposit(TINY_PDF);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ codeRetour: 0, libelle: 'TRA_MSG_00.000', pieceJointeId: expect.any(Number) });
    });
  });

  describe('sweeps', () => {
    it('processes a flow whose job was lost, once it has waited 15 minutes', async () => {
      const xml = ciiInvoice({ number: number() }).split(SUPPLIER_SIRET).join(supplier.identifier).split(RECIPIENT_SIRET).join(recipient.identifier);
      const res = await cpro(t, erp, 'factures/v1/deposer/flux', { fichierFlux: Buffer.from(xml).toString('base64'), nomFichier: 'flux.xml', syntaxeFlux: 'IN_DP_E1_CII_16B' });
      expect(res.body.codeRetour).toBe(0);
      const sweep = t.app.get(StuckFlowSweep);
      const state = async (): Promise<string> => (await cpro(t, erp, 'transverses/v1/consulterCR', { numeroFluxDepot: res.body.numeroFluxDepot })).body.etatCourantDepotFlux;

      await sweep.run();
      expect(await state()).toBe('IN_RECU');

      t.clock.advance(16 * 60 * 1000);
      try {
        expect(await sweep.run()).toBe(1);
      } finally {
        t.clock.advance(-16 * 60 * 1000);
      }
      expect(await state()).toBe('IN_INTEGRE');
      const invoices = (): Promise<unknown[]> => sql(t, 'select count(*)::int as n from invoice where deposit_flow_number = ?', [res.body.numeroFluxDepot]);
      expect(await invoices()).toEqual([{ n: 1 }]);

      // The job arriving late finds a final state and changes nothing (no second invoice).
      const [event] = await sql<{ id: string; type: string; payload: unknown; actor: unknown; occurred_at: Date }>(t, "select id, type, payload, actor, occurred_at from outbox_event where type = 'invoicing.flow-deposited' and payload->>'flowNumber' = ?", [res.body.numeroFluxDepot]);
      const envelope = { id: event.id, type: event.type, payload: event.payload, actor: event.actor, occurredAt: new Date(event.occurred_at).toISOString() };
      await t.app.get(WorkerRuntime).dispatch({ name: 'event:invoicing.process-flow', data: envelope } as Job);
      expect(await state()).toBe('IN_INTEGRE');
      expect(await invoices()).toEqual([{ n: 1 }]);
    });

    it('purges staged attachments never used after 7 days', async () => {
      const staged = await cpro(t, erp, 'transverses/v1/ajouter/fichier', { pieceJointeFichier: Buffer.from('annexe').toString('base64'), nomFichier: 'annexe.txt', typeMime: 'text/plain' });
      expect(staged.body.codeRetour).toBe(0);
      const purge = t.app.get(StagedAttachmentPurge);
      const exists = async (): Promise<boolean> => (await sql(t, 'select 1 from piste_staged_attachment where public_id = ?', [staged.body.pieceJointeId])).length === 1;

      t.clock.advance(6 * DAY_MS);
      try {
        await purge.run();
        expect(await exists()).toBe(true);
        t.clock.advance(2 * DAY_MS);
        const [{ kept }] = await sql<{ kept: string }>(t, 'select kept_file_id as kept from piste_staged_attachment where public_id = ?', [staged.body.pieceJointeId]);
        expect(await purge.run()).toBeGreaterThanOrEqual(1);
        expect(await exists()).toBe(false);
        // With its bytes.
        expect(await sql(t, 'select 1 from invoice_stored_file where id = ?', [kept])).toEqual([]);
      } finally {
        t.clock.advance(-8 * DAY_MS);
      }
      const used = await cpro(t, erp, 'factures/v1/soumettre', invoiceBody({ pieceJointeComplementaire: [{ pieceJointeComplementaireId: staged.body.pieceJointeId }] }));
      expect(used.status).toBe(400);
      expect(used.body.libelle).toContain('pieceJointeComplementaire');
    });
  });
});
