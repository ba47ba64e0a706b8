import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { EngagementCriteria, EngagementDirectory, EngagementReadErrors } from '../../engagements/contracts/engagements';
import { InvoiceCatalog } from '../../invoicing/contracts/invoices';
import { InvoiceLifecycle } from '../../lifecycle/contracts/lifecycle';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { amount, block, Body, date, oneOf, paging, parametresRetour, requiredText, text } from '../domain/readers';
import { instant, num, OK } from './piste-common';
import { StructureNames } from './structure-names';

/** etatCourantEngagementJuridique ↔ our status: COMMANDE is the real platform's state of an order in force. */
const STATES = { COMMANDE: 'ACTIVE', INACTIF: 'INACTIVE' } as const;
const STATE_OF: Record<string, string> = { ACTIVE: 'COMMANDE', INACTIVE: 'INACTIF' };

const SORTS: Record<string, EngagementCriteria['sort']> = {
  DateCreationEJ: 'createdAt',
  DateNotificationEJ: 'notificationDate',
  NumeroEJ: 'number',
  NumeroEngagementJuridique: 'number',
  MontantTTC: 'amount',
};

/**
 * `engagementsJuridiques/v1/rechercher` as the real API answers it (communaute.chorus-pro.gouv.fr,
 * "Rechercher engagement juridique"): the supplier finds the engagements made to it —
 * `structureReceptriceEngagementJuridique` is the receiving (supplier) structure's SIRET, which is what
 * OCA/l10n-france's Odoo connector sends with the number and `etatCourantEngagementJuridique: COMMANDE` to
 * check a commitment number before invoicing. An issuer's account finds those it issued.
 */
