import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { sanitiseFileName } from '../../../shared/files/file-name';
import { isPdf } from '../../../shared/files/media-type';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { ApiInvoices, ApiKeptFile } from '../../invoicing/contracts/api-mode';
import { PisteErrors } from '../domain/piste.errors';
import { base64File, Body, firstSet, text } from '../domain/readers';
import { StagedAttachment } from '../infrastructure/staged-attachment.entity';
import { deleteStagedAttachments } from '../infrastructure/staged-attachments';
import { OK } from './piste-common';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * Files sent ahead of the call that uses them (`deposer/pdf`, `ajouter/fichier`): kept in invoicing's
 * file store with a row here naming them, then taken by reference by `soumettre` / `completer` and
 * consumed once that call succeeded. A file staged by one structure is invisible to every other.
 */
@Injectable()
export class PisteStaging {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly invoices: ApiInvoices,
  ) {}

  async stage(actor: TechnicalAccountActor, body: Body, contentField: string, pdfOnly: boolean) {
    const content = base64File(body, contentField);
    if (content.length > MAX_ATTACHMENT_BYTES) throw new DomainError(PisteErrors.FIELD_INVALID, { field: contentField, reason: 'fichier de plus de 10 Mo' }, contentField);
    const pdf = isPdf(content);
    if (pdfOnly && !pdf) throw new DomainError(PisteErrors.FIELD_INVALID, { field: contentField, reason: "le fichier n'est pas un PDF" }, contentField);
    const fileName = sanitiseFileName(text(body, ['nomFichier', 'pieceJointeNom']) ?? '', pdf ? 'facture.pdf' : 'fichier');
    const mediaType = pdf ? 'application/pdf' : (text(body, ['typeMime', 'pieceJointeTypeMime']) ?? 'application/octet-stream').slice(0, 100);
    const now = this.clock.now();
    // One transaction (flushed as it commits): the bytes go to invoicing's file store, the row that names them here.
    const staged = await this.em.fork().transactional(async (em) => {
      const kept = await this.invoices.keepFile(em, content, now);
      const attachment = new StagedAttachment({
        structureId: actor.structureId,
        technicalAccountId: actor.technicalAccountId,
        fileName,
        mediaType,
        keptFileId: kept.keptFileId,
        size: content.length,
        sha256: kept.sha256,
        now,
      });
      em.persist(attachment);
      return attachment;
    });
    return { publicId: staged.publicId, content };
  }

  async addFile(actor: TechnicalAccountActor, body: Body) {
    const staged = await this.stage(actor, body, firstSet(body, ['pieceJointeFichier', 'fichier']) ?? 'pieceJointeFichier', false);
    return { ...OK, pieceJointeId: staged.publicId };
  }

  /** A staged file by its pieceJointeId, as invoicing attaches it: by reference to the bytes it keeps. */
  async take(actor: TechnicalAccountActor, id: number, field: string, used: string[]): Promise<ApiKeptFile> {
    const [staged] = await rawRows<{ id: string; file_name: string; media_type: string; kept_file_id: string; sha256: string }>(
      this.em.fork(),
      `select id, file_name, media_type, kept_file_id, sha256 from piste_staged_attachment where public_id = ? and structure_id = ?`,
      [id, actor.structureId],
    );
    if (!staged) throw new DomainError(PisteErrors.ATTACHMENT_NOT_FOUND, { field, value: id }, field);
    used.push(staged.id);
    return { fileName: staged.file_name, mediaType: staged.media_type, keptFileId: staged.kept_file_id, sha256: staged.sha256 };
  }

  /** Staged files are attached by reference when used: once the call succeeded, their rows go (the bytes are the invoice's). */
  async consume(used: string[]): Promise<void> {
    if (used.length === 0) return;
    await this.em.fork().transactional((em) => deleteStagedAttachments(em, this.invoices, { ids: used }));
  }
}
