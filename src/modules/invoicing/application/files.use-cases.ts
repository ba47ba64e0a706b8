import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { InvoiceFile, InvoiceFileKind } from '../domain/invoice-file.entity';
import { Invoice } from '../domain/invoice.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { isPdf, MAX_INVOICE_FILE_BYTES } from '../domain/submission-rules';
import { FileStore } from '../infrastructure/file-store/file-store';
import { InvoiceAccess } from './invoice-access';

export interface FileUpload {
  kind: string;
  fileName: string;
  mediaType: string;
  content: Buffer;
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

export const fileView = (f: InvoiceFile): InvoiceFileView => ({
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

  async execute(actor: Actor, invoiceId: string, upload: FileUpload): Promise<InvoiceFileView> {
    if (upload.kind !== 'main' && upload.kind !== 'additional') throw new DomainError(InvoicingErrors.FILE_KIND_INVALID, {}, 'kind');
    const kind: InvoiceFileKind = upload.kind;
    if (upload.content.length === 0) throw new DomainError(InvoicingErrors.FILE_MISSING, {}, 'file');
    if (upload.content.length > MAX_INVOICE_FILE_BYTES) throw new DomainError(InvoicingErrors.FILE_TOO_LARGE, { limit: '10 Mo' }, 'file');
    if (kind === 'main' && !isPdf(upload.content)) throw new DomainError(InvoicingErrors.FILE_NOT_PDF, {}, 'file');
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
        fileName: upload.fileName.slice(0, 255),
        mediaType: kind === 'main' ? 'application/pdf' : upload.mediaType.slice(0, 100),
        size: upload.content.length,
        sha256: createHash('sha256').update(upload.content).digest('hex'),
        storedFileId: await this.store.put(em, upload.content, now),
        createdAt: now,
      });
      em.persist(file);
      return fileView(file);
    });
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
