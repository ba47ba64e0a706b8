import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiInvoices, ApiKeptFile, ApiSubmissionInput, DUPLICATE_DEPOSIT_WINDOW_MS, InvoicingReference } from '../../invoicing/contracts/api-mode';
import { Clock } from '../../../shared/time/clock';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { PisteErrors } from '../domain/piste.errors';
import {
  amount,
  block,
  Body,
  date,
  integer,
  list,
  oneOf,
  required,
  requiredAmount,
  requiredText,
  text,
} from '../domain/readers';
import { day, num, OK } from './piste-common';
import { inPisteTerms } from './piste-terms';
import { DEPOSIT_PDF_FIELD, PisteStaging } from './piste-staging.service';
import { StreamedFiles } from '../../../shared/http/streamed-files';
import { PisteStructures } from './piste-structures.service';
import { implicitLineRate, lineAmount, readVatRate, requiredVatRate, vatRateCodesOf } from './vat-lines';

/** `factures/v1/deposer/pdf` and `factures/v1/soumettre`: an invoice in, from a PDF or entered through the API. */
@Injectable()
export class PisteInvoiceDeposit {
  constructor(
    private readonly invoices: ApiInvoices,
    private readonly catalog: StructureCatalog,
    private readonly structures: PisteStructures,
    private readonly staging: PisteStaging,
    private readonly reference: InvoicingReference,
    private readonly clock: Clock,
  ) {}

  async depositPdf(actor: TechnicalAccountActor, body: Body, files: StreamedFiles | null = null) {
    oneOf(body, 'formatDepot', ['PDF_NON_SIGNE', 'PDF_SIGNE'] as const);
    const staged = await this.staging.stage(actor, body, DEPOSIT_PDF_FIELD, true, files);
    // A Factur-X PDF carries its invoice as CII XML: answered with soumettre's field names. A plain PDF: the id only.
    const read = staged.content && this.invoices.readPdf(staged.content);
    // doublon: the same PDF deposited within DUPLICATE_DEPOSIT_WINDOW_MS and not used yet: its pieceJointeId.
    const deposited = { ...OK, pieceJointeId: staged.publicId, ...(staged.duplicate ? { doublon: true } : {}) };
    if (!read) return deposited;
    return {
      ...deposited,
      numeroFacture: read.number,
      dateFacture: read.invoiceDate,
      typeFacture: read.type,
      deviseFacture: read.currency,
      montantHtTotal: num(read.totalExclTax),
      montantTVA: num(read.totalVat),
      montantTtcTotal: num(read.totalInclTax),
      montantAPayer: num(read.amountDue),
      destinataire: { codeDestinataire: read.recipientIdentifier, codeServiceExecutant: read.recipientServiceCode },
      fournisseur: { codeFournisseur: read.supplierIdentifier },
      references: { deviseFacture: read.currency, typeFacture: read.type, numeroBonCommande: read.engagementNumber, numeroMarche: read.contractNumber },
      montantTotal: { montantHtTotal: num(read.totalExclTax), montantTVA: num(read.totalVat), montantTtcTotal: num(read.totalInclTax), montantAPayer: num(read.amountDue) },
    };
  }

