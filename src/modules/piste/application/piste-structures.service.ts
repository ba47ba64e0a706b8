import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Authorization } from '../../habilitations/contracts/authorization';
import { BankAccountSummary, ServiceSummary, StructureCatalog, StructureDisclosure, StructureSummary } from '../../organisation/contracts/structures';
import { PisteErrors } from '../domain/piste.errors';
import { block, Body, flag, integer, oneOf, paging, parametresRetour, requiredInteger, text } from '../domain/readers';
import { minute, OK } from './piste-common';

const structureRef = (s: StructureSummary) => ({ idStructureCPP: s.publicId, identifiant: s.identifier, designationStructure: s.label ?? s.companyName });

/** Structures and services operations (utilisateurs, transverses, structures groups). */
@Injectable()
export class PisteStructures {
  constructor(
    private readonly catalog: StructureCatalog,
    private readonly authorization: Authorization,
    private readonly disclosure: StructureDisclosure,
  ) {}

  async structureByPublicId(id: number, field: string): Promise<StructureSummary> {
    const structure = await this.catalog.findByPublicId(id);
    if (!structure) throw new DomainError(PisteErrors.STRUCTURE_NOT_FOUND, { field, value: id }, field);
    return structure;
  }

  async rattachements(actor: TechnicalAccountActor, body: Body) {
    const page = paging(block(body, 'parametresRecherche'));
    const structure = await this.catalog.findById(actor.structureId);
    const services = structure ? await this.catalog.listServices(structure.id) : [];
    const list = structure
      ? [
          {
            idStructure: structure.publicId,
            identifiantStructure: structure.identifier,
            typeIdentifiantStructure: structure.identifierType,
            designationStructure: structure.label ?? structure.companyName,
            roleUtilisateur: 'UTILISATEUR',
            statutUtilisateur: 'ACTIF',
            statutRattachementStructure: structure.active ? 'ACTIF' : 'INACTIF',
            listeServicesRattache: services
              .filter((s) => s.active)
              .map((s) => ({ idService: s.publicId, codeService: s.code, nomService: s.label, statutRattachementService: 'ACTIF' })),
          },
        ]
      : [];
    return { ...OK, listeStructureRattachement: list, parametresRetour: parametresRetour(page, list.length) };
  }

  async activeStructures(actor: TechnicalAccountActor, role: 'fournisseur' | 'destinataire') {
    const ids = await this.authorization.structuresAllowed(actor, role === 'fournisseur' ? 'FACTURES_EMISES' : 'FACTURES_RECUES', 'CONSULTATION');
    const structures = (await this.catalog.findByIds(ids)).filter((s) => s.active);
    return { ...OK, listeStructures: structures.map(structureRef) };
  }

  async search(body: Body) {
    const criteria = block(body, 'structure');
    const page = paging(block(body, 'parametres'), { direction: 'asc' });
    const status = oneOf(criteria, 'statutStructure', ['ACTIF', 'INACTIF'] as const, 'structure.statutStructure');
    const restrict = flag(body, 'restreindreStructuresPrivees') === true;
    const { items, total } = await this.catalog.search({
      identifier: text(criteria, 'identifiantStructure', 'structure.identifiantStructure'),
      identifierType: text(criteria, 'typeIdentifiantStructure', 'structure.typeIdentifiantStructure'),
      name: text(criteria, ['raisonSocialeStructure', 'libelleStructure'], 'structure.raisonSocialeStructure'),
      structureType: restrict ? 'PUBLIQUE' : undefined,
      active: status === undefined ? undefined : status === 'ACTIF',
      page: page.page,
      pageSize: page.pageSize,
    });
    return {
      ...OK,
      listeStructures: items.map((s) => ({
        idStructureCPP: s.publicId,
        identifiantStructure: s.identifier,
        designationStructure: s.label ?? s.companyName,
        statut: s.active ? 'ACTIVE' : 'INACTIVE',
        typeIdentifiantStructure: s.identifierType,
      })),
      parametresRetour: parametresRetour(page, total),
    };
  }

