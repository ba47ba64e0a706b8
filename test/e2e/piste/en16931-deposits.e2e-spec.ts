import {
  allowanceAndChargeCii,
  baseQuantityUbl,
  creditNoteUbl,
  OFFICIAL_EXAMPLES,
  readdressedDocument,
  readdressedExample,
  returnLinesUbl,
  roundingCii,
  shiftAmount,
  withCiiAttachment,
} from '../../../src/lib/einvoice/__fixtures__/en16931-cases';
import { fixture, makePdf } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { extractFacturXXml, parseCiiInvoice, parseUblInvoice } from '../../../src/lib/einvoice';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { depositFlow, finalFlowReport, readdressed as addressed } from '../../factories/flows';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Issue 17: real EN 16931 documents deposited through /cpro/factures/v1/deposer/flux as an ERP would are
 * integrated with their exact amounts when EN 16931 accepts them — document-level allowances and charges,
 * prices per base quantity, return lines, rounding amounts, credit notes — and refused with the rule id
 * when a total is wrong.
 */
describe('EN 16931 documents deposited as flows', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let counter = 0;
  const number = (): string => `EN-${Date.now().toString(36)}-${++counter}`.slice(0, 20);
  const readdressed = (xml: string): Buffer => Buffer.from(addressed(xml, supplier, recipient));

  async function deposit(content: Buffer, syntaxeFlux: string): Promise<Record<string, any>> {
    const numeroFluxDepot = await depositFlow(t, erp, content, 'facture.xml', syntaxeFlux);
    return { ...(await finalFlowReport(t, erp, numeroFluxDepot)), numeroFluxDepot };
  }

  async function integrated(content: Buffer, syntaxeFlux: string): Promise<Record<string, any>> {
    const report = await deposit(content, syntaxeFlux);
    expect(report).toMatchObject({ etatCourantDepotFlux: 'IN_INTEGRE', listeErreurDP: [] });
    const found = await cpro(t, erp, 'factures/v1/rechercher/fournisseur', { numeroFluxDepot: report.numeroFluxDepot, rechercheFactureParFournisseur: { nbResultatsParPage: 10 } });
    expect(found.body.listeFactures).toHaveLength(1);
    const consulted = await cpro(t, erp, 'factures/v1/consulter/fournisseur', { identifiantFactureCPP: found.body.listeFactures[0].identifiantFactureCPP });
    expect(consulted.body.codeRetour).toBe(0);
    return consulted.body.facture;
  }

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('integrates every official EN 16931 example with its exact amounts (UBL, CII, and the Factur-X PDF)', async () => {
    const amountsOf = (xml: string) => {
      const parsed = xml.includes('CrossIndustryInvoice') ? parseCiiInvoice(xml) : parseUblInvoice(xml);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const { totals } = parsed.invoice;
      return { montantHtTotal: Number(totals.totalExclTax), montantTVA: Number(totals.totalVat), montantTtcTotal: Number(totals.totalInclTax), montantAPayer: Number(totals.amountDue) };
    };
    for (const file of OFFICIAL_EXAMPLES) {
      const xml = readdressed(readdressedExample(file, number())).toString();
      const syntax = xml.includes('CrossIndustryInvoice') ? 'IN_DP_E1_CII_16B' : 'IN_DP_E1_UBL_INVOICE';
      const facture = await integrated(Buffer.from(xml), syntax);
      expect({ file, amounts: facture.montantTotal }).toEqual({ file, amounts: amountsOf(xml) });
    }
    // The Factur-X PDF sample: its CII, re-addressed, embedded again in a PDF.
    const embedded = extractFacturXXml(fixture('facturx/invoice_EN16931.pdf')).xml.toString('utf8');
    const cii = readdressed(readdressedDocument(embedded, number())).toString();
    const facturx = await integrated(makePdf({ attachments: [{ name: 'factur-x.xml', data: Buffer.from(cii) }] }), 'IN_DP_E2_CII_FACTURX');
    expect(facturx.montantTotal).toEqual(amountsOf(cii));
  }, 180_000);

  it('integrates an invoice with a document-level allowance AND a charge (lines 95.00 − 9.00 + 14.00 = 100.00)', async () => {
    const facture = await integrated(readdressed(allowanceAndChargeCii(number())), 'IN_DP_E1_CII_16B');
    expect(facture.montantTotal).toEqual({ montantHtTotal: 100, montantTVA: 4.9, montantTtcTotal: 104.9, montantAPayer: 104.9 });
    expect(facture.modeDepot).toBe('DEPOT_FLUX');
  }, 60_000);

  it('makes the documents embedded in the invoice (BG-24) its additional files (name, media type, size)', async () => {
    const timesheet = Buffer.from('date;heures\n2026-01-05;7.5\n', 'utf8');
    const xml = withCiiAttachment(allowanceAndChargeCii(number()), { id: 'RELEVE-01', fileName: 'releve-heures.csv', mediaType: 'text/csv', content: timesheet });
    const facture = await integrated(readdressed(xml), 'IN_DP_E1_CII_16B');
    expect(facture.listeDesPiecesJointes.pieceJointe).toEqual([
      expect.objectContaining({ pieceJointeDesignation: 'releve-heures.csv', pieceJointeMimeType: 'text/csv', pieceJointeTaille: timesheet.length, pieceJointeTypeCode: 'AUTRE' }),
    ]);
  }, 60_000);

  it('integrates prices per base quantity and 5-decimal prices, return lines, a rounding amount and a credit note', async () => {
    const perTwelve = await integrated(readdressed(baseQuantityUbl(number())), 'IN_DP_E1_UBL_INVOICE');
    expect(perTwelve.montantTotal).toEqual({ montantHtTotal: 229.6, montantTVA: 20.73, montantTtcTotal: 250.33, montantAPayer: 250.33 });
    expect(perTwelve.lignesDePoste.lignePoste.slice(0, 2)).toEqual([
      expect.objectContaining({ lignePosteQuantite: 2, lignePosteMontantUnitaireHT: 119.4, lignePosteMontantHtApresRemise: 19.9 }),
      expect.objectContaining({ lignePosteQuantite: 8, lignePosteMontantUnitaireHT: 1.23125, lignePosteMontantHtApresRemise: 9.85 }),
    ]);

    const returns = await integrated(readdressed(returnLinesUbl(number())), 'IN_DP_E1_UBL_INVOICE');
    expect(returns.montantTotal).toEqual({ montantHtTotal: 70, montantTVA: 14, montantTtcTotal: 84, montantAPayer: 84 });
    expect(returns.lignesDePoste.lignePoste.map((l: Record<string, number>) => [l.lignePosteQuantite, l.lignePosteMontantHtApresRemise])).toEqual([
      [4, 100],
      [-1, -25],
      [1, -5],
    ]);

    const rounded = await integrated(readdressed(roundingCii(number(), { due: '105.00' })), 'IN_DP_E1_CII_16B');
    expect(rounded.montantTotal).toEqual({ montantHtTotal: 100, montantTVA: 4.9, montantTtcTotal: 104.9, montantAPayer: 105 });

    const credit = await integrated(readdressed(creditNoteUbl(number())), 'IN_DP_E1_UBL_INVOICE');
    expect(credit.references.typeFacture).toBe('AVOIR');
    expect(credit.montantTotal).toEqual({ montantHtTotal: 100.11, montantTVA: 0, montantTtcTotal: 100.11, montantAPayer: 100.11 });
  }, 120_000);

  it('refuses a document whose total with VAT is off by 0.05, naming the EN 16931 rules', async () => {
    const invoiceNumber = number();
    const mutated = shiftAmount(allowanceAndChargeCii(invoiceNumber), 'ram:GrandTotalAmount', 0.05);
    const report = await deposit(readdressed(mutated), 'IN_DP_E1_CII_16B');
    expect(report.etatCourantDepotFlux).toBe('IN_REJETE');
    // One entry per finding: the rule, its values, the number of the document refused.
    expect(report.listeErreurDP.map((e: { codeRegle: string }) => e.codeRegle)).toEqual(['BR-CO-15', 'BR-CO-16']);
    expect(report.listeErreurDP[0]).toMatchObject({ numeroDP: invoiceNumber, termeMetier: 'BT-112', valeurs: { expected: expect.any(String), actual: expect.any(String) } });
    for (const error of report.listeErreurDP) expect(error.libelleErreurDP).not.toContain('incohérents');
  }, 60_000);
});
