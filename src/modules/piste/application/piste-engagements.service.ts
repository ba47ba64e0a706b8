import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { EngagementCriteria, EngagementDirectory } from '../../engagements/contracts/engagements';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { amount, block, Body, date, oneOf, paging, parametresRetour, text } from '../domain/readers';
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
  ) {}

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