  async submit(actor: TechnicalAccountActor, body: Body) {
    const mode = oneOf(body, 'modeDepot', ['SAISIE_API', 'DEPOT_PDF_API'] as const);
    if (!mode) throw required('modeDepot');
    const recipient = block(body, 'destinataire');
    const supplier = block(body, 'fournisseur');
    const frame = block(body, 'cadreDeFacturation', 'codeCadreFacturation');
    const rateCodes = vatRateCodesOf(this.reference);
    const refs = block(body, 'references');
    const totals = block(body, 'montantTotal');

    const supplierPublicId = integer(supplier, 'idFournisseur', 'fournisseur.idFournisseur');
    const own = await this.catalog.findById(actor.structureId);
    if (supplierPublicId !== undefined && own?.publicId !== supplierPublicId) {
      throw new DomainError(PisteErrors.SUPPLIER_NOT_ACCOUNT_STRUCTURE, { value: supplierPublicId }, 'fournisseur.idFournisseur');
    }
    const supplierServicePublicId = integer(supplier, 'idServiceFournisseur', 'fournisseur.idServiceFournisseur');
    const supplierServiceId = supplierServicePublicId
      ? (await this.structures.serviceByPublicId(actor.structureId, supplierServicePublicId, 'fournisseur.idServiceFournisseur')).id
      : null;
    const bankAccountPublicId = integer(supplier, 'codeCoordonneesBancairesFournisseur', 'fournisseur.codeCoordonneesBancairesFournisseur');
    const bankAccountId = bankAccountPublicId
      ? (await this.structures.bankAccountByPublicId(actor.structureId, bankAccountPublicId, 'fournisseur.codeCoordonneesBancairesFournisseur')).id
      : null;

    const vatBreakdown = list(body, 'ligneTva').map((l, i) => ({
      rate: requiredVatRate(l, 'ligneTva', `ligneTva[${i}]`, rateCodes),
      taxableAmount: requiredAmount(l, 'ligneTvaMontantBaseHtParTaux', `ligneTva[${i}].ligneTvaMontantBaseHtParTaux`),
      vatAmount: requiredAmount(l, 'ligneTvaMontantTvaParTaux', `ligneTva[${i}].ligneTvaMontantTvaParTaux`),
    }));
    const input: ApiSubmissionInput = {
      supplierStructureId: actor.structureId,
      supplierServiceId,
      bankAccountId,
      depositMode: mode,
      number: requiredText(body, ['numeroFactureSaisi', 'numeroFacture'], 'numeroFactureSaisi'),
      invoiceDate: date(body, 'dateFacture') ?? null,
      recipientIdentifier: requiredText(recipient, 'codeDestinataire', 'destinataire.codeDestinataire'),
      recipientServiceCode: text(recipient, 'codeServiceExecutant', 'destinataire.codeServiceExecutant') ?? null,
      billingFramework: text(frame, 'codeCadreFacturation', 'cadreDeFacturation.codeCadreFacturation') ?? 'A1_FACTURE_FOURNISSEUR',
      currency: text(refs, 'deviseFacture', 'references.deviseFacture') ?? 'EUR',
      type: oneOf(refs, 'typeFacture', ['FACTURE', 'AVOIR'] as const, 'references.typeFacture') ?? 'FACTURE',
      vatRegime: oneOf(refs, 'typeTva', ['TVA_SUR_DEBIT', 'TVA_SUR_ENCAISSEMENT', 'EXONERATION', 'SANS_TVA'] as const, 'references.typeTva') ?? 'TVA_SUR_DEBIT',
      paymentMode: oneOf(refs, 'modePaiement', ['CHEQUE', 'PRELEVEMENT', 'VIREMENT', 'ESPECE', 'AUTRE', 'REPORT'] as const, 'references.modePaiement') ?? 'VIREMENT',
      engagementNumber: text(refs, 'numeroBonCommande', 'references.numeroBonCommande') ?? null,
      contractNumber: text(refs, 'numeroMarche', 'references.numeroMarche') ?? null,
      totalExclTax: requiredAmount(totals, 'montantHtTotal', 'montantTotal.montantHtTotal'),
      totalVat: requiredAmount(totals, 'montantTVA', 'montantTotal.montantTVA'),
      totalInclTax: requiredAmount(totals, 'montantTtcTotal', 'montantTotal.montantTtcTotal'),
      amountDue: amount(totals, 'montantAPayer', 'montantTotal.montantAPayer') ?? requiredAmount(totals, 'montantTtcTotal', 'montantTotal.montantTtcTotal'),
      vatBreakdown,
      lines: list(body, 'lignePoste').map((l, i) => {
        const quantity = requiredAmount(l, 'lignePosteQuantite', `lignePoste[${i}].lignePosteQuantite`);
        const unitPrice = requiredAmount(l, 'lignePosteMontantUnitaireHT', `lignePoste[${i}].lignePosteMontantUnitaireHT`);
        return {
          description: text(l, ['lignePosteDenomination', 'lignePosteReference'], `lignePoste[${i}].lignePosteDenomination`) ?? '',
          quantity,
          unitPrice,
          vatRate: readVatRate(l, 'lignePoste', `lignePoste[${i}]`, rateCodes) ?? implicitLineRate(vatBreakdown, `lignePoste[${i}]`),
          amountExclTax: lineAmount(l, `lignePoste[${i}]`, quantity, unitPrice),
        };
      }),
      comment: text(body, 'commentaire')?.slice(0, 2000) ?? null,
    };
    if (!input.invoiceDate) throw required('dateFacture');

    const mainIds = list(body, 'pieceJointePrincipale').map((p, i) => integer(p, 'pieceJointePrincipaleId', `pieceJointePrincipale[${i}].pieceJointePrincipaleId`));
    const extraIds = list(body, 'pieceJointeComplementaire').map((p, i) =>
      integer(p, ['pieceJointeComplementaireId', 'pieceJointeId'], `pieceJointeComplementaire[${i}].pieceJointeComplementaireId`),
    );
    const mainId = mainIds.find((x) => x !== undefined);
    if (mode === 'DEPOT_PDF_API' && mainId === undefined) throw required('pieceJointePrincipale[0].pieceJointePrincipaleId');
    const used: string[] = [];
    const main = mainId !== undefined ? await this.staging.take(actor, mainId, 'pieceJointePrincipale.pieceJointePrincipaleId', used) : undefined;
    const additional: ApiKeptFile[] = [];
    for (const id of extraIds) if (id !== undefined) additional.push(await this.staging.take(actor, id, 'pieceJointeComplementaire.pieceJointeComplementaireId', used));

    // The PDF of an invoice the structure submitted within DUPLICATE_DEPOSIT_WINDOW_MS: the whole chain was
    // retried (deposer/pdf then soumettre); answered with that invoice, nothing submitted twice.
    const first = mode === 'DEPOT_PDF_API' && main ? await this.invoices.submittedWithMainFile(actor.structureId, main.sha256, this.windowStart()) : null;
    if (first) return this.submittedAnswer(first, own?.identifier ?? null, true);
    const submitted = await this.invoices
      .submit(actor, input, { main, additional }, (em) => this.staging.consumeAttached(em, used))
      .catch((e: unknown) => {
        throw inPisteTerms(e);
      });
    return this.submittedAnswer(submitted, own?.identifier ?? null, false);
  }

  private submittedAnswer(submitted: { publicId: number; number: string; submittedAt: Date }, structureIdentifier: string | null, duplicate: boolean) {
    return {
      ...OK,
      identifiantFactureCPP: submitted.publicId,
      numeroFacture: submitted.number,
      statutFacture: 'DEPOSEE',
      dateDepot: day(submitted.submittedAt),
      identifiantStructure: structureIdentifier,
      ...(duplicate ? { doublon: true } : {}),
    };
  }

  private windowStart(): Date {
    return new Date(this.clock.now().getTime() - DUPLICATE_DEPOSIT_WINDOW_MS);
  }
}
