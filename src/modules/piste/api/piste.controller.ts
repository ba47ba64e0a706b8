import { Body, Controller, Get } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { Public } from '../../../shared/auth/decorators';
import { BODY_LIMITS, BodyLimit } from '../../../shared/http/body-limits';
import { StreamedFiles, StreamedFilesOf } from '../../../shared/http/streamed-files';
import { PisteInvoiceDeposit } from '../application/piste-invoice-deposit.service';
import { PisteInvoiceProcessing } from '../application/piste-invoice-processing.service';
import { PisteInvoiceReading } from '../application/piste-invoice-reading.service';
import { PisteInvoiceValidation } from '../application/piste-invoice-validation.service';
import { PisteInvoiceSearch } from '../application/piste-invoice-search.service';
import { ADD_FILE_FIELDS, DEPOSIT_PDF_FIELD, PisteStaging } from '../application/piste-staging.service';
import { PisteStructures } from '../application/piste-structures.service';
import { PisteAttachments } from '../application/piste-attachments.service';
import { PisteDirectory } from '../application/piste-directory.service';
import { PisteEngagements } from '../application/piste-engagements.service';
import { PistePaymentRequests } from '../application/piste-payment-requests.service';
import { PisteSollicitations } from '../application/piste-sollicitations.service';
import { PisteTransverses } from '../application/piste-transverses.service';
import { OK } from '../application/piste-common';
import { bodyOf } from '../domain/readers';
import { Idempotent } from '../../../shared/idempotency/idempotency';
import { CproOperation } from './cpro-operation';
import { PisteActor } from './piste-actor';
import { PisteErrorDto } from './piste.dto';

/**
 * The PISTE-compatible API mode (PISTE-API.md): exact paths and field names, `{codeRetour, libelle}`
 * envelopes, lenient bodies (`@Body() body: unknown`, never the strict global DTO validation).
 */
@ApiTags('piste')
@Controller('cpro')
export class PisteController {
  constructor(
    private readonly structures: PisteStructures,
    private readonly staging: PisteStaging,
    private readonly deposit: PisteInvoiceDeposit,
    private readonly invoiceSearch: PisteInvoiceSearch,
    private readonly reading: PisteInvoiceReading,
    private readonly processing: PisteInvoiceProcessing,
    private readonly validation: PisteInvoiceValidation,
    private readonly transverses: PisteTransverses,
    private readonly directory: PisteDirectory,
    private readonly files: PisteAttachments,
    private readonly paymentRequests: PistePaymentRequests,
    private readonly sollicitations: PisteSollicitations,
    private readonly engagementSearch: PisteEngagements,
  ) {}

  // ---------------------------------------------------------------- transverses

  @Public()
  @Get('transverses/v1/health-check')
  @ApiOperation({ operationId: 'cproHealthCheck', summary: 'Liveness of the API mode (a body, if any, is ignored)' })
  @ApiOkResponse({ description: '{body, statusCode, statusCodeValue}' })
  @ApiBadRequestResponse({ type: PisteErrorDto, description: 'A query parameter holds a forbidden character (NUL, control character)' })
  healthCheck() {
    return { ...OK, body: 'OK', statusCode: 'OK', statusCodeValue: 200 };
  }

  @CproOperation('transverses/v1/recuperer/structures/actives/fournisseur', 'cproActiveSupplierStructures', 'Active structures the account may invoice for')
  activeSuppliers(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    bodyOf(body);
    return this.structures.activeStructures(actor, 'fournisseur');
  }

  @CproOperation('transverses/v1/recuperer/structures/actives/destinataire', 'cproActiveRecipientStructures', 'Active structures the account receives invoices for')
  activeRecipients(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    bodyOf(body);
    return this.structures.activeStructures(actor, 'destinataire');
  }

