import { gzipSync } from 'node:zlib';
import { makeTar, ublInvoice } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { sql } from '../accounts/helpers';
import { ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, soumettreBody, Supplier } from '../../factories/invoicing';
import { depositFlow as depositFlowOf, finalFlowReport, readdressed } from '../../factories/flows';
import { cpro } from '../../factories/connections';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Issue 17: an invoice number the supplier already used, deposited in a flow, is a refusal of that invoice
 * (a `duplicate` finding with the reform's 213 / DOUBLON), never a flow stuck in IN_RECU; the other invoices
 * of the flow integrate, and a number repeated inside one flow is refused the second time. The application
 * runs both roles, so the flow's job is processed by the worker as in production.
 */
describe('PISTE API mode: duplicate invoice numbers in flows', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let counter = 0;
  const number = (): string => `DUP-${Date.now().toString(36)}-${++counter}`.slice(0, 20);
  const siretsOf = (xml: string): string => readdressed(xml, supplier, recipient);

  const depositFlow = (content: Buffer, nomFichier: string): Promise<string> => depositFlowOf(t, erp, content, nomFichier);
  const finalReport = (numeroFluxDepot: string): Promise<Record<string, any>> => finalFlowReport(t, erp, numeroFluxDepot);

  const invoicesOf = async (flowNumber: string): Promise<string[]> =>
    (await sql<{ number: string }>(t, 'select number from invoice where deposit_flow_number = ? and submitted_at is not null order by number', [flowNumber])).map((r) => r.number);

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => t.clock.reset());

  it('rejects a flow whose only invoice number was already used, with the duplicate reason, instead of leaving it IN_RECU', async () => {
    const used = number();
    const first = await finalReport(await depositFlow(Buffer.from(siretsOf(ublInvoice({ number: used }))), 'premier.xml'));
    expect(first.etatCourantDepotFlux).toBe('IN_INTEGRE');

    // Not byte-identical (a retry of the same bytes is the first flow, below): a new flow that reuses the number.
    const again = await depositFlow(Buffer.from(`${siretsOf(ublInvoice({ number: used }))}\n`), 'doublon.xml');
    const report = await finalReport(again);
    expect(report.etatCourantDepotFlux).toBe('IN_REJETE');
    expect(report.listeErreurDP).toEqual([
      expect.objectContaining({
        numeroDP: used,
        identifiantFournisseur: supplier.identifier,
        identifiantDestinataire: recipient.identifier,
        libelleErreurDP: expect.stringContaining(used),
        codeRegle: 'LIASSE-DUPLICATE-NUMBER',
        etape: 'duplicate',
        severite: 'error',
        termeMetier: 'BT-1',
        emplacement: '/Invoice/cbc:ID',
        valeurs: expect.objectContaining({ number: used, year: '2026' }),
        statutCycleDeVie: 213,
        motifStatut: 'DOUBLON',
      }),
    ]);
    expect(report.listeErreurTechnique).toEqual([]);
    expect(await invoicesOf(again)).toEqual([]);
  }, 60_000);

  it('integrates the other invoices of a multi-invoice flow and refuses only the duplicates, a number repeated inside the flow included', async () => {
    const used = number();
    await finalReport(await depositFlow(Buffer.from(siretsOf(ublInvoice({ number: used }))), 'premier.xml'));
    const fresh = [number(), number()];
    const twice = number();
    const tarball = gzipSync(
      makeTar([
        { name: 'a.xml', content: siretsOf(ublInvoice({ number: fresh[0] })) },
        { name: 'b.xml', content: siretsOf(ublInvoice({ number: used })) },
        { name: 'c.xml', content: siretsOf(ublInvoice({ number: twice })) },
        { name: 'd.xml', content: siretsOf(ublInvoice({ number: twice })) },
        { name: 'e.xml', content: siretsOf(ublInvoice({ number: fresh[1] })) },
      ]),
    );
    const flow = await depositFlow(tarball, 'lot.tar.gz');
    const report = await finalReport(flow);
    expect(report.etatCourantDepotFlux).toBe('IN_INTEGRE_PARTIEL');
    expect(report.listeErreurDP.map((e: { numeroDP: string }) => e.numeroDP).sort()).toEqual([used, twice].sort());
    expect(await invoicesOf(flow)).toEqual([...fresh, twice].sort());
  }, 60_000);

  describe('a deposit retried with the same bytes (no Idempotency-Key) within 10 minutes is the first one', () => {
    const flowCount = async () => Number((await sql<{ n: string }>(t, 'select count(*) as n from invoice_flow where structure_id = ?', [supplier.id]))[0]!.n);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(number()), Buffer.from('\n%%EOF\n')]);

    it('deposer/flux: the retry answers the first numeroFluxDepot with doublon: true; after the window it is a new flow', async () => {
      const content = Buffer.from(siretsOf(ublInvoice({ number: number() })));
      const body = { fichierFlux: content.toString('base64'), nomFichier: 'retry.xml', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE', avecSignature: false };
      const before = await flowCount();
      const [first, concurrent] = await Promise.all([cpro(t, erp, 'factures/v1/deposer/flux', body), cpro(t, erp, 'factures/v1/deposer/flux', body)]);
      const retry = await cpro(t, erp, 'factures/v1/deposer/flux', body);
      const numbers = [first, concurrent, retry].map((r) => r.body.numeroFluxDepot);
      expect(new Set(numbers).size).toBe(1);
      expect([first, concurrent, retry].filter((r) => r.body.doublon === true)).toHaveLength(2);
      expect(retry.body).toMatchObject({ codeRetour: 0, doublon: true });
      expect(await flowCount()).toBe(before + 1);
      // Another syntax is another deposit.
      expect((await cpro(t, erp, 'factures/v1/deposer/flux', { ...body, syntaxeFlux: 'IN_DP_E2_UBL_INVOICE_MIN' })).body.doublon).toBeUndefined();
      t.clock.advance(11 * 60 * 1000);
      const later = await cpro(t, erp, 'factures/v1/deposer/flux', body);
      expect(later.body.doublon).toBeUndefined();
      expect(later.body.numeroFluxDepot).not.toBe(numbers[0]);
    }, 60_000);

    it('deposer/pdf then soumettre: a retried chain answers the first pieceJointeId, then the first invoice, with doublon: true', async () => {
      const deposit = () => cpro(t, erp, 'factures/v1/deposer/pdf', { fichierFacture: pdf.toString('base64'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
      const firstPdf = await deposit();
      expect(firstPdf.body.codeRetour).toBe(0);
      // Retried before soumettre: the same staged file.
      expect((await deposit()).body).toMatchObject({ pieceJointeId: firstPdf.body.pieceJointeId, doublon: true });
      const invoiceNumber = number();
      const soumettre = (pieceJointeId: number) =>
        cpro(
          t,
          erp,
          'factures/v1/soumettre',
          soumettreBody(supplier, recipient, invoiceNumber, {
            modeDepot: 'DEPOT_PDF_API',
            pieceJointePrincipale: [{ pieceJointePrincipaleDesignation: 'facture', pieceJointePrincipaleId: pieceJointeId }],
          }),
        );
      const submitted = await soumettre(firstPdf.body.pieceJointeId);
      expect(submitted.body).toMatchObject({ codeRetour: 0, statutFacture: 'DEPOSEE' });
      expect(submitted.body.doublon).toBeUndefined();
      // The whole chain again: the file is staged anew (the first was used), soumettre answers the first invoice.
      const againPdf = await deposit();
      expect(againPdf.body.doublon).toBeUndefined();
      const again = await soumettre(againPdf.body.pieceJointeId);
      expect(again.body).toMatchObject({ codeRetour: 0, doublon: true, identifiantFactureCPP: submitted.body.identifiantFactureCPP, numeroFacture: invoiceNumber });
      expect(await sql(t, 'select 1 from invoice where number = ? and supplier_structure_id = ?', [invoiceNumber, supplier.id])).toHaveLength(1);
    }, 60_000);
  });
});
