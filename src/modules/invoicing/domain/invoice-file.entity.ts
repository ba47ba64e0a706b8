import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/** `rendered`: the Factur-X the platform made of an invoice that has no deposited main file (documents.use-cases.ts). */
export type InvoiceFileKind = 'main' | 'additional' | 'rendered';

/** A file attached to an invoice: metadata only, the bytes live behind the FileStore port. */
@Entity({ tableName: 'invoice_file' })
@Index({ properties: ['invoiceId'] })
// Which invoice file names a stored key: kept files are attached by reference (AddInvoiceFile, discardKeptFiles).
@Index({ properties: ['storedFileId'] })
export class InvoiceFile {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  invoiceId: string;

  @Property({ type: 'string', length: 12 })
  kind: InvoiceFileKind;

  @Property({ type: 'string', length: 255 })
  fileName: string;

  @Property({ type: 'string', length: 100 })
  mediaType: string;

  @Property({ type: 'integer' })
  size: number;

  @Property({ type: 'string', length: 64 })
  sha256: string;

  /** Key in the FileStore. */
  @Property({ type: 'uuid' })
  storedFileId: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(init: Omit<InvoiceFile, 'id'>) {
    this.invoiceId = init.invoiceId;
    this.kind = init.kind;
    this.fileName = init.fileName;
    this.mediaType = init.mediaType;
    this.size = init.size;
    this.sha256 = init.sha256;
    this.storedFileId = init.storedFileId;
    this.createdAt = init.createdAt;
  }
}
