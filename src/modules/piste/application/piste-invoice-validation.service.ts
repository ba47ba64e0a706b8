import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiInvoices } from '../../invoicing/contracts/api-mode';
import { InvoiceProcessing } from '../../lifecycle/contracts/processing';
import { PisteErrors } from '../domain/piste.errors';
import { block, Body, codes, integer, oneOf, paging, parametresRetour, text } from '../domain/readers';
import { invoiceIdOf } from './invoice-ids';
import { day, OK } from './piste-common';
import { inPisteTerms } from './piste-terms';
import { StructureNames } from './structure-names';

/** traiterFactureAValider's `action` → the validator's decision. */
const DECISIONS = { VALIDATION: 'VALIDEE_1', REFUS: 'REFUSEE_1' } as const;

/**
 * The validator family (« Factures à valider », validation circuits A9 and A12), as go-choruspro and the
 * other connectors call it: `factures/v1/rechercher/valideur`, `factures/v1/traiter/factureAValider`,
 * `factures/v1/recuperer/statutsFactureVisibles/valideur` (`consulter/valideur` is `consulter`'s reading,
 * which lets the validator read the invoices naming its structure). Same use cases and rules as the portal's.
 */
@Injectable()
export class PisteInvoiceValidation {
  constructor(
    private readonly invoices: ApiInvoices,
    private readonly processing: InvoiceProcessing,
    private readonly names: StructureNames,
  ) {}

  async search(actor: TechnicalAccountActor, body: Body) {
    const page = paging(block(body, 'pagination'));
    const visible = this.processing.validatorStatuses();
    const asked = codes(body, 'statutCourant');
    for (const status of asked) {
      if (!visible.includes(status)) throw new DomainError(PisteErrors.FIELD_INVALID, { field: 'statutCourant', reason: `statut ${status} non visible d'un valideur` }, 'statutCourant');
    }
    const number = text(body, 'numeroFacture');
    const validatorPublicId = integer(body, 'idStructureValideur');
    let items = await this.processing.toValidate(actor, asked.length > 0 ? asked : undefined);
    if (number) items = items.filter((i) => i.number === number);
    const structures = await this.names.byIds(items.flatMap((i) => [i.supplierStructureId, i.recipientStructureId, i.validatorStructureId]));
    if (validatorPublicId !== undefined) items = items.filter((i) => i.validatorStructureId && structures.get(i.validatorStructureId)?.publicId === validatorPublicId);
    const shown = items.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
    return {
      ...OK,
      listeFactures: shown.map((i) => {
        const supplier = structures.get(i.supplierStructureId);
        const recipient = i.recipientStructureId ? structures.get(i.recipientStructureId) : undefined;
        const validator = i.validatorStructureId ? structures.get(i.validatorStructureId) : undefined;
        return {
          idFacture: i.publicId,
          numeroFacture: i.number,
          dateFacture: i.invoiceDate,
          dateDepot: null,
          statut: i.status,
          montantAPayer: i.amountDue === null ? null : Number(i.amountDue),
          idFournisseur: supplier?.publicId ?? null,
          identifiantFournisseur: supplier?.identifier ?? null,
          designationFournisseur: supplier?.label ?? supplier?.companyName ?? null,
          idDestinataire: recipient?.publicId ?? null,
          identifiantDestinataire: recipient?.identifier ?? null,
          designationDestinataire: recipient?.label ?? recipient?.companyName ?? null,
          idValideur: validator?.publicId ?? null,
          identifiantValideur: validator?.identifier ?? null,
          designationValideur: validator?.label ?? validator?.companyName ?? null,
        };
      }),
      parametresRetour: parametresRetour(page, items.length),
    };
  }

  async decide(actor: TechnicalAccountActor, body: Body) {
    const { id, publicId } = await invoiceIdOf(this.invoices, body, ['idFacture']);
    const action = oneOf(body, 'action', ['VALIDATION', 'REFUS'] as const);
    if (!action) throw new DomainError(PisteErrors.FIELD_REQUIRED, { field: 'action' }, 'action');
    const view = await this.processing
      .decideValidation(actor, id, { status: DECISIONS[action], reason: text(body, 'motifRefus') ?? text(body, 'complementInfo') })
      .catch((e: unknown) => {
        throw inPisteTerms(e, { status: 'action', reason: 'motifRefus' });
      });
    const invoice = await this.invoices.get(actor, id);
    return { ...OK, idFacture: publicId, numeroFacture: invoice.number, statutFacture: view.status, dateTraitement: day(view.statusChangedAt) };
  }

  visibleStatuses() {
    return { ...OK, listeStatutFacture: this.processing.validatorStatuses().map((codeStatutFacture) => ({ codeStatutFacture })) };
  }
}