  /**
   * Any structure by its sequential id; a private or non-diffusible one's contact details (courriel,
   * telephone, adresse, numeroTva, numeroRcsStructure) only for its own technical accounts (StructureDisclosure).
   */
  async consult(actor: TechnicalAccountActor, body: Body) {
    const id = requiredInteger(body, ['idStructureCPP', 'idStructure'], 'idStructureCPP');
    const s = await this.disclosure.viewFor(actor, await this.structureByPublicId(id, 'idStructureCPP'));
    const a = s.address;
    return {
      ...OK,
      idStructureCPP: s.publicId,
      informationGenerales: {
        idStructureCPP: s.publicId,
        identifiantStructure: s.identifier,
        typeIdentifiantStructure: s.identifierType,
        libelleStructure: s.label ?? s.companyName,
        raisonSociale: s.companyName,
        numeroTva: s.vatNumber ?? null,
        numeroRcsStructure: s.rcsNumber ?? null,
        courriel: s.email ?? null,
        telephone: s.phone ?? null,
        structurePublique: s.structureType === 'PUBLIQUE',
        statut: s.active ? 'ACTIVE' : 'INACTIVE',
        structureEmettriceEdi: s.rules.canReceiveEdi,
      },
      adressePostaleDuSiege: a
        ? { adresse: a.line1, complementAdresse1: a.line2 ?? null, complementAdresse2: a.line3 ?? null, codePostal: a.postalCode, ville: a.city, codePays: a.country }
        : null,
      parametres: {
        codeServiceDoitEtreRenseigne: s.rules.serviceCodeRequired,
        numeroEJDoitEtreRenseigne: s.rules.engagementRequired,
        gestionNumeroEJOuCodeService: s.rules.serviceCodeOrEngagementRequired,
        statutMiseEnPaiementNestPasRemonte: s.rules.paymentStatusNotReported,
        delaiGlobalPaiement: s.paymentDelayDays,
      },
    };
  }

  async services(body: Body) {
    const id = requiredInteger(body, ['idStructure', 'idStructureCPP'], 'idStructure');
    const structure = await this.structureByPublicId(id, 'idStructure');
    const page = paging(block(body, 'parametresRechercherServicesStructure'), { direction: 'asc' });
    const all = (await this.catalog.listServices(structure.id)).sort((x, y) => x.code.localeCompare(y.code) * (page.direction === 'asc' ? 1 : -1));
    const slice = all.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
    return {
      ...OK,
      listeServices: slice.map((s) => ({
        idService: s.publicId,
        codeService: s.code,
        libelleService: s.label,
        estActif: s.active,
        statutService: s.active ? 'ACTIF' : 'INACTIF',
        dateDbtService: minute(s.activationStart),
        dateFinService: minute(s.activationEnd),
      })),
      parametresRetour: parametresRetour(page, all.length),
      total: all.length,
    };
  }

  async serviceByPublicId(structureId: string, idService: number, field: string): Promise<ServiceSummary> {
    const service = (await this.catalog.listServices(structureId)).find((s) => s.publicId === idService);
    if (!service) throw new DomainError(PisteErrors.SERVICE_NOT_FOUND, { field, value: idService }, field);
    return service;
  }

  async service(body: Body) {
    const structure = await this.structureByPublicId(requiredInteger(body, ['idStructure', 'idStructureCPP'], 'idStructure'), 'idStructure');
    const s = await this.serviceByPublicId(structure.id, requiredInteger(body, 'idService'), 'idService');
    return {
      ...OK,
      informationsGenerales: { idService: s.publicId, codeService: s.code, nomService: s.label, descriptionService: s.description ?? null },
      parametres: {
        numeroEngagement: s.engagementRequired,
        miseEnPaiement: !structure.rules.paymentStatusNotReported,
        dateDebutValidite: minute(s.activationStart),
        dateFinValidite: minute(s.activationEnd),
        estActif: s.active,
      },
    };
  }

  /**
   * Active bank accounts of a structure the technical account works for (issued invoices, consultation);
   * `idStructure` absent means the account's own structure.
   */
  async bankDetails(actor: TechnicalAccountActor, body: Body) {
    const id = integer(body, ['idStructure', 'idStructureCPP'], 'idStructure');
    const structure = id !== undefined ? await this.structureByPublicId(id, 'idStructure') : await this.catalog.findById(actor.structureId);
    if (!structure || !(await this.authorization.allows(actor, structure.id, 'FACTURES_EMISES', 'CONSULTATION'))) {
      throw new DomainError(PisteErrors.STRUCTURE_NOT_ACCESSIBLE, { field: 'idStructure', value: id ?? '' }, 'idStructure');
    }
    const accounts = (await this.catalog.listBankAccounts(structure.id)).filter((a) => a.active);
    return {
      ...OK,
      listeCoordonneeBancaire: accounts.map((a) => ({ idCoordonneeBancaire: a.publicId, nomCoordonneeBancaire: a.name, typeCoordonneeBancaire: a.type, iban: a.maskedIban })),
    };
  }

  /** The supplier's active bank account with this public id (codeCoordonneesBancairesFournisseur). */
  async bankAccountByPublicId(structureId: string, publicId: number, field: string): Promise<BankAccountSummary> {
    const account = (await this.catalog.listBankAccounts(structureId)).find((a) => a.publicId === publicId && a.active);
    if (!account) throw new DomainError(PisteErrors.BANK_ACCOUNT_NOT_FOUND, { field, value: publicId }, field);
    return account;
  }
}
