import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { StructureCatalog, StructureDisclosure, StructureSummary } from '../../organisation/contracts/structures';
import { PisteErrors } from '../domain/piste.errors';
import { block, Body, integer, oneOf, paging, parametresRetour, requiredText, text } from '../domain/readers';
import { instant, OK } from './piste-common';

const SIRET = /^\d{14}$/;
/** Lower case without accents, for matching names and cities as people type them. */
const folded = (value: string): string => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
/** Structures per page when the directory is written (it reads the whole public directory). */
const DIRECTORY_PAGE = 200;

const csvCell = (value: string | number | boolean | null | undefined): string => {
  const raw = value === null || value === undefined ? '' : String(value);
  // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[;"\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The public directory of recipients and the structure-side lookups of the API mode (issue 16):
 * `transverses/v1/rechercher/destinataire`, `transverses/v1/telecharger/annuaire/destinataire`,
 * `transverses/v1/consulter/information/siret`, `structures/v1/lister/rattachementsutilisateur`. Answer
 * shapes are go-choruspro's (transverses_structures.go, transverses_misc.go, structures_rattachements.go).
 * Only public structures are listed as recipients; a private structure's data is never listed here.
 */
@Injectable()
export class PisteDirectory {
  constructor(
    private readonly catalog: StructureCatalog,
    private readonly disclosure: StructureDisclosure,
  ) {}

  /**
   * Public, active structures matching `identifiant` (exact) and `nomVilleCodePostal`: a fragment of the name,
   * or the city, or the postal code of the head office (case and accents ignored).
   */
  async recipients(actor: TechnicalAccountActor, body: Body) {
    const page = paging(block(body, 'parametresRecherche'), { direction: 'asc' });
    const identifier = text(body, ['identifiant', 'identifiantStructure']);
    const wanted = text(body, 'nomVilleCodePostal');
    // typeStructure narrows to public structures; PRIVEE is refused: private structures are not a directory.
    oneOf(body, 'typeStructure', ['PUBLIQUE'] as const);
    let items: StructureSummary[];
    let total: number;
    if (wanted === undefined) {
      ({ items, total } = await this.catalog.search({ identifier, structureType: 'PUBLIQUE', active: true, page: page.page, pageSize: page.pageSize }));
      items = await this.disclosed(actor, items);
    } else {
      const key = folded(wanted);
      const matching = (await this.publicRecipients(actor, identifier)).filter(
        (s) => folded(s.label ?? s.companyName).includes(key) || folded(s.companyName).includes(key) || (s.address && (s.address.postalCode === wanted || folded(s.address.city) === key)),
      );
      total = matching.length;
      items = matching.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
    }
    return {
      ...OK,
      listeDestinataires: items.map((s) => ({
        idStructureCPP: s.publicId,
        siret: s.identifier,
        nomDestinataire: s.label ?? s.companyName,
        adresseCodePostal: s.address?.postalCode ?? null,
        adresseVille: s.address?.city ?? null,
      })),
      parametresRetour: parametresRetour(page, total),
    };
  }

  /** As the caller may see them: a non-diffusible structure's address stays with its insiders (StructureDisclosure). */
  private disclosed(actor: TechnicalAccountActor, structures: StructureSummary[]): Promise<StructureSummary[]> {
    return Promise.all(structures.map((s) => this.disclosure.viewFor(actor, s)));
  }

  private async publicRecipients(actor: TechnicalAccountActor, identifier?: string): Promise<StructureSummary[]> {
    const all: StructureSummary[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await this.catalog.search({ identifier, structureType: 'PUBLIQUE', active: true, page, pageSize: DIRECTORY_PAGE });
      all.push(...(await this.disclosed(actor, items)));
      if (items.length === 0 || all.length >= total) return all;
    }
  }

  /**
   * The recipients' directory as a CSV file (base64 in `fichierResultat`, as go-choruspro reads it): one line
   * per active public structure and per active service, with what a supplier needs to address an invoice.
   */
  async directory(actor: TechnicalAccountActor) {
    const header = ['identifiant', 'typeIdentifiant', 'raisonSociale', 'codeService', 'nomService', 'numeroEJDoitEtreRenseigne', 'codeServiceDoitEtreRenseigne', 'adresseCodePostal', 'adresseVille'];
    const lines = [header.join(';')];
    for (const s of await this.publicRecipients(actor)) {
      const base = [s.identifier, s.identifierType, s.label ?? s.companyName];
      const tail = [s.address?.postalCode, s.address?.city];
      lines.push([...base, '', '', s.rules.engagementRequired, s.rules.serviceCodeRequired, ...tail].map(csvCell).join(';'));
      const services = (await this.catalog.listServices(s.id)).filter((x) => x.active).sort((x, y) => x.code.localeCompare(y.code));
      for (const service of services) {
        lines.push([...base, service.code, service.label, s.rules.engagementRequired || service.engagementRequired, s.rules.serviceCodeRequired, ...tail].map(csvCell).join(';'));
      }
    }
    const content = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
    return { ...OK, nomFichier: 'annuaire_destinataires.csv', fichierResultat: content.toString('base64') };
  }

  /**
   * Legal information of a structure identified by its SIRET (go-choruspro `InformationsSIRETResponse`). The
   * head-office address goes through StructureDisclosure: a private or non-diffusible structure's address (a
   * sole trader's may be a home) is given to its own accounts only. No contact details.
   */
  async siretInformation(actor: TechnicalAccountActor, body: Body) {
    const siret = requiredText(body, ['siretStructure', 'siret'], 'siretStructure');
    if (!SIRET.test(siret)) throw new DomainError(PisteErrors.FIELD_INVALID, { field: 'siretStructure', reason: 'un SIRET de 14 chiffres est attendu' }, 'siretStructure');
    const s = await this.catalog.findByIdentifier(siret, 'SIRET');
    if (!s) throw new DomainError(PisteErrors.STRUCTURE_NOT_FOUND, { field: 'siretStructure', value: siret }, 'siretStructure');
    const a = (await this.disclosure.viewFor(actor, s)).address;
    return {
      ...OK,
      siret: s.identifier,
      siren: s.identifier.slice(0, 9),
      raisonSociale: s.companyName,
      adresse: a ? [a.line1, a.line2, a.line3, `${a.postalCode} ${a.city}`].filter(Boolean).join(' ') : null,
      estActif: s.active,
    };
  }

  /**
   * The services the calling technical account is attached to in a structure it works for (its own when
   * none is named). A technical account works for every active service of its structure; another user, or
   * another structure, is refused: the operation never lists someone else's attachments.
   */
  async userAttachments(actor: TechnicalAccountActor, body: Body) {
    const own = await this.catalog.findById(actor.structureId);
    if (!own) throw new DomainError(PisteErrors.STRUCTURE_NOT_ACCESSIBLE, { field: 'idStructure', value: '' }, 'idStructure');
    const id = integer(body, ['idStructure', 'idStructureCPP'], 'idStructure');
    const identifier = text(body, 'identifiantStructure');
    if ((id !== undefined && id !== own.publicId) || (identifier !== undefined && identifier !== own.identifier)) {
      const field = id !== undefined ? 'idStructure' : 'identifiantStructure';
      throw new DomainError(PisteErrors.STRUCTURE_NOT_ACCESSIBLE, { field, value: id ?? identifier ?? '' }, field);
    }
    if (integer(body, 'idUtilisateur') !== undefined || text(body, 'adresseEmailConnexionUtilisateur') !== undefined) {
      const field = integer(body, 'idUtilisateur') !== undefined ? 'idUtilisateur' : 'adresseEmailConnexionUtilisateur';
      throw new DomainError(PisteErrors.FIELD_INVALID, { field, reason: 'seuls les rattachements du compte technique appelant sont consultables' }, field);
    }
    const page = paging(block(body, 'parametresListerRattachementsStructureUtilisateur'), { direction: 'asc' });
    const services = (await this.catalog.listServices(own.id)).filter((s) => s.active).sort((x, y) => x.code.localeCompare(y.code));
    const slice = services.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
    return {
      ...OK,
      idStructure: own.publicId,
      identifiantStructure: own.identifier,
      designationStructure: own.label ?? own.companyName,
      premierService: false,
      listeServices: slice.map((s) => ({
        idService: s.publicId,
        codeService: s.code,
        nomService: s.label,
        idRattachement: s.publicId,
        statutRattachement: 'ACTIF',
        // go-choruspro decodes these as time.Time: RFC 3339.
        dateDebut: instant(s.activationStart),
        dateFin: instant(s.activationEnd),
        commentaire: null,
      })),
      parametresRetour: parametresRetour(page, services.length),
    };
  }
}
