import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Marks that a handler has processed an event, written in the handler's own transaction: a replayed job
 * (relay crash, BullMQ retry after a lost ack) finds the mark and does nothing.
 */
export const HANDLED_EVENT_TABLE = 'handled_event';

@Entity({ tableName: HANDLED_EVENT_TABLE })
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
