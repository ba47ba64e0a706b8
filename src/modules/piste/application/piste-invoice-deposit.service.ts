import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiInvoices, ApiKeptFile, ApiSubmissionInput, DUPLICATE_DEPOSIT_WINDOW_MS, InvoicingReference } from '../../invoicing/contracts/api-mode';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
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
    private readonly authorization: Authorization,
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

  /**
   * fournisseur.idFournisseur: the account's own structure (absent: the same), or a supplier that gave the
   * account's structure an active billing mandate (docs/billing-mandates.md); the draft's own check
   * (Authorization.actingMandate) decides again with the account's grants. Any other: refused as before.
   */
  private async supplierOf(actor: TechnicalAccountActor, supplierPublicId: number | undefined): Promise<{ id: string; identifier: string | null }> {
    if (supplierPublicId === undefined) return { id: actor.structureId, identifier: (await this.catalog.findById(actor.structureId))?.identifier ?? null };
    const named = await this.catalog.findByPublicId(supplierPublicId);
    if (named?.id === actor.structureId) return named;
    if (named && (await this.authorization.actingMandate(actor, named.id, 'MODIFICATION'))) return named;
    throw new DomainError(PisteErrors.SUPPLIER_NOT_ACCOUNT_STRUCTURE, { value: supplierPublicId }, 'fournisseur.idFournisseur');
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

    const supplierStructure = await this.supplierOf(actor, integer(supplier, 'idFournisseur', 'fournisseur.idFournisseur'));
    const supplierStructureId = supplierStructure.id;
    const supplierServicePublicId = integer(supplier, 'idServiceFournisseur', 'fournisseur.idServiceFournisseur');
    const supplierServiceId = supplierServicePublicId
      ? (await this.structures.serviceByPublicId(supplierStructureId, supplierServicePublicId, 'fournisseur.idServiceFournisseur')).id
      : null;
    const bankAccountPublicId = integer(supplier, 'codeCoordonneesBancairesFournisseur', 'fournisseur.codeCoordonneesBancairesFournisseur');
    const bankAccountId = bankAccountPublicId
      ? (await this.structures.bankAccountByPublicId(supplierStructureId, bankAccountPublicId, 'fournisseur.codeCoordonneesBancairesFournisseur')).id
      : null;

    const vatBreakdown = list(body, 'ligneTva').map((l, i) => ({
      rate: requiredVatRate(l, 'ligneTva', `ligneTva[${i}]`, rateCodes),
      taxableAmount: requiredAmount(l, 'ligneTvaMontantBaseHtParTaux', `ligneTva[${i}].ligneTvaMontantBaseHtParTaux`),
      vatAmount: requiredAmount(l, 'ligneTvaMontantTvaParTaux', `ligneTva[${i}].ligneTvaMontantTvaParTaux`),
    }));
    const input: ApiSubmissionInput = {
      supplierStructureId,
      supplierServiceId,
      bankAccountId,
      depositMode: mode,
      number: requiredText(body, ['numeroFactureSaisi', 'numeroFacture'], 'numeroFactureSaisi'),
      invoiceDate: date(body, 'dateFacture') ?? null,
      recipientIdentifier: requiredText(recipient, 'codeDestinataire', 'destinataire.codeDestinataire'),
      recipientServiceCode: text(recipient, 'codeServiceExecutant', 'destinataire.codeServiceExecutant') ?? null,
      billingFramework: text(frame, 'codeCadreFacturation', 'cadreDeFacturation.codeCadreFacturation') ?? 'A1_FACTURE_FOURNISSEUR',
      // A9/A12: the validating structure by its SIRET (validation circuits).
      validatorIdentifier: text(frame, 'codeStructureValideur', 'cadreDeFacturation.codeStructureValideur') ?? null,
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
    // Only an invoice the account may read: another service's (or, for a mandatary, the mandator's own) is not
    // its retry, and its id and number are not the account's to learn.
    const first = mode === 'DEPOT_PDF_API' && main ? await this.invoices.submittedWithMainFile(supplierStructureId, main.sha256, this.windowStart()) : null;
    if (first && (await this.invoices.header(actor, first.publicId))) return this.submittedAnswer(first, supplierStructure.identifier, true);
    const submitted = await this.invoices
      .submit(actor, input, { main, additional }, (tx) => this.staging.consumeAttached(tx, used))
      .catch((e: unknown) => {
        throw inPisteTerms(e);
      });
    return this.submittedAnswer(submitted, supplierStructure.identifier, false);
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
