import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Bytes of an invoice file, in PostgreSQL (the default FileStore adapter). */
@Entity({ tableName: 'invoice_stored_file' })
export class InvoiceStoredFile {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'blob', lazy: true })
  content: Buffer;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(id: string, content: Buffer, createdAt: Date) {
    this.id = id;
    this.content = content;
    this.createdAt = createdAt;
  }
}
