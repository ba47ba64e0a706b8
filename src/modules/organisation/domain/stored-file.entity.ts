import { BlobType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/** A file kept in PostgreSQL (bytea). The content is lazy: listing files never loads it. */
@Entity({ tableName: 'stored_file' })
export class StoredFile {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: BlobType, lazy: true })
  content: Buffer;

  @Property({ type: 'string', length: 64 })
  sha256: string;

  @Property({ type: 'integer' })
  size: number;

  @Property({ type: 'string', length: 100 })
  mediaType: string;

  @Property({ type: 'string', length: 255 })
  fileName: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(props: { content: Buffer; sha256: string; mediaType: string; fileName: string; now: Date }) {
    this.content = props.content;
    this.sha256 = props.sha256;
    this.size = props.content.length;
    this.mediaType = props.mediaType;
    this.fileName = props.fileName;
    this.createdAt = props.now;
  }
}
