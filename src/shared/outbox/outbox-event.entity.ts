import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A domain event written in the same transaction as the state change that caused it; the relay
 * publishes it to the queue afterwards. Published rows are kept for a while (audit, replay), then swept.
 */
@Entity({ tableName: 'outbox_event' })
@Index({ name: 'outbox_event_unpublished_idx', expression: 'create index "outbox_event_unpublished_idx" on "outbox_event" ("id") where "published_at" is null' })
export class OutboxEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'string', length: 100 })
  type: string;

  @Property({ type: 'json' })
  payload: unknown;

  @Property({ type: 'json' })
  actor: unknown;

  @Property({ type: 'datetime' })
  occurredAt: Date;

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date;

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  constructor(id: string, type: string, payload: unknown, actor: unknown, occurredAt: Date) {
    this.id = id;
    this.type = type;
    this.payload = payload;
    this.actor = actor;
    this.occurredAt = occurredAt;
  }
}
