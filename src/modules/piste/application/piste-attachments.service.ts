import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, StreamableFile } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { ApiInvoices } from '../../invoicing/contracts/api-mode';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { PisteErrors } from '../domain/piste.errors';
import { block, Body, list, oneOf, paging, parametresRetour, required, requiredInteger, text } from '../domain/readers';
import { fileExtension, OK, safeFileName } from './piste-common';
import { distinctInvoiceIds, DownloadBundle } from './bulk-download';
import { PisteStaging } from './piste-staging.service';

/**
 * Attachments of the API mode beyond their deposit (issue 16): `transverses/v1/rechercher/pj/moncompte`
 * and `/pj/structure` list the files deposited with `ajouter/fichier` or `deposer/pdf` and not yet used
 * (a file is consumed by the submission that uses it); `transverses/v1/telecharger/pieceJointe` downloads
 * an invoice's files. Shapes: go-choruspro transverses_pieces_jointes.go.
 */
@Injectable()
export class PisteAttachments {
  constructor(
    private readonly em: EntityManager,
    private readonly invoices: ApiInvoices,
    private readonly catalog: StructureCatalog,
    private readonly clock: Clock,
    private readonly staging: PisteStaging,
  ) {}

  /** Files the calling technical account deposited (`moncompte`) or its structure's (`structure`), newest first. */
  async search(actor: TechnicalAccountActor, body: Body, scope: 'account' | 'structure') {
    if (scope === 'structure') {
      const id = requiredInteger(body, ['idStructureCPP', 'idStructure'], 'idStructureCPP');
      const own = await this.catalog.findById(actor.structureId);
      // A technical account works for one structure: another structure's files are not its to list.
      if (own?.publicId !== id) throw new DomainError(PisteErrors.STRUCTURE_NOT_ACCESSIBLE, { field: 'idStructureCPP', value: id }, 'idStructureCPP');
    }
    const page = paging(block(body, 'parametresRecherche'));
    const name = text(body, 'pieceJointeDesignation');
    // The structure's files as the account may see them (PisteStaging.visibleTo: only its own when narrowed to a service).
    const visible = scope === 'account' ? { sql: 'technical_account_id = ?', values: [actor.technicalAccountId] } : await this.staging.visibleTo(actor);
    const where = visible.sql;
    const params: unknown[] = [...visible.values];
    const nameFilter = name ? ` and file_name ilike ? escape '\\'` : '';
    if (name) params.push(`%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const em = this.em.fork();
    const [count] = await rawRows<{ total: number }>(em, `select count(*)::int as total from piste_staged_attachment where ${where}${nameFilter}`, params);
    const rows = await rawRows<{ public_id: string; file_name: string }>(
      em,
      `select public_id, file_name from piste_staged_attachment where ${where}${nameFilter} order by created_at ${page.direction === 'asc' ? 'asc' : 'desc'}, public_id limit ? offset ?`,
      [...params, page.pageSize, (page.page - 1) * page.pageSize],
    );
    const structure = scope === 'structure' ? await this.catalog.findById(actor.structureId) : null;
    return {
      ...OK,
      listePiecesJointes: rows.map((r) => ({
        pieceJointeId: Number(r.public_id),
        pieceJointeDesignation: r.file_name,
        pieceJointeExtension: fileExtension(r.file_name),
        // A deposited file has no type until an invoice uses it.
        pieceJointeTypeCode: null,
        pieceJointeTypeLibelle: null,
        ...(structure
          ? { pieceJointeStructureId: structure.publicId, pieceJointeStructureCode: structure.identifier, pieceJointeStructureRaisonSociale: structure.companyName }
          : {}),
      })),
      parametresRetour: parametresRetour(page, count?.total ?? 0),
    };
  }

  /**
   * `telecharger/pieceJointe` for payment requests (objetPieceJointe DEMANDE_PAIEMENT): each invoice's
   * document (PDF: its deposited PDF, else the Factur-X the platform renders; PIVOT: the structured XML) and, with
   * `avecPiecesJointesComplementaires: "OUI"`, its additional files. One file is answered as itself, several
   * as a .tar.gz; base64 in `pieceJointe`, streamed within the bounds of telecharger/groupe (bulk-download.ts).
   * Every invoice goes through the same read authorization as `consulter`: one the account may not read
   * answers "not found", and nothing is sent.
   */
  async download(actor: TechnicalAccountActor, body: Body): Promise<StreamableFile> {
    const object = oneOf(body, 'objetPieceJointe', ['DEMANDE_PAIEMENT', 'ENGAGEMENT_JURIDIQUE', 'SOLLICITATION', 'STRUCTURE_PIECEJOINTE', 'STRUCTURE_MANDAT', 'STRUCTURE_COORDONNEE_BANCAIRE', 'UTILISATEUR'] as const);
    if (!object) throw required('objetPieceJointe');
    if (object !== 'DEMANDE_PAIEMENT') {
      throw new DomainError(PisteErrors.FIELD_INVALID, { field: 'objetPieceJointe', reason: 'seules les pièces des demandes de paiement (DEMANDE_PAIEMENT) sont téléchargeables' }, 'objetPieceJointe');
    }
    const request = block(body, 'demandePaiement');
    const format = oneOf(request, 'format', ['PDF', 'PIVOT'] as const, 'demandePaiement.format') ?? 'PDF';
    const withAdditional = oneOf(request, 'avecPiecesJointesComplementaires', ['OUI', 'NON'] as const, 'demandePaiement.avecPiecesJointesComplementaires') === 'OUI';
    const requested = list(request, 'listeFacture').map((f, i) => requiredInteger(f, ['idFacture', 'identifiantFactureCPP'], `demandePaiement.listeFacture[${i}].idFacture`));
    if (requested.length === 0) throw required('demandePaiement.listeFacture');
    const field = 'demandePaiement.listeFacture.idFacture';
    const ids = distinctInvoiceIds(requested, 'demandePaiement.listeFacture');
    const bundle = new DownloadBundle('demandePaiement.listeFacture', this.clock.now());
    for (const publicId of ids) {
      const id = await this.invoices.idOfPublicId(publicId);
      if (!id) throw new DomainError(PisteErrors.INVOICE_NOT_FOUND, { field, value: publicId }, field);
      const notFound = (e: unknown): never => {
        if (e instanceof DomainError && e.status === 404) throw new DomainError(PisteErrors.INVOICE_NOT_FOUND, { field, value: publicId }, field);
        throw e;
      };
      const pdf = format === 'PDF' ? await this.invoices.mainFile(actor, id).catch(notFound) : null;
      if (pdf) bundle.addStored(`${publicId}_0_${safeFileName(pdf.fileName)}`, pdf);
      else bundle.addWritten(`${publicId}.xml`, await this.invoices.structuredXml(actor, id).catch(notFound), () => this.invoices.structuredXml(actor, id));
      if (!withAdditional) continue;
      const additional = await this.invoices.additionalFiles(actor, id).catch(notFound);
      additional.forEach((f, i) => bundle.addStored(`${publicId}_${i + 1}_${safeFileName(f.fileName)}`, f));
    }
    return bundle.answer(OK, 'pieceJointe', 'nomFichier', 'pieces-jointes.tar.gz', true);
  }

}