  @CproOperation('transverses/v1/recuperer/etats/traitement', 'cproProcessingStatuses', 'Statuses a recipient may set from statutCourant')
  processingStatuses(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.processing.possibleStatuses(bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/coordbanc/valides', 'cproValidBankDetails', 'Active bank accounts of a structure of the technical account → idCoordonneeBancaire for soumettre')
  bankDetails(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.structures.bankDetails(actor, bodyOf(body));
  }

  // One named operation per reference list (issue 16): each has its path and operationId in the OpenAPI
  // document, and an unknown list is an unknown route (404), not a parameter.

  @CproOperation('transverses/v1/recuperer/typeidentifiant/structure', 'cproIdentifierTypes', 'Structure identifier types')
  identifierTypes(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('typeidentifiant/structure', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/tauxtva', 'cproVatRates', 'VAT rates: codeTauxTva (ligneTvaTaux, lignePosteTauxTva of soumettre), valeurTauxTva')
  vatRates(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('tauxtva', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/motifs/exonerationtva', 'cproVatExemptionReasons', 'VAT exemption reasons (EN 16931 VATEX codes)')
  vatExemptionReasons(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('motifs/exonerationtva', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/devises', 'cproCurrencies', 'Currencies (ISO 4217)')
  currencies(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('devises', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/pays', 'cproCountries', 'Countries (ISO 3166)')
  countries(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('pays', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/modedepot', 'cproDepositModes', 'Deposit modes')
  depositModes(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('modedepot', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/modereglements', 'cproPaymentModes', 'Payment modes (modePaiement)')
  paymentModes(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('modereglements', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/cadrefacturation', 'cproBillingFrameworks', 'Billing frameworks (codeCadreFacturation)')
  billingFrameworks(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('cadrefacturation', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/typedp', 'cproPaymentRequestTypes', 'Payment request types (typeDemandePaiement)')
  paymentRequestTypes(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('typedp', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/etat/typedp', 'cproPaymentRequestStates', 'Statuses a payment request of a typeDemandePaiement can take')
  paymentRequestStates(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.paymentRequestStates(bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/typetva', 'cproVatRegimes', 'VAT regimes (typeTva)')
  vatRegimes(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('typetva', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/typespj', 'cproAttachmentTypes', 'Attachment types')
  attachmentTypes(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('typespj', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/formatflux', 'cproFlowSyntaxes', 'Flow syntaxes (syntaxeFlux of deposer/flux)')
  flowSyntaxes(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('formatflux', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/etatsflux', 'cproFlowStates', 'Flow states (etatCourantDepotFlux)')
  flowStates(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('etatsflux', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/statuts', 'cproInvoiceStatuses', 'Invoice statuses')
  invoiceStatuses(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('statuts', bodyOf(body));
  }

  @CproOperation('transverses/v1/rechercher/destinataire', 'cproSearchRecipients', 'Public recipients by identifier, name, city or postal code')
  searchRecipients(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.directory.recipients(actor, bodyOf(body));
  }

  @CproOperation('transverses/v1/telecharger/annuaire/destinataire', 'cproRecipientsDirectory', 'The public recipients’ directory (CSV, base64 in fichierResultat)')
  recipientsDirectory(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    bodyOf(body);
    return this.directory.directory(actor);
  }

  @CproOperation('transverses/v1/consulter/information/siret', 'cproSiretInformation', 'Legal information of a structure by its SIRET')
  siretInformation(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.directory.siretInformation(actor, bodyOf(body));
  }

  @CproOperation('transverses/v1/rechercher/pj/moncompte', 'cproSearchMyAttachments', 'Files the technical account deposited and has not used yet')
  searchMyAttachments(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.files.search(actor, bodyOf(body), 'account');
  }

  @CproOperation('transverses/v1/rechercher/pj/structure', 'cproSearchStructureAttachments', 'Files deposited for the technical account’s structure and not used yet')
  searchStructureAttachments(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.files.search(actor, bodyOf(body), 'structure');
  }

  @CproOperation('transverses/v1/telecharger/pieceJointe', 'cproDownloadAttachment', 'Files of payment requests (DEMANDE_PAIEMENT), base64 in pieceJointe')
  downloadAttachment(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.files.download(actor, bodyOf(body));
  }

  @CproOperation('transverses/v1/rechercher/categorieSollicitation', 'cproSearchTicketCategories', 'Support ticket categories (active), by code or label')
  ticketCategories(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.sollicitations.categories(bodyOf(body));
  }

  @CproOperation('transverses/v1/rechercher/sousCategorieSollicitation', 'cproSearchTicketSubCategories', 'Support ticket sub-categories (active), grouped by category')
  ticketSubCategories(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.sollicitations.subCategories(bodyOf(body));
  }

  @BodyLimit(BODY_LIMITS.file, { files: { fields: ADD_FILE_FIELDS } })
  @CproOperation('transverses/v1/ajouter/fichier', 'cproAddFile', 'Deposit an attachment (≤ 10 MB) → pieceJointeId')
  addFile(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown, @StreamedFilesOf() files: StreamedFiles | null) {
    return this.staging.addFile(actor, bodyOf(body), files);
  }

  @CproOperation('transverses/v1/consulterCR', 'cproFlowReport', 'State of a deposited flow')
  flowReport(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.flowReport(actor, bodyOf(body), false);
  }

  @CproOperation('transverses/v1/consulterCRDetaille', 'cproFlowReportDetailed', 'State of a deposited flow with the refused invoices and technical errors')
  flowReportDetailed(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.flowReport(actor, bodyOf(body), true);
  }

  // ---------------------------------------------------------------- utilisateurs

  @CproOperation('utilisateurs/v1/monCompte/recuperer/rattachements', 'cproMyAttachments', 'Structures (and services) of the technical account')
  attachments(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.structures.rattachements(actor, bodyOf(body));
  }

  // ---------------------------------------------------------------- structures

  @CproOperation('structures/v1/rechercher', 'cproSearchStructures', 'Search structures')
  searchStructures(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.structures.search(bodyOf(body));
  }

  @CproOperation('structures/v1/consulter', 'cproConsultStructure', 'A structure: general information, head-office address, invoicing parameters')
  consultStructure(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.structures.consult(actor, bodyOf(body));
  }

  @CproOperation('structures/v1/lister/rattachementsutilisateur', 'cproListUserAttachments', 'Services the technical account is attached to in its structure')
  userAttachments(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.directory.userAttachments(actor, bodyOf(body));
  }

  @CproOperation('structures/v1/rechercher/services', 'cproSearchServices', 'Services of a structure')
  searchServices(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.structures.services(bodyOf(body));
  }

  @CproOperation('structures/v1/consulter/service', 'cproConsultService', 'One service of a structure')
  consultService(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.structures.service(bodyOf(body));
  }

  // ---------------------------------------------------------------- factures

  @BodyLimit(BODY_LIMITS.flow)
  @CproOperation('factures/v1/deposer/flux', 'cproDepositFlow', 'Deposit a UBL/CII/Factur-X flow (base64) → numeroFluxDepot; processed asynchronously')
  @Idempotent()
  depositFlow(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.deposit(actor, bodyOf(body));
  }

  // The PDF is decoded into the file store as it arrives, and kept in memory to read its embedded invoice.
  @BodyLimit(BODY_LIMITS.file, { files: { fields: [DEPOSIT_PDF_FIELD], keepBytes: true } })
  @CproOperation('factures/v1/deposer/pdf', 'cproDepositPdf', 'Deposit an invoice PDF → pieceJointeId, then soumettre with DEPOT_PDF_API')
  @Idempotent()
  depositPdf(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown, @StreamedFilesOf() files: StreamedFiles | null) {
    return this.deposit.depositPdf(actor, bodyOf(body), files);
  }

  @BodyLimit(BODY_LIMITS.invoice)
  @CproOperation('factures/v1/soumettre', 'cproSubmitInvoice', 'Submit an invoice (SAISIE_API or DEPOT_PDF_API) with the portal’s rules')
  @Idempotent()
  submit(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.deposit.submit(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/rechercher/fournisseur', 'cproSearchIssuedInvoices', 'Search invoices as the supplier')
  searchIssued(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoiceSearch.search(actor, bodyOf(body), 'supplier');
  }

  @CproOperation('factures/v1/rechercher/recipiendaire', 'cproSearchReceivedInvoices', 'Search invoices as the recipient')
  searchReceived(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoiceSearch.search(actor, bodyOf(body), 'recipient');
  }

  @CproOperation('factures/v1/rechercher/demandePaiement', 'cproSearchPaymentRequests', 'Payment requests of the account, as supplier (roleUtilisateur FOURNISSEUR) or recipient (DESTINATAIRE)')
  searchPaymentRequests(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.paymentRequests.search(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/consulter/historique', 'cproInvoiceHistory', 'Status history of an invoice, newest first')
  history(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.reading.history(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/consulter/fournisseur', 'cproConsultIssuedInvoice', 'An invoice as the supplier sees it')
  consultIssued(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.reading.consult(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/consulter/recipiendaire', 'cproConsultReceivedInvoice', 'An invoice as the recipient sees it')
  consultReceived(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.reading.consult(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/rechercher/valideur', 'cproSearchInvoicesToValidate', 'Search invoices as their validator (A9, A12 circuits)')
  searchAsValidator(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.validation.search(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/consulter/valideur', 'cproConsultInvoiceToValidate', 'An invoice as its validator sees it')
  consultAsValidator(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.reading.consult(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/traiter/factureAValider', 'cproProcessInvoiceToValidate', 'The validator validates (VALIDATION) or refuses with motifRefus (REFUS)')
  decideAsValidator(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.validation.decide(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/recuperer/statutsFactureVisibles/valideur', 'cproValidatorVisibleStatuses', 'The statuses a validator finds invoices in')
  validatorStatuses(@PisteActor() _actor: TechnicalAccountActor) {
    return this.validation.visibleStatuses();
  }

  @CproOperation('factures/v1/traiter/recue', 'cproProcessReceivedInvoice', 'The recipient sets a status (SUSPENDUE, A_RECYCLER, REJETEE, SERVICE_FAIT, MANDATEE…)')
  process(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.processing.process(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/completer', 'cproCompleteInvoice', 'The supplier completes a suspended invoice')
  complete(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.processing.complete(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/recycler', 'cproRecycleInvoice', 'The supplier recycles an invoice sent back as A_RECYCLER')
  recycle(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.processing.recycle(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/traiterRejet', 'cproAcknowledgeRejection', 'The supplier acknowledges a rejection')
  acknowledgeRejection(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.processing.acknowledgeRejection(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/telecharger/groupe', 'cproDownloadInvoices', 'Main files of several invoices as a base64 .tar.gz')
  download(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.reading.downloadGroup(actor, bodyOf(body));
  }

  // ---------------------------------------------------------------- engagements

  @CproOperation(
    'engagementsJuridiques/v1/rechercher',
    'cproSearchEngagements',
    'Legal commitments made to the account’s structure (structureReceptriceEngagementJuridique: the supplier’s SIRET) or issued by it',
  )
  engagements(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.engagementSearch.search(actor, bodyOf(body));
  }

  @CproOperation(
    'engagementsJuridiques/v1/consulterDetail',
    'cproEngagementDetail',
    'One legal commitment by numeroEngagementJuridique: its issuer, its supplier and the invoices it counts (demandePaiement)',
  )
  engagementDetail(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.engagementSearch.detail(actor, bodyOf(body));
  }
}
