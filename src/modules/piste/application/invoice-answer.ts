import { ApiInvoiceDetails } from '../../invoicing/contracts/api-mode';
import { StructureSummary } from '../../organisation/contracts/structures';
import { block, Body, integer } from '../domain/readers';
import { day, fileExtension, num } from './piste-common';

/** A file's type as consulter shows it; `rendered` is the Factur-X the platform made of an invoice deposited without a document. */
const FILE_KIND_LABELS: Record<string, string> = { main: 'Facture (fichier principal)', rendered: 'Facture (Factur-X rendue par la plateforme)', additional: 'Pièce complémentaire' };

/**
 * The `facture` of `factures/v1/consulter/fournisseur` and `/recipiendaire`, in the platform's shape
 * (issue 16): the three lists are objects wrapping the list with its own paging
 * (`lignesDePoste.lignePoste[]`, `recapitulatifDeTva.ligneTva[]`, `listeDesPiecesJointes.pieceJointe[]`),
 * the dates and the currency sit in `references`, and field names and JSON types are those
 * go-choruspro's `Facture` decodes (factures_consultations.go): a plain array where it expects an object,
 * a number where it expects a string, or a timestamp where it expects `2006-01-02` fails the whole
 * decoding. Amounts are JSON numbers; dates `YYYY-MM-DD`.
 */

/** Rate value → its code of `recuperer/tauxtva` ("20" → "TVA20"), compared as numbers. */
export type RateCodeOf = (rate: string) => string | null;

interface ListPaging {
  /** Request block names: go-choruspro sends the first for consulter/fournisseur, the second for /recipiendaire. */
  blocks: readonly string[];
  /** Field suffix of the request (`nbResultatsParPage<suffix>`, `pageResultatDemandee<suffix>`). */
  requestSuffixes: readonly string[];
  /** Field suffix of the answer (`pageCourante<suffix>`…). */
  answerSuffix: string;
  /** Name of the list inside the wrapping object. */
  key: string;
}

const LINES: ListPaging = {
  blocks: ['pLignesPoste', 'rechercheLignePoste'],
  requestSuffixes: ['LignesPoste'],
  answerSuffix: 'LignesPoste',
  key: 'lignePoste',
};
const VAT: ListPaging = {
  blocks: ['pLigneRecapTva', 'rechercheligneTvaRecap'],
  requestSuffixes: ['ListeListeRecapitulatifTVA', 'ListeRecapitulatifTVA'],
  answerSuffix: 'LignesRecapitulativesTVA',
  key: 'ligneTva',
};
const FILES: ListPaging = {
  blocks: ['pListePiecesJointes', 'recherchePj'],
  requestSuffixes: ['ListePieceJointe', 'ListePiecesJointe'],
  answerSuffix: 'ListePiecesJointe',
  key: 'pieceJointe',
};

/** One page of a list, wrapped as the platform answers it; without paging in the request, the whole list. */
function paged<T>(items: T[], body: Body, spec: ListPaging): Record<string, unknown> {
  const request = spec.blocks.map((name) => block(body, name)).find((b) => Object.keys(b).length > 0) ?? {};
  const size = integer(request, spec.requestSuffixes.map((s) => `nbResultatsParPage${s}`)) ?? Math.max(items.length, 1);
  const pageSize = Math.min(size, 1000);
  const page = integer(request, spec.requestSuffixes.map((s) => `pageResultatDemandee${s}`)) ?? 1;
  return {
    [spec.key]: items.slice((page - 1) * pageSize, page * pageSize),
    [`nbResultatsParPage${spec.answerSuffix}`]: pageSize,
    [`pageCourante${spec.answerSuffix}`]: page,
    [`pages${spec.answerSuffix}`]: Math.max(1, Math.ceil(items.length / pageSize)),
    [`total${spec.answerSuffix}`]: items.length,
  };
}

export function consultedInvoice(
  invoice: ApiInvoiceDetails,
  parties: { supplier: StructureSummary | null; recipient: StructureSummary | null },
  rateCodeOf: RateCodeOf,
  body: Body,
) {
  const { supplier, recipient } = parties;
  const lines = invoice.lines.map((l, i) => ({
    lignePosteNumero: i + 1,
    lignePosteDenomination: l.description,
    lignePosteQuantite: num(l.quantity),
    lignePosteMontantUnitaireHT: num(l.unitPrice),
    lignePosteTauxTva: rateCodeOf(l.vatRate),
    lignePosteTauxTvaManuel: num(l.vatRate),
    lignePosteMontantHtApresRemise: num(l.amountExclTax),
  }));
  const vat = invoice.vatBreakdown.map((v) => ({
    ligneTvaTauxRefCode: rateCodeOf(v.rate),
    ligneTvaTauxRefValeur: num(v.rate),
    ligneTvaTauxManuel: num(v.rate),
    ligneTvaMontantBaseHtParTaux: num(v.taxableAmount),
    ligneTvaMontantTvaParTaux: num(v.vatAmount),
  }));
  const files = invoice.files.map((f) => ({
    pieceJointeDesignation: f.fileName,
    pieceJointeExtension: fileExtension(f.fileName),
    pieceJointeTypeCode: f.kind === 'main' || f.kind === 'rendered' ? 'FACTURE' : 'AUTRE',
    pieceJointeTypeLibelle: FILE_KIND_LABELS[f.kind] ?? 'Pièce complémentaire',
    pieceJointeMimeType: f.mediaType,
    pieceJointeTaille: f.size,
  }));
  return {
    identifiantFactureCPP: invoice.publicId,
    numeroFacture: invoice.number,
    statutFacture: invoice.status,
    modeDepot: invoice.depositMode,
    numeroFluxDepot: invoice.depositFlowNumber,
    commentaire: invoice.comment,
    cadreDeFacturation: { codeCadreFacturation: invoice.billingFramework },
    destinataire: {
      idDestinataire: recipient?.publicId ?? null,
      codeDestinataire: recipient?.identifier ?? null,
      libelleDestinataire: recipient ? (recipient.label ?? recipient.companyName) : null,
      codeServiceExecutant: invoice.recipientServiceCode,
    },
    fournisseur: {
      idFournisseur: supplier?.publicId ?? null,
      codeFournisseur: supplier?.identifier ?? null,
      typeIdentifiantFournisseur: supplier?.identifierType ?? null,
      designationFournisseur: supplier ? (supplier.label ?? supplier.companyName) : null,
      raisonSociale: supplier?.companyName ?? null,
    },
    references: {
      codeDeviseFacture: invoice.currency,
      deviseFacture: invoice.currency,
      typeFacture: invoice.type,
      typeTva: invoice.vatRegime,
      modePaiement: invoice.paymentMode,
      numeroBonCommande: invoice.engagementNumber,
      numeroMarche: invoice.contractNumber,
      dateFacture: invoice.invoiceDate,
      dateDepot: day(invoice.submittedAt),
      tailleTotalePiecesJointes: invoice.files.reduce((sum, f) => sum + f.size, 0),
    },
    montantTotal: {
      montantHtTotal: num(invoice.totalExclTax),
      montantTVA: num(invoice.totalVat),
      montantTtcTotal: num(invoice.totalInclTax),
      montantAPayer: num(invoice.amountDue),
    },
    lignesDePoste: paged(lines, body, LINES),
    recapitulatifDeTva: paged(vat, body, VAT),
    listeDesPiecesJointes: paged(files, body, FILES),
  };
}
