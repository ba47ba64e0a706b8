import { Body, Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { Public } from '../../../shared/auth/decorators';
import { DomainError } from '../../../shared/domain/domain-error';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { PisteInvoices } from '../application/piste-invoices.service';
import { PisteStructures } from '../application/piste-structures.service';
import { PisteTransverses, REFERENCE_LISTS } from '../application/piste-transverses.service';
import { OK } from '../application/piste-common';
import { bodyOf, integer } from '../domain/readers';
import { CproOperation } from './cpro-operation';
import { PisteActor } from './piste-actor';

/**
 * The PISTE-compatible API mode (PISTE-API.md): exact paths and field names, `{codeRetour, libelle}`
 * envelopes, lenient bodies (`@Body() body: unknown`, never the strict global DTO validation).
 */
@ApiTags('piste')
@ApiBearerAuth('bearer')
@ApiSecurity('cpro-account')
@Controller('cpro')
export class PisteController {
  constructor(
    private readonly structures: PisteStructures,
    private readonly invoices: PisteInvoices,
    private readonly transverses: PisteTransverses,
  ) {}

  // ---------------------------------------------------------------- transverses

  @Public()
  @Get('transverses/v1/health-check')
  @ApiOperation({ operationId: 'cproHealthCheck', summary: 'Liveness of the API mode (a body, if any, is ignored)' })
  @ApiOkResponse({ description: '{body, statusCode, statusCodeValue}' })
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
    return this.invoices.possibleStatuses(bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/coordbanc/valides', 'cproValidBankDetails', 'Active bank accounts of a structure of the technical account → idCoordonneeBancaire for soumettre')
  bankDetails(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.structures.bankDetails(actor, bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/typeidentifiant/structure', 'cproIdentifierTypes', 'Structure identifier types')
  identifierTypes(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.list('typeidentifiant/structure', bodyOf(body));
  }

  @CproOperation('transverses/v1/recuperer/:liste', 'cproReferenceList', `Reference lists: ${Object.keys(REFERENCE_LISTS).join(', ')}, statuts`)
  @ApiParam({ name: 'liste', enum: [...Object.keys(REFERENCE_LISTS), 'statuts'] })
  referenceList(@PisteActor() _actor: TechnicalAccountActor, @Param('liste') liste: string, @Body() body: unknown) {
    if (!(liste in REFERENCE_LISTS) && liste !== 'statuts') throw new DomainError(CommonErrors.ROUTE_NOT_FOUND);
    return this.transverses.list(liste, bodyOf(body));
  }

  @CproOperation('transverses/v1/ajouter/fichier', 'cproAddFile', 'Deposit an attachment (≤ 10 MB) → pieceJointeId')
  addFile(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.addFile(actor, bodyOf(body));
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

  @CproOperation('structures/v1/rechercher/services', 'cproSearchServices', 'Services of a structure')
  searchServices(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.structures.services(bodyOf(body));
  }

  @CproOperation('structures/v1/consulter/service', 'cproConsultService', 'One service of a structure')
  consultService(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.structures.service(bodyOf(body));
  }

  // ---------------------------------------------------------------- factures

  @CproOperation('factures/v1/deposer/flux', 'cproDepositFlow', 'Deposit a UBL/CII/Factur-X flow (base64) → numeroFluxDepot; processed asynchronously')
  depositFlow(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.transverses.deposit(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/deposer/pdf', 'cproDepositPdf', 'Deposit an invoice PDF → pieceJointeId, then soumettre with DEPOT_PDF_API')
  depositPdf(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.depositPdf(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/soumettre', 'cproSubmitInvoice', 'Submit an invoice (SAISIE_API or DEPOT_PDF_API) with the portal’s rules')
  submit(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.submit(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/rechercher/fournisseur', 'cproSearchIssuedInvoices', 'Search invoices as the supplier')
  searchIssued(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.search(actor, bodyOf(body), 'supplier');
  }

  @CproOperation('factures/v1/rechercher/recipiendaire', 'cproSearchReceivedInvoices', 'Search invoices as the recipient')
  searchReceived(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.search(actor, bodyOf(body), 'recipient');
  }

  @CproOperation('factures/v1/consulter/historique', 'cproInvoiceHistory', 'Status history of an invoice, newest first')
  history(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.history(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/consulter/fournisseur', 'cproConsultIssuedInvoice', 'An invoice as the supplier sees it')
  consultIssued(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.consult(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/consulter/recipiendaire', 'cproConsultReceivedInvoice', 'An invoice as the recipient sees it')
  consultReceived(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.consult(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/traiter/recue', 'cproProcessReceivedInvoice', 'The recipient sets a status (SUSPENDUE, A_RECYCLER, REJETEE, SERVICE_FAIT, MANDATEE…)')
  process(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.process(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/completer', 'cproCompleteInvoice', 'The supplier completes a suspended invoice')
  complete(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.complete(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/recycler', 'cproRecycleInvoice', 'The supplier recycles an invoice sent back as A_RECYCLER')
  recycle(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.recycle(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/traiterRejet', 'cproAcknowledgeRejection', 'The supplier acknowledges a rejection')
  acknowledgeRejection(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.acknowledgeRejection(actor, bodyOf(body));
  }

  @CproOperation('factures/v1/telecharger/groupe', 'cproDownloadInvoices', 'Main files of several invoices as a base64 .tar.gz')
  download(@PisteActor() actor: TechnicalAccountActor, @Body() body: unknown) {
    return this.invoices.downloadGroup(actor, bodyOf(body));
  }

  // ---------------------------------------------------------------- engagements

  @CproOperation('engagementsJuridiques/v1/rechercher', 'cproSearchEngagements', 'Legal commitments: not modelled yet, always an empty list')
  engagements(@PisteActor() _actor: TechnicalAccountActor, @Body() body: unknown) {
    const b = bodyOf(body);
    const page = integer(b, 'pageResultatDemandee') ?? 1;
    return { ...OK, listeEngagementJuridique: [], parametresRetour: { pageCourante: page, pages: 1, nbResultatsParPage: 0, total: 0 } };
  }
}
