import { ApiInvoiceDetails } from '../../invoicing/contracts/api-mode';
import { consultedInvoice } from './invoice-answer';

const invoice = (lines: number): ApiInvoiceDetails => ({
  id: 'i',
  publicId: 42,
  side: 'SUPPLIER',
  supplierStructureId: 's',
  supplierServiceId: null,
  billingFramework: 'A1_FACTURE_FOURNISSEUR',
  recipientStructureId: null,
  recipientServiceCode: null,
  recipientServiceId: null,
  number: 'F-1',
  invoiceDate: '2026-03-15',
  currency: 'EUR',
  type: 'FACTURE',
  engagementNumber: null,
  contractNumber: null,
  vatRegime: 'TVA_SUR_DEBIT',
  paymentMode: 'VIREMENT',
  totalExclTax: '100.00',
  totalVat: '5.50',
  totalInclTax: '105.50',
  amountDue: '105.50',
  vatBreakdown: [{ rate: '5.50', taxableAmount: '100.00', vatAmount: '5.50' }],
  lines: Array.from({ length: lines }, (_, i) => ({ description: `L${i + 1}`, quantity: '1', unitPrice: '10', vatRate: '5.5', amountExclTax: '10.00' })),
  comment: null,
  depositMode: 'SAISIE_API',
  depositFlowNumber: null,
  status: 'DEPOSEE',
  statusChangedAt: '2026-03-16T08:00:00.000Z',
  submittedAt: '2026-03-16T08:00:00.000Z',
  rejectionAcknowledged: false,
  validatorStructureId: null,
  files: [{ id: 'f', kind: 'main', fileName: 'facture.pdf', mediaType: 'application/pdf', size: 1234 }],
});

const rateCodeOf = (rate: string): string | null => (Number(rate) === 5.5 ? 'TVA5_5' : null);
const parties = { supplier: null, recipient: null };

describe('the invoice of consulter/fournisseur and /recipiendaire', () => {
  it('wraps each list in an object with its paging, the whole list on one page when none is asked', () => {
    const f = consultedInvoice(invoice(3), parties, rateCodeOf, {});
    expect(f.lignesDePoste).toEqual({
      lignePoste: [expect.objectContaining({ lignePosteNumero: 1 }), expect.objectContaining({ lignePosteNumero: 2 }), expect.objectContaining({ lignePosteNumero: 3 })],
      nbResultatsParPageLignesPoste: 3,
      pageCouranteLignesPoste: 1,
      pagesLignesPoste: 1,
      totalLignesPoste: 3,
    });
    expect(f.recapitulatifDeTva).toMatchObject({ totalLignesRecapitulativesTVA: 1, ligneTva: [{ ligneTvaTauxRefCode: 'TVA5_5', ligneTvaTauxManuel: 5.5, ligneTvaMontantTvaParTaux: 5.5 }] });
    expect(f.listeDesPiecesJointes).toMatchObject({ totalListePiecesJointe: 1, pieceJointe: [{ pieceJointeExtension: 'PDF', pieceJointeTypeCode: 'FACTURE' }] });
    expect(f.references).toMatchObject({ codeDeviseFacture: 'EUR', dateFacture: '2026-03-15', dateDepot: '2026-03-16' });
  });

  it('pages a list as each client names its paging (consulter/fournisseur: pLignesPoste; /recipiendaire: rechercheLignePoste)', () => {
    for (const body of [
      { pLignesPoste: { nbResultatsParPageLignesPoste: 2, pageResultatDemandeeLignesPoste: 2 } },
      { rechercheLignePoste: { nbResultatsParPageLignesPoste: '2', pageResultatDemandeeLignesPoste: '2' } },
    ]) {
      const f = consultedInvoice(invoice(3), parties, rateCodeOf, body);
      expect(f.lignesDePoste).toMatchObject({ nbResultatsParPageLignesPoste: 2, pageCouranteLignesPoste: 2, pagesLignesPoste: 2, totalLignesPoste: 3 });
      expect((f.lignesDePoste.lignePoste as { lignePosteNumero: number }[]).map((l) => l.lignePosteNumero)).toEqual([3]);
    }
  });

  it('answers an empty list as an empty page, never null', () => {
    const f = consultedInvoice({ ...invoice(0), files: [] }, parties, rateCodeOf, {});
    expect(f.lignesDePoste).toMatchObject({ lignePoste: [], totalLignesPoste: 0, pagesLignesPoste: 1 });
    expect(f.listeDesPiecesJointes).toMatchObject({ pieceJointe: [], totalListePiecesJointe: 0 });
  });

  it('lists the Factur-X the platform rendered as the invoice document', () => {
    const rendered = { id: 'r', kind: 'rendered' as const, fileName: 'F-1_factur-x.pdf', mediaType: 'application/pdf', size: 36000 };
    const f = consultedInvoice({ ...invoice(0), files: [rendered] }, parties, rateCodeOf, {});
    expect(f.listeDesPiecesJointes).toMatchObject({ pieceJointe: [{ pieceJointeTypeCode: 'FACTURE', pieceJointeTypeLibelle: 'Facture (Factur-X rendue par la plateforme)' }] });
  });
});
