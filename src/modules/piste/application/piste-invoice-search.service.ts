import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { ApiInvoices } from '../../invoicing/contracts/api-mode';
import { StructureCatalog } from '../../organisation/contracts/structures';
import {
  block,
  Body,
  codes,
  date,
  filterFlag,
  instantOf,
  integer,
  list,
  oneOf,
  paging,
  parametresRetour,
  text,
} from '../domain/readers';
import { day, instant, num, OK } from './piste-common';
import { StructureNames } from './structure-names';

/** `factures/v1/rechercher/fournisseur` and `factures/v1/rechercher/recipiendaire`. */
@Injectable()
export class PisteInvoiceSearch {
  constructor(
    private readonly invoices: ApiInvoices,
    private readonly catalog: StructureCatalog,
    private readonly names: StructureNames,
  ) {}

  async search(actor: TechnicalAccountActor, body: Body, role: 'supplier' | 'recipient') {
    const page = paging(block(body, role === 'supplier' ? 'rechercheFactureParFournisseur' : 'paramRecherche'));
    const criteria = role === 'supplier' ? body : { ...body, ...block(body, 'paramRecherche') };
    const statuses = codes(criteria, 'statutCourant');
    const counterpartPublicIds = role === 'supplier'
      ? list(criteria, 'listeDestinataire').map((d) => integer(d, 'idDestinataire')).filter((x): x is number => x !== undefined)
      : [integer(criteria, 'idFournisseur'), ...list(criteria, 'listeFournisseurs').map((f) => integer(f, 'idFournisseur'))].filter((x): x is number => x !== undefined);
    const counterparts = await Promise.all(counterpartPublicIds.map((id) => this.catalog.findByPublicId(id)));
    const counterpartId = counterparts.find((c) => c !== null)?.id;
    // Payment requests are invoices (FACTURE); works invoices (FACTURE_TRAVAUX) are not modelled: asking for them
    // finds none, instead of the same invoices again (Pastell asks for both and appends the two lists).
    const requestType = oneOf(criteria, 'typeDemandePaiement', ['FACTURE', 'FACTURE_TRAVAUX'] as const);
    if ((counterpartPublicIds.length > 0 && !counterpartId) || requestType === 'FACTURE_TRAVAUX') {
      const none = parametresRetour(page, 0);
      return role === 'supplier' ? { ...OK, listeFactures: [], parametresRetour: none } : { ...OK, listeFactures: [], ...none, parametresRetour: none };
    }
    const sortColumns: Record<string, string> = {
      NumeroFacture: 'number',
      DateFacture: 'invoiceDate',
      DateDepot: 'submittedAt',
      MontantAPayer: 'amountDue',
      MontantTTC: 'totalInclTax',
      Statut: 'status',
      DateHeureEtatCourant: 'statusChangedAt',
    };
    const found = await this.invoices.search(actor, {
      role,
      depositFlowNumber: text(criteria, 'numeroFluxDepot'),
      number: text(criteria, 'numeroFacture'),
      type: oneOf(criteria, 'typeFacture', ['FACTURE', 'AVOIR'] as const),
      status: statuses.length > 0 ? statuses : undefined,
      billingFramework: text(criteria, 'cadreFacturation'),
      ...(role === 'supplier' ? { recipientStructureId: counterpartId } : { supplierStructureId: counterpartId }),
      submittedFrom: date(criteria, 'periodeDateDepotDu'),
      submittedTo: date(criteria, 'periodeDateDepotAu'),
      // Pastell asks for the invoices changed since its last run (Du: a date, Au: the date + "T23:59:59").
      statusChangedFrom: instantOf(criteria, 'periodeDateHeureEtatCourantDu', 'start'),
      statusChangedTo: instantOf(criteria, 'periodeDateHeureEtatCourantAu', 'end'),
      // A filter of the query (not of the page once read): pages and total count the matching invoices only.
      rejectionAcknowledged: filterFlag(criteria, 'rejetTraite'),
      dateFrom: date(criteria, 'periodeDateFactureDu'),
      dateTo: date(criteria, 'periodeDateFactureAu'),
      sort: page.sort ? (sortColumns[page.sort] ?? 'submittedAt') : 'submittedAt',
      direction: page.direction,
      page: page.page,
      pageSize: page.pageSize,
    });
    const structures = await this.names.byIds(found.items.flatMap((r) => [r.recipientStructureId, r.supplierStructureId]));
    const rows = found.items.map((r) => {
      const recipient = r.recipientStructureId ? structures.get(r.recipientStructureId) : undefined;
      const supplier = structures.get(r.supplierStructureId);
      return {
        identifiantFactureCPP: r.publicId,
        idFacture: r.publicId,
        typeDemandePaiement: 'FACTURE',
        numeroFacture: r.number,
        statut: r.status,
        numeroFluxDepot: r.depositFlowNumber,
        modeDepot: r.depositMode,
        dateDepot: day(r.submittedAt),
        dateFacture: r.invoiceDate,
        dateHeureEtatCourant: instant(r.statusChangedAt),
        typeFacture: r.type,
        cadreFacturation: r.billingFramework,
        codeDestinataire: recipient?.identifier ?? null,
        idDestinataire: recipient?.publicId ?? null,
        designationDestinataire: recipient ? (recipient.label ?? recipient.companyName) : null,
        codeServiceExecutant: r.recipientServiceCode,
        codeFournisseur: supplier?.identifier ?? null,
        idFournisseur: supplier?.publicId ?? null,
        designationFournisseur: supplier ? (supplier.label ?? supplier.companyName) : null,
        montantHT: num(r.totalExclTax),
        montantTTC: num(r.totalInclTax),
        montantAPayer: num(r.amountDue),
        devise: r.currency,
        rejetTraite: r.rejectionAcknowledged,
        commentaireEtatCourant: null,
      };
    });
    const retour = parametresRetour(page, found.total);
    return role === 'supplier' ? { ...OK, listeFactures: rows, parametresRetour: retour } : { ...OK, listeFactures: rows, ...retour, parametresRetour: retour };
  }
}
