import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { sanitiseFileName } from '../../../shared/files/file-name';
import { declaredMediaType, isPdf } from '../../../shared/files/media-type';
import { rawRows } from '../../../shared/persistence/raw';
import { emOf, Tx, txOf } from '../../../shared/persistence/tx';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
import { ApiInvoices, ApiKeptFile, ApiReceivedFile, DUPLICATE_DEPOSIT_WINDOW_MS } from '../../invoicing/contracts/api-mode';
import { StreamedFiles } from '../../../shared/http/streamed-files';
import { PisteErrors } from '../domain/piste.errors';
import { base64File, Body, firstSet, text } from '../domain/readers';
import { StagedAttachment } from '../infrastructure/staged-attachment.entity';
import { deleteStagedAttachments } from '../infrastructure/staged-attachments';
import { OK } from './piste-common';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The file fields of the deposit operations, read as they arrive (shared/http/streamed-files.ts). */
export const ADD_FILE_FIELDS = ['pieceJointeFichier', 'fichier'] as const;
export const DEPOSIT_PDF_FIELD = 'fichierFacture';

/** A deposited file, whichever way it came: its checks' inputs, and how to keep or drop its bytes. */
interface Upload {
  size: number;
  sha256: string;
  head: Buffer;
  content: Buffer | null;
  keep(em: EntityManager, now: Date): Promise<{ keptFileId: string; sha256: string }>;
  discard(): Promise<void>;
}

const invalidFile = (field: string, reason: string): DomainError => new DomainError(PisteErrors.FIELD_INVALID, { field, reason }, field);

/**
 * Files sent ahead of the call that uses them (`deposer/pdf`, `ajouter/fichier`): kept in invoicing's
 * file store with a row here naming them, then taken by reference by `soumettre` / `completer` and
 * consumed once that call succeeded. A file staged by one structure is invisible to every other, and to
 * its accounts narrowed to one service unless they staged it (`visibleTo`).
 */
