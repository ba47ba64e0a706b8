import { BlobType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/** A file joined to a ticket, kept in PostgreSQL (bytea, lazy) with its SHA-256. */
@Entity({ tableName: 'support_ticket_file' })
@Index({ name: 'support_ticket_file_ticket_idx', properties: ['ticketId'] })
export class TicketFile {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  ticketId: string;

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

  @Property({ type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(props: { ticketId: string; content: Buffer; sha256: string; mediaType: string; fileName: string; uploadedBy: string | null; now: Date }) {
    this.ticketId = props.ticketId;
    this.content = props.content;
    this.sha256 = props.sha256;
    this.size = props.content.length;
    this.mediaType = props.mediaType;
    this.fileName = props.fileName;
    this.uploadedBy = props.uploadedBy;
    this.createdAt = props.now;
  }
}
