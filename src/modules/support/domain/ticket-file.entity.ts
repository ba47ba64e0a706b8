import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/** A file joined to a ticket, with its SHA-256; the bytes are in the shared FileStore. */
@Entity({ tableName: 'support_ticket_file' })
@Index({ name: 'support_ticket_file_ticket_idx', properties: ['ticketId'] })
export class TicketFile {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  ticketId: string;

  /** Key of the bytes in the FileStore (one file, one key: never shared). */
  @Property({ type: 'uuid' })
  @Unique({ name: 'support_ticket_file_store_key_unique' })
  storeKey: string;

  @Property({ type: 'string', length: 64 })
  sha256: string;

  @Property({ type: 'integer' })
  size: number;

  @Property({ type: 'string', length: 100 })
  mediaType: string;

  @Property({ type: 'string', length: 255 })
  fileName: string;

  @Property({ type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(props: { ticketId: string; storeKey: string; size: number; sha256: string; mediaType: string; fileName: string; uploadedBy: string | null; now: Date }) {
    this.ticketId = props.ticketId;
    this.storeKey = props.storeKey;
    this.sha256 = props.sha256;
    this.size = props.size;
    this.mediaType = props.mediaType;
    this.fileName = props.fileName;
    this.uploadedBy = props.uploadedBy;
    this.createdAt = props.now;
  }
}