@Injectable()
export class PisteStaging {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly invoices: ApiInvoices,
    private readonly authorization: Authorization,
  ) {}

  /**
   * The staged files the account may see and use: its structure's, or only its own when it is narrowed to
   * its creator's service (the others' deposits may be meant for any service: their bytes are not its to
   * read). A SQL condition on `piste_staged_attachment` and its values.
   */
  async visibleTo(actor: TechnicalAccountActor): Promise<{ sql: string; values: string[] }> {
    const rights = await this.authorization.technicalAccountRights(actor);
    return rights && rights.serviceId === null
      ? { sql: 'structure_id = ?', values: [actor.structureId] }
      : { sql: 'structure_id = ? and technical_account_id = ?', values: [actor.structureId, actor.technicalAccountId] };
  }

  /**
   * Stages the file of `contentField`: streamed out of the body as it arrived (`files`, see
   * shared/http/streamed-files.ts), or read from the body's value (a value the stream left alone, e.g. an
   * object form). `content` is the decoded file when it is in memory (read from the body, or streamed with
   * `keepBytes`).
   */
  async stage(actor: TechnicalAccountActor, body: Body, contentField: string, pdfOnly: boolean, files: StreamedFiles | null = null) {
    const upload = this.uploadOf(body, contentField, files);
    const stored = { row: false };
    try {
      // Staged files serve only soumettre and completer: an account that may not issue invoices stores none.
      await this.authorization.require(actor, actor.structureId, 'FACTURES_EMISES', 'MODIFICATION');
      if (upload.size > MAX_ATTACHMENT_BYTES) throw invalidFile(contentField, 'fichier de plus de 10 Mo');
      const pdf = isPdf(upload.head);
      if (pdfOnly && !pdf) throw invalidFile(contentField, "le fichier n'est pas un PDF");
      const fileName = sanitiseFileName(text(body, ['nomFichier', 'pieceJointeNom']) ?? '', pdf ? 'facture.pdf' : 'fichier');
      const mediaType = pdf ? 'application/pdf' : declaredMediaType(text(body, ['typeMime', 'pieceJointeTypeMime']));
      const now = this.clock.now();
      // One transaction (flushed as it commits): the bytes go to invoicing's file store, the row that names them here.
      const staged = await this.em.fork().transactional(async (em) => {
        // deposer/pdf retried with the same bytes: the first deposit's pieceJointeId, nothing kept twice.
        const first = pdfOnly ? await this.sameDepositSince(em, actor, upload.sha256, now) : null;
        if (first !== null) return { publicId: first, duplicate: true };
        const kept = await upload.keep(em, now);
        stored.row = true;
        const attachment = new StagedAttachment({
          structureId: actor.structureId,
          technicalAccountId: actor.technicalAccountId,
          fileName,
          mediaType,
          keptFileId: kept.keptFileId,
          size: upload.size,
          sha256: kept.sha256,
          now,
        });
        em.persist(attachment);
        return attachment;
      });
      if ('duplicate' in staged) {
        await upload.discard();
        return { publicId: staged.publicId, content: upload.content, duplicate: true };
      }
      return { publicId: staged.publicId, content: upload.content, duplicate: false };
    } catch (error) {
      // Received bytes refused before their row was written are dropped now; once written, a failed commit
      // may still have committed it: the file store's sweep decides (as AddInvoiceFile does).
      if (!stored.row) await upload.discard();
      throw error;
    }
  }

  /** An unused PDF of the structure with these bytes staged within DUPLICATE_DEPOSIT_WINDOW_MS; identical deposits at once wait for each other. */
  private async sameDepositSince(em: EntityManager, actor: TechnicalAccountActor, sha256: string, now: Date): Promise<number | null> {
    await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`pdf:${actor.structureId}:${sha256}`]);
    const visible = await this.visibleTo(actor);
    const [row] = await rawRows<{ public_id: string }>(
      em,
      `select public_id from piste_staged_attachment where ${visible.sql} and created_at >= ? and sha256 = ? and media_type = 'application/pdf'
        order by created_at limit 1`,
      [...visible.values, new Date(now.getTime() - DUPLICATE_DEPOSIT_WINDOW_MS), sha256],
    );
    return row ? Number(row.public_id) : null;
  }

  private uploadOf(body: Body, field: string, files: StreamedFiles | null): Upload {
    const streamed = files?.take(field);
    if (streamed === undefined) {
      const content = base64File(body, field);
      return { size: content.length, sha256: createHash('sha256').update(content).digest('hex'), head: content, content, keep: (em, now) => this.invoices.keepFile(txOf(em), content, now), discard: async () => undefined };
    }
    if (streamed.kind === 'invalid') throw invalidFile(field, 'contenu base64 attendu');
    if (streamed.kind === 'empty') throw invalidFile(field, 'fichier vide');
    const file = streamed.file as ApiReceivedFile;
    return {
      size: streamed.size,
      sha256: file.sha256,
      head: file.head,
      content: streamed.content,
      keep: (em, now) => this.invoices.keepReceivedFile(txOf(em), file, now),
      discard: () => this.invoices.discardReceivedFile(file).catch(() => undefined),
    };
  }

  async addFile(actor: TechnicalAccountActor, body: Body, files: StreamedFiles | null = null) {
    const staged = await this.stage(actor, body, firstSet(body, ADD_FILE_FIELDS) ?? 'pieceJointeFichier', false, files);
    return { ...OK, pieceJointeId: staged.publicId };
  }

  /** A staged file by its pieceJointeId, as invoicing attaches it: by reference to the bytes it keeps. */
  async take(actor: TechnicalAccountActor, id: number, field: string, used: string[]): Promise<ApiKeptFile> {
    const visible = await this.visibleTo(actor);
    const [staged] = await rawRows<{ id: string; file_name: string; media_type: string; kept_file_id: string; sha256: string }>(
      this.em.fork(),
      `select id, file_name, media_type, kept_file_id, sha256 from piste_staged_attachment where public_id = ? and ${visible.sql}`,
      [id, ...visible.values],
    );
    if (!staged) throw new DomainError(PisteErrors.ATTACHMENT_NOT_FOUND, { field, value: id }, field);
    used.push(staged.id);
    return { fileName: staged.file_name, mediaType: staged.media_type, keptFileId: staged.kept_file_id, sha256: staged.sha256 };
  }

  /**
   * Consumes staged files in the transaction of the call that attached every one of them (a submission's
   * `alongside`): their rows go with its commit and stay when it is refused (the deposit can be used again).
   * Only the rows: each kept key is named by an invoice file once attached (this invoice's, or, when it
   * got a copy, the invoice that took the key first), so `discardKeptFiles` would lock and check them only
   * to keep them all.
   */
  async consumeAttached(tx: Tx, used: readonly string[]): Promise<void> {
    if (used.length > 0) await rawRows(emOf(tx), 'delete from piste_staged_attachment where id = any(?::uuid[])', [used]);
  }

  /** Staged files are attached by reference when used: once the call succeeded, their rows go (the bytes are the invoice's). */
  async consume(used: string[]): Promise<void> {
    if (used.length === 0) return;
    await this.em.fork().transactional((em) => deleteStagedAttachments(em, this.invoices, { ids: used }));
  }
}
