import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Marks that a handler has processed an event, written in the handler's own transaction: a replayed job
 * (relay crash, BullMQ retry after a lost ack) finds the mark and does nothing.
 */
@Entity({ tableName: 'handled_event' })
export class HandledEvent {
  @PrimaryKey({ type: 'string', length: 120 })
  handler: string;

  @PrimaryKey({ type: 'uuid' })
  eventId: string;

  @Property({ type: 'datetime' })
  handledAt: Date;

  constructor(handler: string, eventId: string, handledAt: Date) {
    this.handler = handler;
    this.eventId = eventId;
    this.handledAt = handledAt;
  }
}
