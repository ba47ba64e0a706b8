import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/** A structure document or bank proof: what the organisation context knows of it; the bytes are in the shared FileStore. */
@Entity({ tableName: 'stored_file' })
export class StoredFile {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Key of the bytes in the FileStore (one file, one key: never shared). */
  @Property({ type: 'uuid' })
  @Unique({ name: 'stored_file_store_key_unique' })
  storeKey: string;

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

  constructor(props: { storeKey: string; size: number; sha256: string; mediaType: string; fileName: string; now: Date }) {
    this.storeKey = props.storeKey;
    this.sha256 = props.sha256;
    this.size = props.size;
    this.mediaType = props.mediaType;
    this.fileName = props.fileName;
    this.createdAt = props.now;
  }
}
