import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { InvoiceFile, InvoiceFileKind } from '../domain/invoice-file.entity';
import { Invoice } from '../domain/invoice.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { checkFileName } from '../domain/input-rules';
import { isPdf, MAX_INVOICE_FILE_BYTES } from '../domain/submission-rules';
import { sanitiseFileName } from '../../../shared/files/file-name';
import { declaredMediaType } from '../../../shared/files/media-type';
import { FileStore, ReceivedFile } from '../../../shared/files/file-store';
import { InvoiceAccess } from './invoice-access';

export type { ReceivedFile };

/**
 * A file sent now, in memory (`content`) or read from a stream by `AddInvoiceFile.receive` (`received`),
 * or bytes invoicing already keeps (`keptFileId`, see ApiInvoices.keepFile).
 */
export type FileUpload = { kind: string; fileName: string; mediaType: string } & (
  | { content: Buffer }
  | { received: ReceivedFile }
  | { keptFileId: string; sha256: string }
);

/** Bytes put in the store, with what an invoice file records of them. */
export async function storeFileBytes(store: FileStore, em: EntityManager, content: Buffer, now: Date): Promise<{ size: number; sha256: string; storedFileId: string }> {
  return { size: content.length, sha256: createHash('sha256').update(content).digest('hex'), storedFileId: await store.put(em, content, now) };
}

/** What a file's checks look at: its size and first bytes. */
function checkBytes(kind: InvoiceFileKind, size: number, head: Buffer): void {
  if (size === 0) throw new DomainError(InvoicingErrors.FILE_MISSING, {}, 'file');
  if (size > MAX_INVOICE_FILE_BYTES) throw new DomainError(InvoicingErrors.FILE_TOO_LARGE, { limit: '10 Mo' }, 'file');
  if (kind === 'main' && !isPdf(head)) throw new DomainError(InvoicingErrors.FILE_NOT_PDF, {}, 'file');
}

export interface InvoiceFileView {
  id: string;
  kind: InvoiceFileKind;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export const fileView = (f: Pick<InvoiceFile, 'id' | 'kind' | 'fileName' | 'mediaType' | 'size' | 'sha256' | 'createdAt'>): InvoiceFileView => ({
  id: f.id,
  kind: f.kind,
  fileName: f.fileName,
  mediaType: f.mediaType,
  size: f.size,
  sha256: f.sha256,
  createdAt: f.createdAt.toISOString(),
});

/**
 * Attaches a file: the main invoice file (a PDF, checked by its magic bytes; replaces the previous one)
 * or an additional file. Drafts take both; a suspended invoice takes additional files (completion).
 */
@Injectable()
export class AddInvoiceFile {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly access: InvoiceAccess,
    private readonly store: FileStore,
  ) {}

  /** Reads an upload's bytes as they arrive, before the checks that need them; `execute` then owns them. */
  receive(stream: Readable): Promise<ReceivedFile> {
    return this.store.receive(stream, this.clock.now());
  }

  /** Drops received bytes that will not reach `execute`. */
  discard(file: ReceivedFile): Promise<void> {
    return this.store.discard(file);
  }

  async execute(actor: Actor, invoiceId: string, upload: FileUpload): Promise<InvoiceFileView> {
    const written = { row: false };
    try {
      return await this.attach(actor, invoiceId, upload, written);
    } catch (error) {
      // Received bytes refused before their row was written are dropped now. Once the row is written, a
      // failed commit may still have committed it: the daily sweep decides.
      if ('received' in upload && !written.row) await this.store.discard(upload.received);
      throw error;
    }
  }

