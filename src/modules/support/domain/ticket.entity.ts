import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { TicketObjectType, TicketRouting } from './support-reference';
import { TicketStatus } from './ticket-status';

/**
 * A support request ("sollicitation"). The category labels are copied at creation so lists, search,
 * sort and export are one-table queries and an old ticket keeps the wording it was filed under.
 * `receiverStructureId` is null for platform tickets (handled by administrators). Tickets from the
 * public contact form have no emitting structure or user.
 */
@Entity({ tableName: 'support_ticket' })
@Index({ name: 'support_ticket_emitter_idx', properties: ['emitterStructureId', 'status'] })
@Index({ name: 'support_ticket_receiver_idx', properties: ['receiverStructureId', 'status'] })
@Index({ name: 'support_ticket_routing_idx', properties: ['routing', 'status'] })
@Index({ name: 'support_ticket_created_idx', properties: ['createdAt'] })
export class Ticket {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** CPROCS + 7 digits, from support_ticket_number_seq. */
  @Property({ type: 'string', length: 13, unique: 'support_ticket_number_unique' })
  number: string;

  @Property({ type: 'string', length: 40 })
  categoryCode: string;

  @Property({ type: 'string', length: 120 })
  categoryLabel: string;

  @Property({ type: 'string', length: 40 })
  subCategoryCode: string;

  @Property({ type: 'string', length: 160 })
  subCategoryLabel: string;

  @Property({ type: 'string', length: 10 })
  routing: TicketRouting;

  @Property({ type: 'string', length: 30, nullable: true })
  objectType: TicketObjectType | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  objectNumber: string | null = null;

  /** The invoice the object designates, when it is one (checked at creation). */
  @Property({ type: 'uuid', nullable: true })
  invoiceId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  emitterStructureId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  emitterServiceId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  emitterUserId: string | null = null;

  /** Name given on the contact form (no account). */
  @Property({ type: 'string', length: 200, nullable: true })
  contactName: string | null = null;

  @Property({ type: 'string', length: 254 })
  contactEmail: string;

  @Property({ type: 'uuid', nullable: true })
  receiverStructureId: string | null = null;

  /**
   * The receiving structure's service the ticket concerns: the invoice's service on the receiver's side.
   * Null: the whole structure; then only members attached at structure level see it (as `emitterServiceId`).
   */
  @Property({ type: 'uuid', nullable: true })
  receiverServiceId: string | null = null;

  @Property({ type: 'string', length: 200 })
  title: string;

  @Property({ type: 'text' })
  description: string;

  @Property({ type: 'string', length: 30 })
  status: TicketStatus = 'OUVERT';

  @Property({ type: 'datetime' })
  statusChangedAt: Date;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  updatedAt: Date;

  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;

  constructor(props: {
    number: string;
    categoryCode: string;
    categoryLabel: string;
    subCategoryCode: string;
    subCategoryLabel: string;
    routing: TicketRouting;
    contactEmail: string;
    title: string;
    description: string;
    now: Date;
  }) {
    this.number = props.number;
    this.categoryCode = props.categoryCode;
    this.categoryLabel = props.categoryLabel;
    this.subCategoryCode = props.subCategoryCode;
    this.subCategoryLabel = props.subCategoryLabel;
    this.routing = props.routing;
    this.contactEmail = props.contactEmail;
    this.title = props.title;
    this.description = props.description;
    this.statusChangedAt = props.now;
    this.createdAt = props.now;
    this.updatedAt = props.now;
  }

  moveTo(status: TicketStatus, now: Date): void {
    this.status = status;
    this.statusChangedAt = now;
    this.updatedAt = now;
    this.closedAt = status === 'FERME' ? now : null;
  }
}
