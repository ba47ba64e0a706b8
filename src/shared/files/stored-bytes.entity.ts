import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** An invoice file the store keeps; its bytes are here (PostgresFileStore) or on disk, content null (FilesystemFileStore). */
@Entity({ tableName: 'invoice_stored_file' })
export class StoredBytes {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'blob', lazy: true, nullable: true })
  content: Buffer | null;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(id: string, content: Buffer | null, createdAt: Date) {
    this.id = id;
    this.content = content;
    this.createdAt = createdAt;
  }
}
