import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The last history rank of an invoice whose events were fanned out: an event whose rank leaves a gap waits
 * (its job is retried) until the earlier one is fanned out, so deliveries of one invoice are queued in the
 * order the changes happened even when their jobs run concurrently.
 */
@Entity({ tableName: 'webhook_order' })
export class WebhookOrder {
  @PrimaryKey({ type: 'string', length: 64 })
  key: string;

  @Property({ type: 'integer' })
  lastSeq: number;

  @Property({ type: 'datetime' })
  updatedAt: Date;

  constructor(key: string, lastSeq: number, updatedAt: Date) {
    this.key = key;
    this.lastSeq = lastSeq;
    this.updatedAt = updatedAt;
  }
}
