import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { WebhookEventType } from './event-types';

/**
 * One event as subscribers receive it, webhooks and feed alike: id (to deduplicate), type, when, and the
 * data an ERP needs without a second call. Written once per event and structure concerned, only when some
 * subscription wants it.
 */
@Entity({ tableName: 'webhook_event' })
@Index({ name: 'webhook_event_occurred_at_idx', properties: ['occurredAt'] })
export class WebhookEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'string', length: 40 })
  type: WebhookEventType;

  @Property({ type: 'datetime' })
  occurredAt: Date;

  @Property({ type: 'uuid' })
  structureId: string;

  @Property({ type: 'json' })
  data: Record<string, unknown>;

  constructor(init: Pick<WebhookEvent, 'id' | 'type' | 'occurredAt' | 'structureId' | 'data'>) {
    this.id = init.id;
    this.type = init.type;
    this.occurredAt = init.occurredAt;
    this.structureId = init.structureId;
    this.data = init.data;
  }
}
