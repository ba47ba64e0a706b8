import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { ApiInvoices } from '../../invoicing/contracts/api-mode';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { block, Body, codes, date, instantOf, integer, oneOf, paging, parametresRetour, text } from '../domain/readers';
import { day, instant, num, OK } from './piste-common';
import { StructureNames } from './structure-names';

/**
 * `factures/v1/rechercher/demandePaiement` (issue 16): payment requests of the calling account, as
 * supplier (roleUtilisateur FOURNISSEUR, the default) or recipient (DESTINATAIRE), through the same search
 * and authorization as `rechercher/fournisseur` / `recipiendaire`. Shapes: go-choruspro
 * factures_recherches.go `RechercherDemandePaiementOptions` / `DemandePaiement` (dates `YYYY-MM-DD`,
 * `dateHeureEtatCourant` RFC 3339, `nombreResultatTotal` a string). Works invoices, MOA/MOE/validator roles
 * and the archive (DP_ARCHIVE) are not modelled: asking for them finds none.
 */
@Injectable()
export class PistePaymentRequests {
  constructor(
    private readonly invoices: ApiInvoices,
    private readonly catalog: StructureCatalog,
    private readonly names: StructureNames,
  ) {}

  private async counterpart(b: Body, side: 'Destinataire' | 'Fournisseur'): Promise<{ asked: boolean; id?: string }> {
    const criteria = block(b, `structure${side}`);
    const publicId = integer(criteria, `idStructure${side}`, `structure${side}.idStructure${side}`);
    const identifier = text(criteria, `identifiantStructure${side}`, `structure${side}.identifiantStructure${side}`);
    if (publicId === undefined && identifier === undefined) return { asked: false };
    const found = publicId !== undefined ? await this.catalog.findByPublicId(publicId) : await this.catalog.findByIdentifier(identifier!);
    return { asked: true, id: found?.id };
  }

  async search(actor: TechnicalAccountActor, body: Body) {
    const page = paging(block(body, 'parametresRecherche'));
    const role = oneOf(body, 'roleUtilisateur', ['FOURNISSEUR', 'DESTINATAIRE', 'MOA', 'MOE', 'VALIDATEUR'] as const) ?? 'FOURNISSEUR';
    const type = oneOf(body, 'typeDemandePaiement', ['FACTURE', 'FACTURE_TRAVAUX'] as const);
    const archive = oneOf(body, 'dpOuDpArchive', ['DEMANDE_PAIEMENT', 'DP_ARCHIVE'] as const);
    const [recipient, supplier] = await Promise.all([this.counterpart(body, 'Destinataire'), this.counterpart(body, 'Fournisseur')]);
    const none = (recipient.asked && !recipient.id) || (supplier.asked && !supplier.id);
    if (none || type === 'FACTURE_TRAVAUX' || archive === 'DP_ARCHIVE' || (role !== 'FOURNISSEUR' && role !== 'DESTINATAIRE')) {
      return { ...OK, listeDemandePaiement: [], parametresRetour: parametresRetour(page, 0) };
    }
    const statuses = codes(body, 'statutCourant');
    const found = await this.invoices.search(actor, {
      role: role === 'FOURNISSEUR' ? 'supplier' : 'recipient',
      recipientStructureId: recipient.id,
      supplierStructureId: supplier.id,
      number: text(body, 'numeroFacture'),
      type: oneOf(body, 'typeFacture', ['FACTURE', 'AVOIR'] as const),
      status: statuses.length > 0 ? statuses : undefined,
      billingFramework: text(body, 'cadreFacturation'),
      submittedFrom: date(body, 'periodeDateDepotDu'),
      submittedTo: date(body, 'periodeDateDepotAu'),
      dateFrom: date(body, 'periodeDateFournisseurDu'),
      dateTo: date(body, 'periodeDateFournisseurAu'),
      statusChangedFrom: instantOf(body, 'periodeDateHeureEtatCourantDu', 'start'),
      statusChangedTo: instantOf(body, 'periodeDateHeureEtatCourantAu', 'end'),
      sort: 'submittedAt',
      direction: page.direction,
      page: page.page,
      pageSize: page.pageSize,
    });
    const structures = await this.names.byIds(found.items.flatMap((r) => [r.recipientStructureId, r.supplierStructureId]));
    return {
      ...OK,
      listeDemandePaiement: found.items.map((r) => {
        const to = r.recipientStructureId ? structures.get(r.recipientStructureId) : undefined;
        const from = structures.get(r.supplierStructureId);
        return {
          idDemandePaiement: r.publicId,
          numeroDemandePaiement: r.number,
          typeDemandePaiement: 'FACTURE',
          typeFacture: r.type,
          cadreFacturation: r.billingFramework,
          dpOuDpArchive: 'DEMANDE_PAIEMENT',
          etatCourant: r.status,
          dateDepot: day(r.submittedAt),
          dateFournisseur: r.invoiceDate,
          dateHeureEtatCourant: instant(r.statusChangedAt),
          idStructureDestinataire: to?.publicId ?? null,
          identifiantStructureDestinataire: to?.identifier ?? null,
          codeServiceDestinataire: r.recipientServiceCode,
          idStructureFournisseur: from?.publicId ?? null,
          identifiantStructureFournisseur: from?.identifier ?? null,
          montantHT: num(r.totalExclTax),
          montantTTC: num(r.totalInclTax),
          montantAPayer: num(r.amountDue),
          nombreResultatTotal: String(found.total),
        };
      }),
      parametresRetour: parametresRetour(page, found.total),
    };
  }
}
