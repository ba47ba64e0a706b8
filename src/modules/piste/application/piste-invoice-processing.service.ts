import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiInvoices } from '../../invoicing/contracts/api-mode';
import { InvoiceProcessing } from '../../lifecycle/contracts/processing';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { PisteErrors } from '../domain/piste.errors';
import {
  block,
  Body,
  integer,
  list,
  requiredText,
  text,
} from '../domain/readers';
import { invoiceIdOf } from './invoice-ids';
import { day, OK } from './piste-common';
import { inPisteTerms } from './piste-terms';
import { PisteStaging } from './piste-staging.service';
import { PisteStructures } from './piste-structures.service';

/**
 * `factures/v1/traiter/factureRecue` (recipient), `completer`, `recycler` and `traiter/rejet` (supplier),
 * and the statuses a recipient may set (`recuperer/etats/traitement`).
 */
@Injectable()
export class PisteInvoiceProcessing {
  constructor(
    private readonly invoices: ApiInvoices,
    private readonly processing: InvoiceProcessing,
    private readonly catalog: StructureCatalog,
    private readonly structures: PisteStructures,
    private readonly staging: PisteStaging,
  ) {}

  async process(actor: TechnicalAccountActor, body: Body) {
    const { id, publicId } = await invoiceIdOf(this.invoices, body, ['idFacture', 'identifiantFactureCPP']);
    const status = requiredText(body, 'nouveauStatut');
    const view = await this.processing
      .changeStatus(actor, id, { status, reason: text(body, 'motif'), mandateNumber: text(body, 'numeroDPMandat') })
      .catch((e: unknown) => {
        throw inPisteTerms(e);
      });
    const invoice = await this.invoices.get(actor, id);
    // dateTraitement is a date: go-choruspro decodes it as YYYY-MM-DD (TraiterFactureRecueResponse, CompleterFactureResponse).
    return { ...OK, idFacture: publicId, numeroFacture: invoice.number, nouveauStatut: view.status, dateTraitement: day(view.statusChangedAt) };
  }

  possibleStatuses(body: Body) {
    const status = text(body, 'statutCourant');
    const statuses = status ? this.processing.recipientTargetsFrom(status) : [];
    return { ...OK, listeStatutsPossiblesPourTraitement: statuses.map((s) => ({ statutPossiblePourTraitement: s })) };
  }

  async complete(actor: TechnicalAccountActor, body: Body) {
    const { id, publicId } = await invoiceIdOf(this.invoices, body, ['idFacture', 'identifiantFactureCPP']);
    for (const p of list(body, 'pieceJointeComplementaire')) {
      const pid = integer(p, ['pieceJointeComplementaireId', 'pieceJointeId']);
      if (pid === undefined) continue;
      const used: string[] = [];
      await this.invoices.addAdditionalFile(actor, id, await this.staging.take(actor, pid, 'pieceJointeComplementaire.pieceJointeComplementaireId', used));
      await this.staging.consume(used);
    }
    const view = await this.processing.complete(actor, id, text(body, 'commentaire'));
    return { ...OK, idFacture: publicId, identifiantFactureCPP: publicId, statutFacture: view.supplierStatus, dateTraitement: day(view.statusChangedAt) };
  }

  async recycle(actor: TechnicalAccountActor, body: Body) {
    const { id, publicId } = await invoiceIdOf(this.invoices, body, ['idFacture', 'identifiantFactureCPP']);
    const recipient = block(body, 'destinataire');
    const code = text(body, 'idDestinataire') ? undefined : text(recipient, 'codeDestinataire', 'destinataire.codeDestinataire');
    const publicRecipient = integer(body, 'idDestinataire') ?? integer(recipient, 'idDestinataire', 'destinataire.idDestinataire');
    let recipientStructureId: string | undefined;
    if (publicRecipient !== undefined) recipientStructureId = (await this.structures.structureByPublicId(publicRecipient, 'idDestinataire')).id;
    else if (code) {
      const found = await this.catalog.findByIdentifier(code);
      if (!found) throw new DomainError(PisteErrors.STRUCTURE_NOT_FOUND, { field: 'destinataire.codeDestinataire', value: code }, 'destinataire.codeDestinataire');
      recipientStructureId = found.id;
    }
    const view = await this.processing
      .recycle(actor, id, {
        recipientStructureId,
        recipientServiceCode: text(body, 'codeServiceExecutant') ?? text(recipient, 'codeServiceExecutant', 'destinataire.codeServiceExecutant'),
        engagementNumber: text(body, 'numeroEngagement') ?? text(body, 'numeroBonCommande'),
        comment: text(body, 'commentaire'),
      })
      .catch((e: unknown) => {
        throw inPisteTerms(e);
      });
    return { ...OK, idFacture: publicId, identifiantFactureCPP: publicId, statutFacture: view.supplierStatus, dateTraitement: day(view.statusChangedAt) };
  }

  async acknowledgeRejection(actor: TechnicalAccountActor, body: Body) {
    const { id, publicId } = await invoiceIdOf(this.invoices, body, ['idFacture', 'identifiantFactureCPP']);
    const view = await this.processing.acknowledgeRejection(actor, id);
    return { ...OK, idFacture: publicId, statutFacture: view.supplierStatus, rejetTraite: view.rejectionAcknowledged };
  }
}