  private async attach(actor: Actor, invoiceId: string, upload: FileUpload, written: { row: boolean }): Promise<InvoiceFileView> {
    if (upload.kind !== 'main' && upload.kind !== 'additional') throw new DomainError(InvoicingErrors.FILE_KIND_INVALID, {}, 'kind');
    const kind: InvoiceFileKind = upload.kind;
    const badName = checkFileName(upload.fileName);
    if (badName) throw new DomainError(badName.error, badName.params ?? {}, badName.field);
    if ('content' in upload) checkBytes(kind, upload.content.length, upload.content);
    if ('received' in upload) checkBytes(kind, upload.received.size, upload.received.head);
    return this.em.transactional(async (em) => {
      const invoice = await this.access.forSupplierChange(em, actor, invoiceId, true);
      const allowed = invoice.isDraft || (invoice.status === 'SUSPENDUE' && kind === 'additional');
      if (!allowed) throw new DomainError(InvoicingErrors.FILES_NOT_ALLOWED, { status: invoice.status });
      const now = this.clock.now();
      if (kind === 'main') {
        const previous = await em.find(InvoiceFile, { invoiceId, kind: 'main' });
        await this.store.remove(em, previous.map((f) => f.storedFileId));
        previous.forEach((f) => em.remove(f));
      }
      const file = new InvoiceFile({
        invoiceId,
        kind,
        fileName: sanitiseFileName(upload.fileName),
        mediaType: kind === 'main' ? 'application/pdf' : declaredMediaType(upload.mediaType),
        ...(await this.storeBytes(em, kind, upload, now, written)),
        createdAt: now,
      });
      em.persist(file);
      return fileView(file);
    });
  }

  private async storeBytes(em: EntityManager, kind: InvoiceFileKind, upload: FileUpload, now: Date, written: { row: boolean }) {
    if ('content' in upload) return storeFileBytes(this.store, em, upload.content, now);
    if ('received' in upload) {
      const storedFileId = await this.store.putReceived(em, upload.received, now);
      written.row = true;
      return { size: upload.received.size, sha256: upload.received.sha256, storedFileId };
    }
    return this.takeKept(em, kind, upload, now);
  }

  /**
   * Kept bytes (ApiInvoices.keepFile) are attached by reference: the invoice's file names the kept key
   * itself, so the bytes are written once, at the deposit (no copy in the store, no second 1 MB of WAL or
   * disk). The key's row stays locked until this transaction ends, and is taken only if no invoice file
   * names it yet: the same deposit attached twice at once gets a copy the second time, as before, and two
   * invoices never share bytes. `discardKeptFiles` leaves the keys an invoice file names.
   */
  private async takeKept(em: EntityManager, kind: InvoiceFileKind, kept: { keptFileId: string; sha256: string }, now: Date) {
    const described = await this.store.lockAndDescribe(em, kept.keptFileId);
    if (!described) throw new DomainError(InvoicingErrors.FILE_MISSING, {}, 'file');
    // A statement of its own, after the lock: it sees an attachment committed while this one waited.
    const [named] = await rawRows<{ one: number }>(em, 'select 1 as one from invoice_file where stored_file_id = ? limit 1', [kept.keptFileId]);
    if (named) return this.copyKept(em, kind, kept, now);
    checkBytes(kind, described.size, described.head);
    return { size: described.size, sha256: kept.sha256, storedFileId: kept.keptFileId };
  }

  /** Kept bytes are copied by the store, checked on the copy (an error rolls the copy back). */
  private async copyKept(em: EntityManager, kind: InvoiceFileKind, kept: { keptFileId: string; sha256: string }, now: Date) {
    const copy = await this.store.copy(em, kept.keptFileId, now);
    if (!copy) throw new DomainError(InvoicingErrors.FILE_MISSING, {}, 'file');
    checkBytes(kind, copy.size, copy.head);
    return { size: copy.size, sha256: kept.sha256, storedFileId: copy.key };
  }
}

@Injectable()
export class DownloadInvoiceFile {
  constructor(
    private readonly em: EntityManager,
    private readonly access: InvoiceAccess,
    private readonly store: FileStore,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, invoiceId: string, fileId: string): Promise<{ file: InvoiceFileView; stream: Readable }> {
    const { side } = await this.access.readable(this.em, actor, invoiceId);
    const file = await this.em.findOne(InvoiceFile, { id: fileId, invoiceId });
    if (!file) throw new DomainError(InvoicingErrors.FILE_NOT_FOUND);
    const stream = await this.store.open(file.storedFileId);
    if (!stream) throw new DomainError(InvoicingErrors.FILE_NOT_FOUND);
    if (side === 'RECIPIENT') {
      // Only the first download is recorded; a conditional update needs no lock.
      await this.em.nativeUpdate(Invoice, { id: invoiceId, recipientDownloadedAt: null }, { recipientDownloadedAt: this.clock.now() });
    }
    return { file: fileView(file), stream };
  }
}
