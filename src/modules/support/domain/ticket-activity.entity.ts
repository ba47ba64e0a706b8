import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { TicketSide, TicketStatus } from './ticket-status';

export type TicketActivityKind = 'CREATED' | 'MESSAGE' | 'STATUS_CHANGED' | 'FILE_ADDED';

/** One entry of a ticket's activity stream, visible to both sides: who, when, what. */
@Entity({ tableName: 'support_ticket_activity' })
@Index({ name: 'support_ticket_activity_ticket_idx', properties: ['ticketId', 'at'] })
export class TicketActivity {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  ticketId: string;

  @Property({ type: 'string', length: 20 })
  kind: TicketActivityKind;

  @Property({ type: 'datetime' })
  at: Date;

  /** 'EMITTER' or 'RECEIVER'. */
  @Property({ type: 'string', length: 10 })
  side: TicketSide;

  /** 'user', 'technical-account' or 'anonymous' (contact form). */
  @Property({ type: 'string', length: 20 })
  actorKind: string;

  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'text', nullable: true })
  message: string | null = null;

  @Property({ type: 'string', length: 30, nullable: true })
  fromStatus: TicketStatus | null = null;

  @Property({ type: 'string', length: 30, nullable: true })
  toStatus: TicketStatus | null = null;

  @Property({ type: 'uuid', nullable: true })
  fileId: string | null = null;

  constructor(props: {
    ticketId: string;
    kind: TicketActivityKind;
    at: Date;
    side: TicketSide;
    actorKind: string;
    actorId: string | null;
    message?: string | null;
    fromStatus?: TicketStatus | null;
    toStatus?: TicketStatus | null;
    fileId?: string | null;
  }) {
    this.id = uuidv7(props.at.getTime());
    this.ticketId = props.ticketId;
    this.kind = props.kind;
    this.at = props.at;
    this.side = props.side;
    this.actorKind = props.actorKind;
    this.actorId = props.actorId;
    this.message = props.message ?? null;
    this.fromStatus = props.fromStatus ?? null;
    this.toStatus = props.toStatus ?? null;
    this.fileId = props.fileId ?? null;
  }
}