@Injectable()
export class PisteEngagements {
  constructor(
    private readonly engagements: EngagementDirectory,
    private readonly catalog: StructureCatalog,
    private readonly names: StructureNames,
    private readonly invoices: InvoiceCatalog,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  /**
   * `engagementsJuridiques/v1/consulterDetail` (communaute.chorus-pro.gouv.fr, "Consulter le détail d'un
   * engagement juridique"): `{numeroEngagementJuridique}` → the engagement, its issuer (`emetteur`), its supplier
   * (`recepteur`) and the invoices it counts (`demandePaiement`, each with the status the caller's side sees).
   */
  async detail(actor: TechnicalAccountActor, body: Body) {
    const number = requiredText(body, 'numeroEngagementJuridique');
    const [found] = (await this.engagements.search(actor, { number, sort: 'createdAt', direction: 'desc', page: 1, pageSize: 1 })).items;
    if (!found) throw new DomainError(EngagementReadErrors.ENGAGEMENT_NOT_FOUND, {}, 'numeroEngagementJuridique');
    const e = await this.engagements.detail(actor, found.id);
    const structures = await this.names.byIds([e.structureId, e.supplierStructureId]);
    const issuer = structures.get(e.structureId);
    const supplier = e.supplierStructureId ? structures.get(e.supplierStructureId) : undefined;
    const service = e.serviceCode ? await this.catalog.findService(e.structureId, e.serviceCode) : null;
    const counting = e.invoices.filter((i) => i.counts);
    const facts = new Map((await this.invoices.findFactsByIds(counting.map((i) => i.invoiceId))).map((f) => [f.id, f]));
    const asIssuer = e.sides.includes('ISSUER');
    const demandePaiement = [];
    for (const charge of counting) {
      const invoice = facts.get(charge.invoiceId);
      const view = await this.lifecycle.view(charge.invoiceId);
      demandePaiement.push({
        idDemandePaiement: invoice?.publicId ?? null,
        numeroDemandePaiement: charge.invoiceNumber,
        dateFournisseur: invoice?.invoiceDate ?? null,
        etatCourantDemandePaiement: view ? (asIssuer ? view.status : view.supplierStatus) : null,
        montantTtcDemandePaiement: num(charge.amount),
        typeDemandePaiement: 'FACTURE',
        sousType: invoice?.type ?? 'FACTURE',
      });
    }
    return {
      ...OK,
      idEngagement: e.publicId,
      numeroEngagementJuridique: e.number,
      etatCourantEngagement: STATE_OF[e.status] ?? e.status,
      montantTotalTtc: num(e.amount),
      emetteur: {
        idStructureEmettrice: issuer?.publicId ?? null,
        identifiantStructureEmettrice: issuer?.identifier ?? null,
        raisonSocialeStructureEmettrice: issuer ? (issuer.label ?? issuer.companyName) : null,
        idServiceExecutant: service?.publicId ?? null,
        codeServiceExecutant: e.serviceCode,
        nomServiceExecutant: service?.label ?? null,
      },
      recepteur: {
        idStructureReceptrice: supplier?.publicId ?? null,
        identifiantStructureReceptrice: supplier?.identifier ?? e.supplierIdentifier,
        designationStructureReceptrice: supplier ? (supplier.label ?? supplier.companyName) : null,
      },
      demandePaiement,
    };
  }

  async search(actor: TechnicalAccountActor, body: Body) {
    const page = paging(block(body, 'parametresRecherche'));
    const state = oneOf(body, 'etatCourantEngagementJuridique', Object.keys(STATES) as (keyof typeof STATES)[]);
    const found = await this.engagements.search(actor, {
      number: text(body, ['numeroEngagementJuridique', 'codeEngagementJuridique']),
      contractNumber: text(body, 'numeroMarcheEngagementJuridique'),
      supplierIdentifier: text(body, 'structureReceptriceEngagementJuridique'),
      status: state ? STATES[state] : undefined,
      notifiedFrom: date(body, 'periodeDateNotificationEJDu'),
      notifiedTo: date(body, 'periodeDateNotificationEJAu'),
      amountMin: amount(body, 'montantTTCMin'),
      amountMax: amount(body, 'montantTTCMax'),
      sort: page.sort ? (SORTS[page.sort] ?? 'createdAt') : 'createdAt',
      direction: page.direction,
      page: page.page,
      pageSize: page.pageSize,
    });
    const structures = await this.names.byIds(found.items.flatMap((e) => [e.structureId, ...(e.supplierStructureId ? [e.supplierStructureId] : [])]));
    const services = new Map<string, string>();
    for (const e of found.items) {
      if (!e.serviceCode || services.has(`${e.structureId}:${e.serviceCode}`)) continue;
      services.set(`${e.structureId}:${e.serviceCode}`, (await this.catalog.findService(e.structureId, e.serviceCode))?.label ?? e.serviceCode);
    }
    const listeEngagementJuridique = found.items.map((e) => {
      const supplier = e.supplierStructureId ? structures.get(e.supplierStructureId) : undefined;
      const issuer = structures.get(e.structureId);
      return {
        idEngagementJuridique: e.publicId,
        numeroEngagementJuridique: e.number,
        libelleTypeEngagementJuridique: e.type,
        libelleEtatCourantEJ: STATE_OF[e.status] ?? e.status,
        structureReceptrice: supplier ? (supplier.label ?? supplier.companyName) : e.supplierIdentifier,
        identifiantStructureReceptrice: supplier?.identifier ?? e.supplierIdentifier,
        libelleStructureReceptrice: supplier ? (supplier.label ?? supplier.companyName) : null,
        statutStructureReceptrice: supplier ? 'ACTIF' : null,
        identifiantStructureEmettrice: issuer?.identifier ?? null,
        raisonSocialeStructureEmettrice: issuer ? (issuer.label ?? issuer.companyName) : null,
        codeServiceExecutant: e.serviceCode,
        libelleServiceExecutant: e.serviceCode ? (services.get(`${e.structureId}:${e.serviceCode}`) ?? null) : null,
        numeroMarche: e.contractNumber,
        dateNotificationEJ: instant(new Date(`${e.notificationDate}T00:00:00Z`)),
        dateCreationEJ: instant(e.createdAt),
        montantTotalHt: num(e.amountExclTax),
        montantTotalTtc: num(e.amount),
        deviseEngagement: e.currency,
        taillePJ: null,
      };
    });
    return { ...OK, listeEngagementJuridique, parametresRetour: parametresRetour(page, found.total) };
  }
}
