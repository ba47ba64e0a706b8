import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * PENDING: to push; DELIVERED: answered 2xx, or acknowledged in a feed; FAILED: given up (replayable);
 * UNREAD: in a feed, not acknowledged yet (apart from PENDING so the dispatcher never scans feeds).
 */
export type DeliveryState = 'PENDING' | 'DELIVERED' | 'FAILED' | 'UNREAD';

/**
 * One event owed to one subscription. `seq` orders them: per subscription and ordering key (the invoice),
 * a delivery is not attempted while an earlier one is still pending; it is also the feed's cursor.
 */
@Entity({ tableName: 'webhook_delivery' })
@Index({ name: 'webhook_delivery_subscription_idx', properties: ['subscriptionId', 'seq'] })
@Index({ name: 'webhook_delivery_due_idx', expression: `create index "webhook_delivery_due_idx" on "webhook_delivery" ("next_attempt_at") where "state" = 'PENDING'` })
@Index({ name: 'webhook_delivery_event_idx', properties: ['eventId'] })
@Index({
  name: 'webhook_delivery_order_idx',
  expression: `create index "webhook_delivery_order_idx" on "webhook_delivery" ("subscription_id", "ordering_key", "seq") where "state" = 'PENDING'`,
})
export class WebhookDelivery {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  seq!: string;

  @Property({ type: 'uuid' })
  subscriptionId: string;

  @Property({ type: 'uuid' })
  eventId: string;

  /** Deliveries sharing it go out in order (the invoice or flow id); null: no order needed. */
  @Property({ type: 'string', length: 64, nullable: true })
  orderingKey: string | null;

  @Property({ type: 'string', length: 10 })
  state: DeliveryState = 'PENDING';

  @Property({ type: 'integer' })
  attempts = 0;

  /** Due time; while an attempt runs, the end of its lease (a killed worker's delivery comes back then). */
  @Property({ type: 'datetime' })
  nextAttemptAt: Date;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime', nullable: true })
  completedAt: Date | null = null;

  constructor(init: Pick<WebhookDelivery, 'subscriptionId' | 'eventId' | 'orderingKey' | 'nextAttemptAt' | 'createdAt' | 'state'>) {
    this.state = init.state;
    this.subscriptionId = init.subscriptionId;
    this.eventId = init.eventId;
    this.orderingKey = init.orderingKey;
    this.nextAttemptAt = init.nextAttemptAt;
    this.createdAt = init.createdAt;
  }
}
